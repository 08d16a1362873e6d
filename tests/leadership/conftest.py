"""Fixtures of the leadership tests: voters, proposals in each state, a signed-in client."""

import datetime

import pytest
from django.utils import timezone

from partners.models import Role
from tests.factories import MembershipFactory
from tests.leadership.factories import ProposalFactory


@pytest.fixture
def executive_leader(organization):
    return MembershipFactory(
        organization=organization, role=Role.EXECUTIVE_LEADER, title="Executive Director"
    ).user


@pytest.fixture
def other_leader(other_organization):
    return MembershipFactory(organization=other_organization, role=Role.EXECUTIVE_LEADER).user


@pytest.fixture
def open_proposal(director):
    return ProposalFactory(created_by=director)


@pytest.fixture
def upcoming_proposal(director):
    now = timezone.now()
    return ProposalFactory(
        created_by=director,
        opens_at=now + datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=8),
    )


@pytest.fixture
def closed_proposal(director):
    now = timezone.now()
    return ProposalFactory(
        created_by=director,
        opens_at=now - datetime.timedelta(days=8),
        closes_at=now - datetime.timedelta(days=1),
    )
