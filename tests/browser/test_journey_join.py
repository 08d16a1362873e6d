"""Journey 1 of issue 7, in a real browser: an organization applies, the director approves it in
the admin, the contact person accepts the invitation from the e-mail, completes the profile and
signs the shared values.

The live server answers in this process, so the e-mails it sends land in ``mail.outbox``.
"""

import datetime
import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from partners.models import (
    Application,
    ApplicationStatus,
    Invitation,
    Organization,
    OrganizationStatus,
    Role,
)
from tests.browser.conftest import save_failure_artifacts
from tests.factories import PASSWORD, UserFactory, adopted_version

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ORGANIZATION = "Northland Survivor Network"
CONTACT_EMAIL = "robin@northland.example.org"
EXECUTIVE_EMAIL = "alex@northland.example.org"
NEW_PASSWORD = "Ozark river lantern 2026"
LOCAL_ONLY = re.compile(r"^https?://(?!(localhost|127\.0\.0\.1)[:/])")


# --- Helpers -------------------------------------------------------------------------------------


def current_totp_code(secret: str) -> str:
    """What the director's authenticator app shows now."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def emails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def link_in(message, path_prefix: str, live_server) -> str:
    """The link of the e-mail starting with SITE_URL + path_prefix, pointed at the live server."""
    site = settings.SITE_URL.rstrip("/")
    match = re.search(re.escape(site + path_prefix) + r"\S+", message.body)
    assert match, f"No {path_prefix} link in the e-mail:\n{message.body}"
    return live_server.url + urlsplit(match.group(0)).path


def organization_card(page: Page, name: str):
    """The dashboard's card of one organization, found by its heading."""
    return page.get_by_role("region", name=name)


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def first_values(db):
    """The shared values in force when the organization applies (adopted a month ago)."""
    return adopted_version(
        label="2025",
        adopted_on=timezone.localdate() - datetime.timedelta(days=30),
        values=[("Survivors first", "Safety and dignity of survivors come first.")],
    )


@pytest.fixture
def totp_secret():
    return generate_totp_secret()


@pytest.fixture
def director_with_totp(db, totp_secret, settings):
    director = UserFactory(
        email="director@example.org", full_name="Jordan Hawkins", is_staff=True, is_superuser=True
    )
    TOTP.activate(director, totp_secret)
    # One period either side, so a code typed as the 30-second period turns does not flake.
    settings.MFA_TOTP_TOLERANCE = 1
    return director


@pytest.fixture
def invitee_page(page: Page, new_context, request):
    """A page in a second, fresh browser context: the contact person's own browser."""
    context = new_context()
    context.route(LOCAL_ONLY, lambda route: route.abort())
    context.set_default_timeout(10_000)
    invitee = context.new_page()
    yield invitee
    # Index after the director's pages, so neither set of failure artifacts overwrites the other.
    save_failure_artifacts(request.node, [*page.context.pages, *context.pages])


# --- Steps ---------------------------------------------------------------------------------------


def apply(page: Page) -> str:
    """Fills every required field of /apply/ by its label and sends it; returns the reference."""
    page.goto("/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply to join the coalition")
    # The form shows the values version it asks the organization to adhere to.
    expect(page.get_by_text("Safety and dignity of survivors come first.")).to_be_visible()

    organization = page.get_by_role("group", name="Your organization")
    organization.get_by_label("Organization name").fill(ORGANIZATION)
    organization.get_by_label("Sector").select_option(label="Nonprofit service provider")
    organization.get_by_label("Website").fill("https://northland.example.org")
    organization.get_by_label("Short description for the directory").fill(
        "Case management for survivors in the Northland."
    )
    organization.get_by_label("Public e-mail").fill("hello@northland.example.org")
    organization.get_by_label("Public phone").fill("(816) 555-0134")

    offer = page.get_by_role("group", name="What you offer and where")
    offer.get_by_label("Case management", exact=True).check()
    offer.get_by_label("Sex trafficking", exact=True).check()
    # The county picker keeps its checkboxes (hidden behind the search box) as what is sent.
    page.locator("input[name=counties][data-label='Clay County']").evaluate("b => b.checked = true")

    contact = page.get_by_role("group", name="Contact person")
    contact.get_by_label("Full name").fill("Robin Reyes")
    contact.get_by_label("Title").fill("Program Director")
    contact.get_by_label("E-mail").fill(CONTACT_EMAIL)
    contact.get_by_label("Phone").fill("(816) 555-0199")

    executive = page.get_by_role("group", name="Executive leader")
    executive.get_by_label("Full name").fill("Alex Morgan")
    executive.get_by_label("Title").fill("Executive Director")
    executive.get_by_label("E-mail").fill(EXECUTIVE_EMAIL)

    commitments = page.get_by_role("group", name="The three commitments of a Collaborative Partner")
    commitments.get_by_label("Anti-trafficking interventions are a priority").check()
    commitments.get_by_label("How is it a priority? (briefly)").fill(
        "Two full-time survivor advocates."
    )
    commitments.get_by_label("Our organization adheres to the shared values").check()
    commitments.get_by_label("Our organization will share responsibility").check()
    commitments.get_by_label("How will you share responsibility and resources? (briefly)").fill(
        "Referrals, training and shared data."
    )
    page.get_by_label("I have read the privacy notice").check()

    page.get_by_role("button", name="Send the application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your application has been sent"
    )
    reference = page.locator(".lead strong")
    year = timezone.localdate().year
    expect(reference).to_have_text(re.compile(rf"^CATE-{year}-\d{{4}}$"))
    return reference.inner_text()


