"""Sign-in hardening: every way in goes through allauth's rate limit and two-factor step.

The admin's own sign-in hands over to the site's (``secure_admin_login``), and staff must have an
authenticator app, and have entered one of its codes in the session, before they reach the admin
(``StaffTwoFactorRequiredMiddleware``; issue 10, rule 9).
"""

import time
from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from cate_portal.middleware import STAFF_SECOND_FACTOR_REQUIRED_MESSAGE, STAFF_TOTP_REQUIRED_MESSAGE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed login attempts"
ADMIN_INDEX = "/admin/"


def totp_code(secret: str, *, periods_ahead: int = 0) -> str:
    counter = int(time.time()) // 30 + periods_ahead
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def client_factory():
    """Each call is another browser: a client with its own session."""
    return Client


@pytest.fixture
def totp_secret():
    return generate_totp_secret()


@pytest.fixture
def user_with_totp(user, totp_secret):
    TOTP.activate(user, totp_secret)
    return user


@pytest.fixture
def director_with_totp(director, totp_secret):
    TOTP.activate(director, totp_secret)
    return director


def admin_sign_in_url(client) -> str:
    """Where the admin sends an anonymous visitor, following every hop to the sign-in form."""
    response = client.get(ADMIN_INDEX, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain, "the admin did not redirect an anonymous visitor"
    return response.redirect_chain[-1][0]


def post_password(client, url, email, password):
    return client.post(url, {"login": email, "password": password})


# --- The admin's sign-in is the site's ------------------------------------------------------


def test_admin_login_hands_over_to_the_site_sign_in(client):
    response = client.get(reverse("admin:login") + "?" + urlencode({"next": ADMIN_INDEX}))

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("account_login") + "?" + urlencode({"next": ADMIN_INDEX})
    )


def test_anonymous_admin_visitor_ends_on_the_site_sign_in_form(client):
    url = admin_sign_in_url(client)

    assert url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in url


def test_posting_the_right_password_to_the_admin_login_does_not_sign_in(client, director, password):
    response = client.post(
        reverse("admin:login"), {"username": director.email, "password": password}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not get_user(client).is_authenticated


def test_non_staff_user_is_refused_by_the_admin_login(client, user, password):
    post_password(client, reverse("account_login"), user.email, password)

    response = client.get(reverse("admin:login"))

    assert response.status_code == 403


# --- Rate limit: 5 failures per account per 5 minutes, on every path ------------------------


def test_site_login_locks_the_account_after_five_failures(client, user, password):
    url = reverse("account_login")
    for _ in range(5):
        response = post_password(client, url, user.email, "wrong password")
        assert LOCKED not in response.content.decode()

    response = post_password(client, url, user.email, password)

    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not get_user(client).is_authenticated


def test_four_failures_do_not_lock_the_account(client, user, password):
    url = reverse("account_login")
    for _ in range(4):
        post_password(client, url, user.email, "wrong password")

    post_password(client, url, user.email, password)

    assert get_user(client).pk == user.pk


def test_admin_sign_in_path_locks_the_account_after_five_failures(client, director, password):
    url = admin_sign_in_url(client)
    for _ in range(5):
        post_password(client, url, director.email, "wrong password")

    response = post_password(client, url, director.email, password)

    assert LOCKED in response.content.decode()
    assert not get_user(client).is_authenticated
    assert client.get(ADMIN_INDEX).status_code == 302


def test_lock_from_the_site_login_also_holds_on_the_admin_path(client, director, password):
    for _ in range(5):
        post_password(client, reverse("account_login"), director.email, "wrong password")

    response = post_password(client, admin_sign_in_url(client), director.email, password)

    assert LOCKED in response.content.decode()
    assert not get_user(client).is_authenticated


def test_lock_is_per_account_from_any_client(client, client_factory, user, password):
    for _ in range(5):
        post_password(client, reverse("account_login"), user.email, "wrong password")
    # A fresh session (another browser) gets no further with the right password.
    other = client_factory()

    response = post_password(other, reverse("account_login"), user.email, password)

    assert LOCKED in response.content.decode()
    assert not get_user(other).is_authenticated


def test_lock_on_one_account_does_not_lock_another(client, user, password):
    other_user = UserFactory()
    for _ in range(5):
        post_password(client, reverse("account_login"), user.email, "wrong password")

    post_password(client, reverse("account_login"), other_user.email, password)

    assert get_user(client).pk == other_user.pk


def test_rate_limits_are_allauths_defaults_for_login_failures():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"


# --- TOTP: the password alone never signs in ------------------------------------------------


def test_password_alone_stops_at_the_code_step_on_the_site_login(client, user_with_totp, password):
    response = post_password(client, reverse("account_login"), user_with_totp.email, password)

    assert response["Location"] == reverse("mfa_authenticate")
    assert not get_user(client).is_authenticated
    portal = client.get(reverse("portal:dashboard"))
    assert portal.status_code == 302
    assert portal["Location"].startswith(reverse("account_login"))


def test_valid_code_after_the_password_signs_in_on_the_site_login(
    client, user_with_totp, totp_secret, password
):
    post_password(client, reverse("account_login"), user_with_totp.email, password)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret)})

    assert response["Location"] == reverse("portal:dashboard")
    assert get_user(client).pk == user_with_totp.pk


