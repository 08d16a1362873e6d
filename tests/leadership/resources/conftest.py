"""Fixtures of the resource library's tests: one resource of each visibility, with a file."""

import pytest

from leadership.models import ResourceStatus, ResourceVisibility
from tests.leadership.factories import ResourceFactory


@pytest.fixture
def resources(organization):
    """A file of each visibility (approved), and a partners-only contribution of
    `organization` still waiting for approval."""
    return {
        "public": ResourceFactory(
            title="Public training deck", visibility=ResourceVisibility.PUBLIC, with_file=True
        ),
        "partners": ResourceFactory(
            title="Partners referral guide", visibility=ResourceVisibility.PARTNERS, with_file=True
        ),
        "leadership": ResourceFactory(
            title="Leadership budget briefing",
            visibility=ResourceVisibility.LEADERSHIP,
            with_file=True,
        ),
        "pending": ResourceFactory(
            title="Pending youth toolkit",
            visibility=ResourceVisibility.PARTNERS,
            status=ResourceStatus.PENDING,
            organization=organization,
            with_file=True,
        ),
    }