def director_signs_in_with_a_code(page: Page, email: str, secret: str) -> None:
    """The admin hands over to the site's sign-in, which asks for the authenticator code."""
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def director_approves(page: Page, reference: str) -> None:
    # The admin home groups the models by the director's tasks: Applications is its own group.
    applications = page.locator("#content-main .app-applications")
    applications.get_by_role("link", name="Applications", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("application")
    page.get_by_role("link", name=reference).click()

    expect(page.locator("#content")).to_contain_text(ORGANIZATION)
    page.get_by_role("link", name="Approve", exact=True).click()

    # The confirmation page says what approving does before anything happens.
    expect(page.locator("#content-main")).to_contain_text("currently submitted")
    expect(page.locator("#content-main")).to_contain_text(
        "Approving creates the organization as an active partner"
    )
    page.get_by_role("button", name="Approve").click()

    expect(page.locator(".messagelist")).to_contain_text(f"{reference} is now approved.")
    expect(page.get_by_role("link", name=ORGANIZATION)).to_be_visible()


def accept_invitation(invitee: Page, link: str) -> None:
    invitee.goto(link)
    expect(invitee.get_by_role("heading", level=1)).to_have_text(f"Join {ORGANIZATION}")
    expect(invitee.get_by_text("as primary contact")).to_be_visible()
    expect(invitee.locator("main")).to_contain_text(CONTACT_EMAIL)
    invitee.get_by_label("Full name").fill("Robin Reyes")
    invitee.get_by_label(re.compile(r"^\s*Password\W*$")).fill(NEW_PASSWORD)
    invitee.get_by_label("Password (again)").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Create account and join").click()

    expect(invitee).to_have_url(re.compile(r"/portal/$"))
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Partner portal")
    expect(invitee.get_by_role("status")).to_contain_text(
        f"Welcome: you are now primary contact of {ORGANIZATION}."
    )
    expect(invitee.get_by_role("button", name="Sign out")).to_be_attached()


# --- The journey ---------------------------------------------------------------------------------


def test_organization_applies_is_approved_joins_completes_its_profile_and_signs_the_values(
    page: Page, invitee_page: Page, live_server, director_with_totp, totp_secret, first_values
):
    # 1. The organization applies; the contact person receives a private status link.
    reference = apply(page)

    application = Application.objects.get(reference=reference)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.values_version == first_values
    (received,) = emails_to(CONTACT_EMAIL)
    assert reference in received.subject
    status_link = link_in(received, "/apply/status/", live_server)
    page.goto(status_link)
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text("Submitted")

    # 2. The director signs in with password and authenticator code, and approves in the admin.
    director_signs_in_with_a_code(page, director_with_totp.email, totp_secret)
    director_approves(page, reference)

    organization = Organization.objects.get(name=ORGANIZATION)
    assert organization.status == OrganizationStatus.ACTIVE
    assert organization.joined_on == timezone.localdate()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.organization == organization
    assert {i.email: i.role for i in Invitation.objects.filter(organization=organization)} == {
        CONTACT_EMAIL: Role.PRIMARY_CONTACT,
        EXECUTIVE_EMAIL: Role.EXECUTIVE_LEADER,
    }
    # The status link now tells the applicant.
    page.goto(status_link)
    expect(page.locator("main")).to_contain_text("Approved")

    # 3. The contact person accepts the invitation from the e-mail, in their own browser.
    (invitation_email,) = [m for m in emails_to(CONTACT_EMAIL) if "Invitation" in m.subject]
    assert ORGANIZATION in invitation_email.subject
    assert [m for m in emails_to(EXECUTIVE_EMAIL) if "Invitation" in m.subject]
    invitee = invitee_page
    accept_invitation(invitee, link_in(invitation_email, "/invitations/", live_server))

    # The application already recorded the organization's adherence to the values it was shown.
    card = organization_card(invitee, ORGANIZATION)
    expect(card).to_contain_text("Your role: Primary contact")
    expect(card).not_to_contain_text("Sign the coalition's shared values")
    invitee.goto("/portal/agreement/")
    agreement = invitee.get_by_role("region", name=ORGANIZATION)
    expect(agreement).to_contain_text("Status: Signed the current version")
    expect(agreement).to_contain_text("Signed by Robin Reyes, Program Director")

    # 4. They complete the profile: what they save is what the directory shows.
    invitee.goto("/portal/")
    # Description, services and counties came with the application: nothing to complete.
    expect(card).not_to_contain_text("Complete the profile")
    card.get_by_role("link", name=f"Edit profile of {ORGANIZATION}").click()
    expect(invitee.get_by_role("heading", level=1)).to_have_text(
        f"Edit the profile of {ORGANIZATION}"
    )
    invitee.locator("#id_description").fill(
        "Case management and street outreach for survivors across the Northland."
    )
    offer = invitee.get_by_role("group", name="What you offer")
    offer.get_by_label("Street outreach", exact=True).check()
    where = invitee.get_by_role("group", name="Where you serve")
    expect(where.locator("input[name=counties][data-label='Clay County']")).to_be_checked()
    where.locator("input[name=counties][data-label='Platte County']").evaluate(
        "b => b.checked = true"
    )
    invitee.get_by_role("button", name="Save profile").click()

    expect(invitee).to_have_url(re.compile(r"/portal/$"))
    expect(invitee.get_by_role("status")).to_contain_text("The profile was saved.")
    expect(card).not_to_contain_text("Complete the profile")
    card.get_by_role("link", name=f"Directory listing of {ORGANIZATION}").click()
    expect(invitee.get_by_role("heading", level=1)).to_have_text(ORGANIZATION)
    listing = invitee.locator("main")
    expect(listing).to_contain_text("street outreach for survivors across the Northland")
    expect(listing).to_contain_text("Street outreach")
    expect(listing).to_contain_text("Platte County")

    # 5. The membership adopts a new version: the organization must sign it again.
    second_values = adopted_version(
        label="2026",
        values=[
            ("Survivors first", "Safety and dignity of survivors come first."),
            ("Shared responsibility", "Partners share referrals, training and resources."),
        ],
    )
    invitee.goto("/portal/")
    expect(card).to_contain_text(
        f"Sign the coalition's shared values (version {second_values.label}) by"
    )
    card.get_by_role("link", name="Read and sign").click()

    expect(invitee.get_by_role("heading", level=1)).to_have_text("Shared values agreement")
    expect(invitee.get_by_role("heading", name="The text: version 2026")).to_be_visible()
    expect(invitee.get_by_text("Partners share referrals, training and resources.")).to_be_visible()
    agreement = invitee.get_by_role("region", name=ORGANIZATION)
    expect(agreement).to_contain_text("Status: Signed an earlier version")
    expect(agreement.get_by_label("Your full name")).to_have_value("Robin Reyes")
    agreement.get_by_label("Your title").fill("Program Director")
    agreement.get_by_label("I attest that I am authorized to sign").check()
    agreement.get_by_role("button", name="Sign the shared values").click()

    expect(invitee.get_by_role("status")).to_contain_text(
        f"Thank you: {ORGANIZATION} signed the shared values (2026)."
    )
    expect(agreement).to_contain_text("Status: Signed the current version")
    expect(agreement).to_contain_text("Signed by Robin Reyes, Program Director")
    expect(agreement.get_by_role("button", name="Sign the shared values")).to_have_count(0)

    invitee.goto("/portal/")
    expect(card).to_contain_text("Your role: Primary contact")
    expect(card).not_to_contain_text("Sign the coalition's shared values")
    assert organization.agreements.get(version=second_values).signed_by.email == CONTACT_EMAIL
    assert [m for m in emails_to(CONTACT_EMAIL) if "signed the shared values (2026)" in m.subject]
