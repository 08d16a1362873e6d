"""Fixtures for the directory, visibility and admin tests."""

import pytest

from partners.models import Organization, Visibility

from ..factories import OrganizationFactory, area, service

VIEWERS = ("anonymous", "other_partner", "staff_member", "primary_contact", "director")


@pytest.fixture
def viewer(request):
    """Resolve a viewer name from VIEWERS to a user (None for anonymous)."""

    def resolve(name: str):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return resolve


@pytest.fixture
def client_as(client):
    """A test client signed in as `user` (anonymous when None)."""

    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def shelter(db) -> Organization:
    return OrganizationFactory(
        name="Quiet Haven Shelter",
        services=[service("emergency-shelter"), service("case-management")],
        counties=[area("Boone County")],
        street_address="77 Sentinel Row, Columbia, MO 65201",
        street_address_visibility=Visibility.STAFF,
    )
