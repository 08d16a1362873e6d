"""Fixtures shared by every test: people in each role, a director with two-factor, a client
signed in as anyone (with or without a second factor), and the reference data of transactional
tests."""

import os
from pathlib import Path

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation

from partners.models import Organization, Role, Visibility
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    area,
    service,
)

#: The people whose view of an organization differs, from least to most entitled. The director
#: signs in with two-factor authentication; "director_without_2fa" is the same account in a
#: session that passed no second factor, which sees what the public sees (issue 10, rule 9).
VIEWERS = (
    "anonymous",
    "director_without_2fa",
    "other_partner",
    "staff_member",
    "primary_contact",
    "director",
)
#: Viewer names that are another name for a fixture, signed in without a second factor.
WITHOUT_SECOND_FACTOR = {"director_without_2fa": "director"}


def sign_in_with_second_factor(client, user):
    """Signs `user` in as allauth does after a password and an authenticator code.

    `force_login` records no authentication step, so staff would not pass
    `cate_portal.mfa.has_staff_clearance`. This writes the session's records with allauth's own
    recorder: the password step, then the "mfa" step allauth writes when a TOTP code is
    accepted. (tests/cate_portal/test_mfa.py checks that a real sign-in with a code gives the
    same clearance.)
    """
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, method="password", email=user.email)
    authenticator = Authenticator.objects.filter(user=user).first()
    record_authentication(
        request,
        user,
        method="mfa",
        id=authenticator.pk if authenticator else None,
        type=authenticator.type if authenticator else Authenticator.Type.TOTP,
    )
    request.session.save()
    return client


def artifacts_dir(config) -> Path:
    """Where the browser tests save a failing test's pages: pytest-playwright's ``--output``
    (test-results/ by default; `make test` gives each database's suite its own folder, since
    both suites run at once)."""
    return Path(config.rootpath) / config.getoption("output")


@pytest.fixture(scope="session")
def delete_output_dir(pytestconfig):
    """Replaces pytest-playwright's autouse fixture, which deletes the whole output folder in
    every xdist worker at its first test (the other suite's pages included): only the first
    worker empties this suite's saved pages, at its start."""
    folder = artifacts_dir(pytestconfig)
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") == "gw0" and folder.exists():
        for child in folder.glob("browser-*"):
            child.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _default_language():
    # A request to a Spanish page leaves Spanish active in the test's thread (LocaleMiddleware
    # activates a language per request and never resets it): each test starts in English.
    translation.deactivate()
    yield
    translation.deactivate()


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
    """The director, signed in with two-factor authentication as the admin and staff-only data
    require (issue 10, rule 9)."""
    return sign_in_with_second_factor(client, totp_director)


@pytest.fixture
def client_as(client):
    """A test client signed in as `user` (anonymous when None); `second_factor=True` signs in as
    after an authenticator code."""

    def sign_in(user, *, second_factor: bool = False):
        if user is None:
            return client
        if second_factor:
            return sign_in_with_second_factor(client, user)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def viewer(request):
    """Resolves a viewer name from VIEWERS to a user (None for anonymous)."""

    def resolve(name: str):
        if name == "anonymous":
            return None
        return request.getfixturevalue(WITHOUT_SECOND_FACTOR.get(name, name))

    return resolve


@pytest.fixture
def client_for_viewer(client_as, viewer):
    """A test client signed in as a viewer of VIEWERS, the way that person signs in: staff with
    a second factor, except "director_without_2fa"."""

    def sign_in(name: str):
        user = viewer(name)
        second_factor = bool(user and user.is_staff and name not in WITHOUT_SECOND_FACTOR)
        return client_as(user, second_factor=second_factor)

    return sign_in


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


def pytest_collection_modifyitems(config, items):
    """Only browser tests may reach Playwright's fixtures.

    A test parameter named like one of them (`page`, `context`, `browser`) silently pulls in
    Chromium and the live server's transactional database: pytest-django then orders the test
    with the transactional ones, and the reference data it needs may already be flushed.
    """
    strays = [
        item.nodeid
        for item in items
        if "browser_name" in getattr(getattr(item, "callspec", None), "params", {})
        and item.get_closest_marker("browser") is None
    ]
    if strays:
        raise pytest.UsageError(
            "Tests outside the browser suite use a Playwright fixture name (rename the "
            "parameter): " + ", ".join(strays)
        )