def test_wrong_code_is_refused(client, user_with_totp, totp_secret, password):
    post_password(client, reverse("account_login"), user_with_totp.email, password)

    response = client.post(
        reverse("mfa_authenticate"), {"code": totp_code(totp_secret, periods_ahead=10)}
    )

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not get_user(client).is_authenticated


def test_a_code_cannot_be_used_twice(
    client_factory, user_with_totp, totp_secret, password, settings
):
    # The code is computed before two sign-ins: on a loaded machine its period may turn first.
    settings.MFA_TOTP_TOLERANCE = 1
    code = totp_code(totp_secret)
    first, second = client_factory(), client_factory()
    post_password(first, reverse("account_login"), user_with_totp.email, password)
    first.post(reverse("mfa_authenticate"), {"code": code})

    post_password(second, reverse("account_login"), user_with_totp.email, password)
    second.post(reverse("mfa_authenticate"), {"code": code})

    assert get_user(first).is_authenticated
    assert not get_user(second).is_authenticated


def test_recovery_code_signs_in_instead_of_the_app(client, user_with_totp, password):
    recovery_code = RecoveryCodes.activate(user_with_totp).get_unused_codes()[0]
    post_password(client, reverse("account_login"), user_with_totp.email, password)

    client.post(reverse("mfa_authenticate"), {"code": recovery_code})

    assert get_user(client).pk == user_with_totp.pk


def test_password_alone_stops_at_the_code_step_on_the_admin_path(
    client, director_with_totp, password
):
    response = post_password(client, admin_sign_in_url(client), director_with_totp.email, password)

    assert response["Location"] == reverse("mfa_authenticate")
    assert not get_user(client).is_authenticated
    admin = client.get(ADMIN_INDEX)
    assert admin.status_code == 302
    assert admin["Location"].startswith(reverse("admin:login"))


def test_valid_code_on_the_admin_path_reaches_the_admin_index(
    client, director_with_totp, totp_secret, password
):
    post_password(client, admin_sign_in_url(client), director_with_totp.email, password)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret)})

    assert response["Location"] == ADMIN_INDEX
    admin = client.get(ADMIN_INDEX)
    assert admin.status_code == 200
    assert "admin/index.html" in [t.name for t in admin.templates]


def test_password_reset_does_not_sign_in_past_the_code_step(client, user_with_totp):
    client.post(reverse("account_reset_password"), {"email": user_with_totp.email})
    link = next(w for w in mail.outbox[0].body.split() if "/password/reset/key/" in w)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    client.post(
        form_url, {"password1": "another long passphrase", "password2": "another long passphrase"}
    )

    assert not get_user(client).is_authenticated


# --- Staff must set up two-factor before the admin ------------------------------------------


def test_staff_without_totp_is_sent_to_set_it_up(client, director, password):
    post_password(client, reverse("account_login"), director.email, password)

    response = client.get(ADMIN_INDEX)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert STAFF_TOTP_REQUIRED_MESSAGE in [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "path", ["/admin/cate_portal/user/", "/admin/login/", "/admin/password_change/"]
)
def test_staff_without_totp_cannot_reach_any_admin_page(client, director, password, path):
    post_password(client, reverse("account_login"), director.email, password)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_without_totp_can_still_use_the_account_pages(client, director, password):
    post_password(client, reverse("account_login"), director.email, password)

    for name in ("mfa_index", "account_email", "account_change_password", "portal:dashboard"):
        assert client.get(reverse(name)).status_code == 200, name


