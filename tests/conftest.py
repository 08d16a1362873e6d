import pytest
from django.core.cache import cache

from partners.models import Role

from .factories import PASSWORD, MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache: each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def director(db):
    return UserFactory(
        email="director@example.org", full_name="Jordan Hawkins", is_staff=True, is_superuser=True
    )


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Safe Harbor Alliance")


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Riverbend Outreach")


@pytest.fixture
def primary_contact(organization):
    return MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT).user


@pytest.fixture
def staff_member(organization):
    return MembershipFactory(organization=organization, role=Role.STAFF).user


@pytest.fixture
def other_partner(other_organization):
    return MembershipFactory(organization=other_organization, role=Role.PRIMARY_CONTACT).user
