"""Fixtures shared by every test: people in each role, a director with two-factor, a client
signed in as anyone, and the reference data of transactional tests."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache

from partners.models import Organization, Role, Visibility
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    area,
    service,
)

#: The people whose view of an organization differs, from least to most entitled.
VIEWERS = ("anonymous", "other_partner", "staff_member", "primary_contact", "director")


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
def totp_director(director):
    """The director with two-factor authentication on, as the admin requires of staff."""
    TOTP.activate(director, generate_totp_secret())
    return director


@pytest.fixture
def director_client(client, totp_director):
    """A client signed in as the director, who may reach the admin."""
    client.force_login(totp_director)
    return client


@pytest.fixture
def client_as(client):
    """A test client signed in as `user` (anonymous when None)."""

    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def viewer(request):
    """Resolves a viewer name from VIEWERS to a user (None for anonymous)."""

    def resolve(name: str):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return resolve


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


@pytest.fixture
def shelter(db) -> Organization:
    """A partner offering emergency shelter, whose street address is for coalition staff only."""
    return OrganizationFactory(
        name="Quiet Haven Shelter",
        services=[service("emergency-shelter"), service("case-management")],
        counties=[area("Boone County")],
        street_address="77 Sentinel Row, Columbia, MO 65201",
        street_address_visibility=Visibility.STAFF,
    )


# --- Reference data for transactional tests ---------------------------------------------------
# A transactional test (django_db(transaction=True), live_server) empties every table when it
# ends, the rows of the data migrations included, so later transactional tests on the same
# worker would find no areas, sectors or services. This loads them again before each one, with
# the project's data migrations' own ``load*`` functions (all idempotent). Prefer it to
# ``serialized_rollback=True``, which fails with a content-type clash whenever a transactional
# test without it ran earlier on the same worker.
_PROJECT_APPS = ("cate_portal", "partners", "leadership")


_LOADERS: list = []


def _reference_data_loaders() -> list:
    if not _LOADERS:
        from django.db.migrations.loader import MigrationLoader
        from django.db.migrations.operations import RunPython

        loader = MigrationLoader(None, ignore_no_migrations=True)
        _LOADERS.extend(
            operation.code
            for key in sorted(loader.disk_migrations)
            if key[0] in _PROJECT_APPS
            for operation in loader.disk_migrations[key].operations
            if isinstance(operation, RunPython) and operation.code.__name__.startswith("load")
        )
    return _LOADERS


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for load in _reference_data_loaders():
        load(apps, None)
