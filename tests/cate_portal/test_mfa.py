"""`cate_portal.mfa`: staff clearance needs a second factor in the session (issue 10, rule 9).

The shared helper `tests.conftest.sign_in_with_second_factor` writes the session's records with
allauth's own recorder; the first tests here check that a real sign-in through the site's forms
(a password, then a code) gives the same clearance, and that the ways in without a code do not.
"""

import time

import pytest
from allauth.account.authentication import get_authentication_records
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import RequestFactory
from django.urls import reverse

from cate_portal.mfa import has_staff_clearance, passed_second_factor
from tests.conftest import sign_in_with_second_factor
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def totp_code(secret: str, *, periods_ahead: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + periods_ahead))


@pytest.fixture
def totp_secret():
    return generate_totp_secret()


@pytest.fixture
def director_with_totp(director, totp_secret):
    TOTP.activate(director, totp_secret)
    return director


def request_of(client):
    """What a view of the client's next request would see: its session and user."""
    response = client.get(reverse("home"))
    return response.wsgi_request


def test_a_sign_in_with_a_password_and_a_code_gives_staff_clearance(
    client, director_with_totp, totp_secret, password, settings
):
    settings.MFA_TOTP_TOLERANCE = 1  # the code is computed a moment before it is checked
    client.post(reverse("account_login"), {"login": director_with_totp.email, "password": password})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret)})

    request = request_of(client)
    assert request.user == director_with_totp
    assert passed_second_factor(request)
    assert has_staff_clearance(request)


def test_the_test_helper_records_what_a_real_sign_in_with_a_code_records(
    client, director_with_totp
):
    sign_in_with_second_factor(client, director_with_totp)

    request = request_of(client)
    methods = [r["method"] for r in get_authentication_records(request, request.user)]
    assert methods == ["password", "mfa"]
    assert has_staff_clearance(request)


def test_a_password_alone_gives_no_clearance(client, director, password):
    client.post(reverse("account_login"), {"login": director.email, "password": password})

    request = request_of(client)
    assert request.user == director
    assert not passed_second_factor(request)
    assert not has_staff_clearance(request)


def test_a_password_with_totp_set_up_stops_at_the_code_and_gives_no_clearance(
    client, director_with_totp, password
):
    client.post(reverse("account_login"), {"login": director_with_totp.email, "password": password})

    request = request_of(client)
    assert not request.user.is_authenticated
    assert not has_staff_clearance(request)


def test_force_login_gives_no_clearance(client, director_with_totp):
    client.force_login(director_with_totp)

    assert not has_staff_clearance(request_of(client))


def test_a_code_entered_to_confirm_access_gives_clearance(
    client, director_with_totp, totp_secret, settings
):
    settings.MFA_TOTP_TOLERANCE = 1  # the code is computed a moment before it is checked
    client.force_login(director_with_totp)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(totp_secret)})

    assert has_staff_clearance(request_of(client))


def test_a_recovery_code_gives_clearance(client, director_with_totp, password):
    code = RecoveryCodes.activate(director_with_totp).get_unused_codes()[0]
    client.post(reverse("account_login"), {"login": director_with_totp.email, "password": password})
    client.post(reverse("mfa_authenticate"), {"code": code})

    assert has_staff_clearance(request_of(client))


def test_a_partner_who_passed_a_second_factor_is_no_staff(client, organization):
    partner = MembershipFactory(organization=organization).user
    sign_in_with_second_factor(client, partner)

    request = request_of(client)
    assert passed_second_factor(request)
    assert not has_staff_clearance(request)


def test_a_deactivated_staff_account_has_no_clearance(client, director_with_totp):
    sign_in_with_second_factor(client, director_with_totp)
    request = request_of(client)
    request.user.is_active = False

    assert not has_staff_clearance(request)


def test_the_records_of_another_account_do_not_count(client, director_with_totp, user):
    """allauth ties the records to the account that made them: a session whose records were
    written for someone else gives no clearance."""
    sign_in_with_second_factor(client, director_with_totp)
    request = request_of(client)
    request.user = user

    assert not passed_second_factor(request)


def test_signing_out_ends_the_clearance(client, director_with_totp):
    sign_in_with_second_factor(client, director_with_totp)
    client.post(reverse("account_logout"))
    client.force_login(director_with_totp)

    assert not has_staff_clearance(request_of(client))


def test_no_user_or_no_session_means_no_clearance(director):
    request = RequestFactory().get("/")
    assert not has_staff_clearance(request)
    request.user = director
    assert not has_staff_clearance(request)