def test_staff_who_sets_up_totp_reaches_the_admin_after_a_code(
    client, director, password, settings
):
    settings.MFA_TOTP_TOLERANCE = 1  # the next period's code, instead of waiting for it
    post_password(client, reverse("account_login"), director.email, password)
    setup = client.get(ADMIN_INDEX, follow=True)
    # allauth asks for the password again before adding a second factor.
    assert setup.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    response = client.post(setup.redirect_chain[-1][0], {"password": password}, follow=True)
    secret = response.context["form"].secret

    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert Authenticator.objects.filter(user=director, type=Authenticator.Type.TOTP).exists()

    # Setting the app up is not signing in with it: the admin asks for a code first ...
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2F"
    assert STAFF_SECOND_FACTOR_REQUIRED_MESSAGE in [
        str(m) for m in get_messages(response.wsgi_request)
    ]
    # ... and comes back to the admin once a code is accepted.
    response = client.post(response["Location"], {"code": totp_code(secret, periods_ahead=1)})
    assert response.status_code == 302
    assert response["Location"] == ADMIN_INDEX
    assert client.get(ADMIN_INDEX).status_code == 200


def test_staff_with_totp_who_signed_in_with_a_code_reaches_the_admin(
    client, director_with_totp, totp_secret, password
):
    post_password(client, reverse("account_login"), director_with_totp.email, password)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret)})

    assert client.get(ADMIN_INDEX).status_code == 200


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/partners/organization/", "/admin/login/", "/admin/password_change/"]
)
def test_staff_with_totp_signed_in_without_a_code_is_asked_for_one_before_any_admin_page(
    client, director_with_totp, path
):
    client.force_login(director_with_totp)  # a session that passed no second factor

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_reauthenticate") + "?" + urlencode({"next": path})


def test_an_admin_post_without_a_code_changes_nothing(client, director_with_totp, organization):
    client.force_login(director_with_totp)
    url = reverse("admin:partners_organization_change", args=[organization.pk])

    response = client.post(url, {"name": "Renamed without a second factor"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    organization.refresh_from_db()
    assert organization.name == "Safe Harbor Alliance"


def test_staff_without_a_code_can_still_sign_out_of_the_admin(client, director_with_totp):
    client.force_login(director_with_totp)

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 200
    assert not get_user(client).is_authenticated


def test_a_recovery_code_is_a_second_factor_for_the_admin(client, director_with_totp, password):
    recovery_code = RecoveryCodes.activate(director_with_totp).get_unused_codes()[0]
    post_password(client, reverse("account_login"), director_with_totp.email, password)
    client.post(reverse("mfa_authenticate"), {"code": recovery_code})

    assert client.get(ADMIN_INDEX).status_code == 200


def test_non_staff_users_are_not_asked_for_totp_outside_the_admin(client, user, password):
    post_password(client, reverse("account_login"), user.email, password)

    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_confirming_access_takes_the_password_not_an_emailed_code(client, user, password):
    post_password(client, reverse("account_login"), user.email, password)

    page = client.get(reverse("account_reauthenticate"))

    assert reverse("account_request_reauthentication_code") not in page.content.decode()
    assert client.get(reverse("account_request_reauthentication_code")).status_code != 200
    assert not mail.outbox


def test_the_code_that_turned_totp_on_cannot_sign_in_again(client_factory, user, password):
    setup = client_factory()
    post_password(setup, reverse("account_login"), user.email, password)
    response = setup.get(reverse("mfa_activate_totp"), follow=True)
    if response.redirect_chain:  # allauth asks for the password again before adding a factor
        response = setup.post(response.redirect_chain[-1][0], {"password": password}, follow=True)
    code = totp_code(response.context["form"].secret)
    setup.post(reverse("mfa_activate_totp"), {"code": code})
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    attacker = client_factory()
    post_password(attacker, reverse("account_login"), user.email, password)
    attacker.post(reverse("mfa_authenticate"), {"code": code})
    assert not attacker.get(reverse("portal:dashboard")).wsgi_request.user.is_authenticated
