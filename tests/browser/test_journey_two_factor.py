"""Journey 4 of issue 7: a user turns on two-factor authentication and signs in with a code.

The test plays the authenticator app: it reads the secret that the activation page shows and
computes the codes with allauth's own TOTP functions. Every code is single use, the one that
turned TOTP on included; the test allows one period of clock drift (as a deployment may) so that
signing in right after the activation can use the next code instead of waiting for it.
"""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from partners.models import Role
from tests.factories import PASSWORD, MembershipFactory

from .helpers import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# A code computed this close to the end of its period might reach the server in the next one.
SAFETY_MARGIN = 3


def authenticator_code(secret: str) -> str:
    """The code an authenticator app shows now (waiting for the next period near its end)."""
    period = mfa_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining <= SAFETY_MARGIN:
        time.sleep(remaining + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time() // period)))


def next_code(secret: str) -> str:
    """The code the authenticator app shows in the next period."""
    period = mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, int(time.time() // period) + 1))


def stale_code(secret: str) -> str:
    """A code of ten minutes ago: well-formed, but no longer valid."""
    period = mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, int(time.time() // period) - 600 // period))


@pytest.fixture
def partner(db):
    return MembershipFactory(
        organization__name="Ozark Family Services",
        role=Role.PRIMARY_CONTACT,
        user__full_name="Morgan Lee",
    ).user


def test_user_turns_on_two_factor_authentication_and_signs_in_with_a_code(
    page: Page, partner, live_server, settings
):
    settings.MFA_TOTP_TOLERANCE = 1
    sign_in(page, partner.email)

    # Turning it on: the account's two-factor page, then the authenticator app's activation.
    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Activate").click()
    # Changing how one signs in asks for the password again, however recent the sign-in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm access")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), secret
    # The QR code describes itself without giving the secret away as its text alternative.
    expect(page.get_by_role("img", name=re.compile("QR code"))).not_to_have_attribute("alt", secret)

    activation_code = authenticator_code(secret)
    page.get_by_label("Authenticator code").fill(activation_code)
    page.get_by_role("button", name="Activate").click()

    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    assert Authenticator.objects.filter(user=partner, type=Authenticator.Type.TOTP).exists()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    # Signing in again: the password alone is not enough.
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(partner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    code_field = page.get_by_label("Code")

    # An old code does not open the account.
    code_field.fill(stale_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.get_by_text("Incorrect code.").first).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    # Nor does the code that turned it on: it is spent.
    code_field.fill(activation_code)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Incorrect code.").first).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    code_field.fill(next_code(secret))
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner portal")
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()
