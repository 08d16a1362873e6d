"""Accounts through django-allauth: sign-in, sign-out, password and e-mail, no open sign-up.

Also that every allauth page we can reach looks like the rest of the site: the site's layout,
one h1, every field labelled, no inline style attributes (the CSP forbids them).
"""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse

from cate_portal.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 2024"  # nosec B105: a test value


def sign_in(client, user, password):
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert get_user(client).pk == user.pk, "the sign-in in a test's setup failed"
    return response


def confirm_access(client, password):
    """allauth asks for the password again before two-factor changes."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302


def link_in(message) -> str:
    """The path of the single link in an e-mail (allauth builds absolute URLs)."""
    urls = re.findall(r"https?://testserver(/\S+)", message.body)
    assert len(urls) == 1, message.body
    return urls[0]


# --- Sign in and out ------------------------------------------------------------------------


def test_login_with_email_and_password_goes_to_the_portal_dashboard(client, user, password):
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert get_user(client).pk == user.pk


def test_login_email_is_case_insensitive(client, user, password):
    client.post(reverse("account_login"), {"login": user.email.upper(), "password": password})

    assert get_user(client).pk == user.pk


def test_login_with_a_wrong_password_is_refused_and_keeps_the_address_typed(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})

    assert response.status_code == 200
    assert not get_user(client).is_authenticated
    assert response.context["form"].errors
    assert f'value="{user.email}"' in response.content.decode()


def test_login_with_an_unknown_address_gives_the_same_answer_as_a_wrong_password(client, user):
    wrong_password = client.post(
        reverse("account_login"), {"login": user.email, "password": "nope"}
    )
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "nope"}
    )

    assert wrong_password.context["form"].non_field_errors() == (
        unknown.context["form"].non_field_errors()
    )


def test_logout_by_post_signs_out(client, user, password):
    sign_in(client, user, password)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert not get_user(client).is_authenticated


def test_logout_by_get_only_asks_for_confirmation(client, user, password):
    sign_in(client, user, password)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert get_user(client).pk == user.pk
    assert b'method="post"' in response.content


def test_inactive_user_cannot_sign_in(client, password):
    user = UserFactory(is_active=False)

    client.post(reverse("account_login"), {"login": user.email, "password": password})

    assert not get_user(client).is_authenticated


# --- E-mail verification --------------------------------------------------------------------


def test_unverified_address_cannot_sign_in_and_gets_a_verification_email(client, password):
    user = UserFactory(verified=False)

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": password}, follow=True
    )

    assert not get_user(client).is_authenticated
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    assert "account/verification_sent.html" in [t.name for t in response.templates]
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_following_the_verification_link_lets_the_person_sign_in(client, password):
    user = UserFactory(verified=False)
    client.post(reverse("account_login"), {"login": user.email, "password": password})
    confirm_url = link_in(mail.outbox[0])

    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    client.post(reverse("account_login"), {"login": user.email, "password": password})

    assert EmailAddress.objects.get(user=user, email=user.email).verified
    assert get_user(client).pk == user.pk


# --- Password reset and change --------------------------------------------------------------


def test_password_reset_round_trip_through_the_outbox(client, user, password):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response["Location"] == reverse("account_reset_password_done")
    assert [m.to for m in mail.outbox] == [[user.email]]

    # The link in the e-mail stores the key in the session and redirects to a form without it.
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    assert not get_user(client).is_authenticated  # a reset does not sign in (no 2FA bypass)
    client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert not get_user(client).is_authenticated
    client.post(reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD})
    assert get_user(client).pk == user.pk


def test_password_reset_link_works_only_once(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = link_in(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert response.context["token_fail"]


def test_password_reset_for_an_unknown_address_answers_like_a_known_one(client, user):
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    # No reset link goes to an address without an account.
    assert all("/password/reset/key/" not in m.body for m in mail.outbox if m.to != [user.email])


def test_password_change_needs_the_current_password(client, user, password):
    sign_in(client, user, password)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "oldpassword" in response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(password)


def test_password_change_sets_the_new_password_and_notifies_by_email(client, user, password):
    sign_in(client, user, password)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert get_user(client).pk == user.pk  # still signed in on this device
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "password" in mail.outbox[0].subject.lower()


# --- E-mail change --------------------------------------------------------------------------


def test_email_change_takes_effect_only_after_the_new_address_is_verified(client, user, password):
    old_email = user.email
    sign_in(client, user, password)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new.address@example.org"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == old_email
    verification = [m for m in mail.outbox if m.to == ["new.address@example.org"]]
    assert len(verification) == 1

    pending_page = client.get(reverse("account_email"))
    assert "new.address@example.org" in pending_page.content.decode()

    client.post(link_in(verification[0]))

    user.refresh_from_db()
    assert user.email == "new.address@example.org"
    assert EmailAddress.objects.get(user=user, primary=True).email == "new.address@example.org"
    assert not EmailAddress.objects.filter(user=user, email=old_email).exists()


def test_email_change_with_an_invalid_address_keeps_what_was_typed(client, user, password):
    sign_in(client, user, password)

    response = client.post(reverse("account_email"), {"action_add": "", "email": "not-an-email"})

    assert response.status_code == 200
    assert 'value="not-an-email"' in response.content.decode()
    assert not mail.outbox


# --- No open sign-up ------------------------------------------------------------------------


def test_signup_page_says_accounts_are_by_invitation_in_the_site_layout(client):
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "Skip to main content" in body
    assert 'type="password"' not in body


def test_signup_post_creates_no_account(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "intruder@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert not User.objects.filter(email="intruder@example.org").exists()
    assert not get_user(client).is_authenticated
    assert not mail.outbox


def test_login_page_does_not_invite_people_to_sign_up(client):
    body = client.get(reverse("account_login")).content.decode()

    assert reverse("account_signup") not in body
    assert "sign up" not in body.lower().replace("no open sign-up", "")


# --- Two-factor pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["mfa_index", "mfa_activate_totp", "account_email", "account_change_password"]
)
def test_account_and_two_factor_pages_render_for_a_signed_in_user(client, user, password, url_name):
    sign_in(client, user, password)
    confirm_access(client, password)

    response = client.get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_name",
    ["mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_deactivate_totp"],
)
def test_two_factor_pages_render_for_a_user_with_totp(client, user, password, url_name):
    sign_in(client, user, password)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    confirm_access(client, password)

    response = client.get(reverse(url_name))

    assert response.status_code == 200


def test_two_factor_pages_need_sign_in(client):
    response = client.get(reverse("mfa_index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- The pages look like the site -----------------------------------------------------------


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.labels_for = set()
        self.fields = []
        self.inline_styles = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.inline_styles += 1
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and attrs.get("for"):
            self.labels_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
            "button",
        ):
            self.fields.append(attrs)


def assert_page_in_site_layout(response):
    assert response.status_code == 200
    body = response.content.decode()
    page = _PageParser()
    page.feed(body)
    assert '<html lang="en">' in body
    assert "Skip to main content" in body, "not in the site's base template"
    assert page.h1 == 1, f"{page.h1} h1 elements"
    unlabelled = [
        f.get("id") or f.get("name")
        for f in page.fields
        if f.get("id") not in page.labels_for and not f.get("aria-label")
    ]
    assert not unlabelled, f"fields without a label: {unlabelled}"
    assert page.inline_styles == 0


ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/done/",
    "/accounts/password/reset/key/1-bad-key/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/bad-key/",
    "/accounts/inactive/",
]


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_public_account_pages_use_the_site_layout(client, url):
    assert_page_in_site_layout(client.get(url))


def test_login_page_with_errors_uses_the_site_layout(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "x"})

    assert_page_in_site_layout(response)


SIGNED_IN_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
]


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_account_pages_use_the_site_layout(client, user, password, url):
    sign_in(client, user, password)
    confirm_access(client, password)

    assert_page_in_site_layout(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/reauthenticate/",
    ],
)
def test_two_factor_pages_with_totp_use_the_site_layout(client, user, password, url):
    sign_in(client, user, password)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    confirm_access(client, password)

    assert_page_in_site_layout(client.get(url))


def test_pending_email_change_page_uses_the_site_layout(client, user, password):
    sign_in(client, user, password)
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})

    assert_page_in_site_layout(client.get(reverse("account_email")))


def test_password_reset_form_from_the_email_uses_the_site_layout(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})

    assert_page_in_site_layout(client.get(link_in(mail.outbox[0]), follow=True))


def test_totp_qr_code_has_a_meaningful_alt_text_not_the_secret(client, user, password):
    sign_in(client, user, password)
    confirm_access(client, password)

    response = client.get(reverse("mfa_activate_totp"))

    secret = response.context["form"].secret
    assert 'alt="QR code to scan with your authenticator app"' in response.content.decode()
    assert f'alt="{secret}"' not in response.content.decode()


def test_account_pages_link_to_each_other(client, user, password):
    sign_in(client, user, password)

    body = client.get(reverse("account_email")).content.decode()

    assert f'href="{reverse("mfa_index")}"' in body
    assert f'href="{reverse("account_change_password")}"' in body
