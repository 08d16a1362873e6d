"""axe-core's WCAG 2.1 A and AA rules on every distinct page, for each kind of viewer.

To cover a new page, add its path to the list for the viewer who sees it. In a path,
``{organization}`` is replaced by the slug of a sample partner organization, ``{own}`` by the
slug of the signed-in partner's own organization, and ``{application_token}``,
``{earlier_values}``, ``{proposal}``, ``{invitation_token}`` by sample records (see
``page_arguments``).
"""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import Page, expect

from leadership.models import SeatKind
from partners.models import Role
from partners.people import services as partner_services
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    adopted_version,
    area,
    give_status_token,
    service,
)
from tests.leadership.factories import PartnerSeatFactory, ProposalFactory, TermFactory
from tests.partners.organizations.test_logos import give_logo

from .helpers import assert_no_axe_violations, sign_in, sign_in_with_a_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/contact/",
    "/safety/",
    "/partners/",
    "/partners/?q=Rolla",
    "/partners/?q=Atlantis",
    "/partners/?q=Columbia&service=emergency-shelter&language=spanish&open_24_7=on",
    "/partners/{organization}/",
    "/coverage/",
    "/coverage/?service=hotline",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/no-such-page/",
    "/apply/",
    "/apply/status/{application_token}/",
    "/values/",
    "/values/{earlier_values}/",
    "/leadership/",
    "/invitations/{invitation_token}/",
]

# The same public pages in Spanish (the sign-in and invitation pages stay English).
SPANISH_PAGES = [
    f"/es{path}" for path in PUBLIC_PAGES if not path.startswith(("/accounts/", "/invitations/"))
] + ["/es/resources/", "/es/events/", "/es/events/past/"]

PARTNER_PAGES = [
    "/portal/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/portal/agreement/",
    "/portal/{own}/profile/",
    "/portal/{own}/people/",
    "/partners/{organization}/",
    "/leadership/",
    "/leadership/decisions/",
    "/leadership/decisions/{proposal}/",
]

# An executive leader casts the organization's vote and names its voting delegate.
EXECUTIVE_LEADER_PAGES = [
    "/leadership/decisions/{proposal}/",
    "/leadership/delegate/{own}/",
    "/portal/{own}/people/{member}/end/",
]

DIRECTOR_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DIRECTOR_PAGES = [
    "/admin/",
    "/admin/partners/organization/",
    "/admin/partners/valuesversion/compliance/",
    "/admin/evaluation/",
    "/portal/",
    "/leadership/decisions/",
    "/leadership/decisions/{proposal}/",
]


def visit(page: Page, path: str) -> None:
    """Opens the page and makes sure it is the one audited, not a redirect elsewhere."""
    page.goto(path)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


@pytest.fixture
def organization_slug(db):
    organization = OrganizationFactory(
        name="Heartland Survivor Network",
        description="Case management and safe housing referrals.",
        website="https://heartland.example.org",
        public_email="help@heartland.example.org",
        counties=[area("Boone County"), area("Jackson County")],
        services=[service("case-management"), service("hotline")],
    )
    give_logo(organization)  # the directory and profile show it (issue 16)
    return organization.slug


@pytest.fixture
def page_arguments(organization_slug) -> dict:
    """Sample records for the pages that show one: an application, values, a decision..."""
    director = UserFactory(
        email="director@example.org", full_name="Jordan Hawkins", is_staff=True, is_superuser=True
    )
    TOTP.activate(director, DIRECTOR_TOTP_SECRET)
    application = ApplicationFactory(organization_name="Northland Survivor Network")
    earlier = adopted_version(
        adopted_on=datetime.date(2020, 1, 1), label="2020 values", slug="values-2020"
    )
    adopted_version(label="Current values", slug="values-current")
    proposal = ProposalFactory(
        title="Adopt the 2026 strategic plan",
        text="The coalition adopts the 2026 strategic plan.",
        created_by=director,
    )
    seat = PartnerSeatFactory(organization__name="Gateway Survivor Services")
    TermFactory(seat=seat, name="Riley Chen")
    TermFactory(seat__kind=SeatKind.OFFICER, seat__title="Chair", name="Avery Brooks")
    TermFactory(
        seat__kind=SeatKind.DIRECTOR, seat__title="Coalition Director", name="Jordan Hawkins"
    )
    invitation = partner_services.invite_person(
        organization=seat.organization,
        acting_user=director,
        email="newcomer@example.org",
        full_name="Nia Newcomer",
        role=Role.STAFF,
    )
    return {
        "organization": organization_slug,
        "application_token": give_status_token(application),
        "earlier_values": earlier.slug,
        "proposal": proposal.pk,
        "invitation_token": invitation.token,
    }


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violations(axe_page: Page, page_arguments, path):
    visit(axe_page, path.format(**page_arguments))

    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", SPANISH_PAGES)
def test_spanish_public_page_has_no_wcag_violations(axe_page: Page, page_arguments, path):
    visit(axe_page, path.format(**page_arguments))
    expect(axe_page.locator("html")).to_have_attribute("lang", "es")
    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", ["/", "/es/"])
def test_the_menu_wraps_rather_than_widen_the_page(page: Page, path):
    """WCAG 1.4.10: the expanded menu (1200 px and wider) of the longer Spanish words fits."""
    for width in (1200, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width


def test_spanish_contact_form_with_errors_has_no_wcag_violations(axe_page: Page):
    axe_page.goto("/es/contact/")
    axe_page.get_by_label("Correo electrónico").fill("not-an-address")
    axe_page.get_by_role("button", name="Enviar el mensaje").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Hay problemas")
    expect(axe_page.get_by_role("alert")).to_contain_text("Escriba su nombre")
    assert_no_axe_violations(axe_page)


def test_contact_form_with_errors_has_no_wcag_violations(axe_page: Page):
    axe_page.goto("/contact/")
    axe_page.get_by_label("E-mail address").fill("not-an-address")
    axe_page.get_by_role("button", name="Send message").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("There are problems")
    expect(axe_page.get_by_role("alert")).to_contain_text("Enter your name")

    assert_no_axe_violations(axe_page)


def test_application_form_with_errors_has_no_wcag_violations(axe_page: Page, page_arguments):
    axe_page.goto("/apply/")
    # The county picker with a chosen county, then with its list open after a failed submit.
    search = axe_page.get_by_role("combobox", name="Search counties or regions")
    search.click()
    search.press_sequentially("Greene")
    axe_page.keyboard.press("Enter")
    axe_page.get_by_role("button", name=re.compile("Send")).click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Nothing has been sent yet")
    assert_no_axe_violations(axe_page)

    search.click()
    search.press_sequentially("South")
    expect(axe_page.locator(".ts-dropdown").get_by_role("option").first).to_be_visible()
    assert_no_axe_violations(axe_page)


def test_profile_edit_with_the_county_picker_has_no_wcag_violations(axe_page: Page):
    membership = MembershipFactory(
        organization__name="Ozark Family Services", role=Role.PRIMARY_CONTACT
    )
    sign_in(axe_page, membership.user.email)
    axe_page.goto(f"/portal/{membership.organization.slug}/profile/")
    search = axe_page.get_by_role("combobox", name="Search counties or regions")
    search.click()
    search.press_sequentially("Kansas")
    expect(axe_page.locator(".ts-dropdown").get_by_role("option").first).to_be_visible()
    assert_no_axe_violations(axe_page)

    axe_page.locator("#id_public_phone").fill("417-555-01")
    axe_page.locator("main form[method=post] [type=submit]").last.click()
    expect(axe_page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(axe_page)


def test_withdraw_form_with_an_error_has_no_wcag_violations(axe_page: Page, page_arguments):
    visit(axe_page, "/apply/status/{application_token}/".format(**page_arguments))
    # The browser itself stops at 2,000 characters (maxlength): remove it, as an old browser
    # or a script would, to see the server's message.
    axe_page.get_by_label("Reason").evaluate("t => t.removeAttribute('maxlength')")
    axe_page.get_by_label("Reason").fill("x" * 2001)
    axe_page.get_by_role("button", name="Withdraw the application").click()
    expect(axe_page.locator("#error-summary")).to_contain_text("2000 characters or fewer")

    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", PARTNER_PAGES)
def test_partner_page_has_no_wcag_violations(axe_page: Page, page_arguments, path):
    membership = MembershipFactory(
        organization__name="Ozark Family Services", role=Role.PRIMARY_CONTACT
    )
    sign_in(axe_page, membership.user.email)

    visit(axe_page, path.format(own=membership.organization.slug, **page_arguments))

    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", EXECUTIVE_LEADER_PAGES)
def test_executive_leader_page_has_no_wcag_violations(axe_page: Page, page_arguments, path):
    membership = MembershipFactory(
        organization__name="Ozark Family Services", role=Role.EXECUTIVE_LEADER
    )
    member = MembershipFactory(
        organization=membership.organization, user__full_name="Dana Delegate"
    )
    sign_in(axe_page, membership.user.email)

    visit(
        axe_page,
        path.format(own=membership.organization.slug, member=member.pk, **page_arguments),
    )

    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", DIRECTOR_PAGES)
def test_director_page_has_no_wcag_violations(axe_page: Page, page_arguments, path, settings):
    # Staff see their pages (live counts, non-voters) after two-factor sign-in only.
    settings.MFA_TOTP_TOLERANCE = 1
    sign_in_with_a_code(axe_page, "director@example.org", DIRECTOR_TOTP_SECRET)

    visit(axe_page, path.format(**page_arguments))
    expect(axe_page.get_by_text("You are not allowed to see this page")).to_have_count(0)

    assert_no_axe_violations(axe_page)


# --- The application form with the keyboard alone ------------------------------------------------

FOCUSED = """() => {
    const e = document.activeElement;
    const label = e && e.labels && e.labels.length ? e.labels[0].textContent.trim() : "";
    return {tag: e.tagName.toLowerCase(), type: e.type || "", name: e.name || "",
            value: e.value || "", label: label, inForm: !!e.form, id: e.id};
}"""
FORM_CONTROLS = """() => [...document.querySelector("form[enctype]").elements]
    .filter((e) => e.tagName !== "FIELDSET" && e.type !== "hidden" && e.name !== "fax")
    // What the county picker replaced (its region boxes, hidden) is out of the keyboard's way.
    .filter((e) => !e.closest("[hidden]") && e.tabIndex >= 0)
    .map((e) => `${e.name}=${["checkbox", "radio"].includes(e.type) ? e.value : ""}`)"""

TYPED = {
    "organization_name": "Northland Survivor Network",
    "website": "https://northland.example.org",
    "description": "Case management for survivors in the Northland.",
    "public_email": "hello@northland.example.org",
    "public_phone": "(816) 555-0134",
    "contact_name": "Robin Reyes",
    "contact_title": "Program Director",
    "contact_email": "robin@northland.example.org",
    "contact_phone": "(816) 555-0199",
    "executive_name": "Alex Morgan",
    "executive_title": "Executive Director",
    "executive_email": "alex@northland.example.org",
    "priority_how": "Two full-time advocates.",
    "sharing_how": "Referrals, training and shared data.",
}
CHOSEN = {"sector": "Nonprofit service provider"}
# Counties are chosen in the picker's search box: a name, then Enter.
PICKED = ["Clay County", "Platte County"]
PICKER = "counties_search-ts-control"
TICKED = {
    ("services", "Case management"),
    ("serves_sex_trafficking", ""),
    ("commits_priority", ""),
    ("commits_values", ""),
    ("commits_sharing", ""),
    ("privacy_consent", ""),
}


def choose_with_arrow_keys(page: Page, label: str) -> None:
    """Moves a focused <select> to the option with this text using ArrowDown only."""
    for _ in range(50):
        if page.evaluate("() => document.activeElement.selectedOptions[0].text") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r}")


def test_application_form_can_be_completed_with_the_keyboard_alone(page: Page, live_server):
    from partners.models import Application

    adopted_version(label="Current values")
    page.goto("/apply/")
    expected = set(page.evaluate(FORM_CONTROLS))
    assert {"organization_name=", "sector=", "supporting_document=", "submit="} <= expected
    assert not any(control.startswith("counties=") for control in expected)
    reached = set()

    for _ in range(600):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inForm"]:
            continue
        name = focused["name"]
        assert name != "fax", "the honeypot must stay out of the keyboard's way"
        if focused["id"] == PICKER:
            reached.add("=")  # the search box has no name: the hidden boxes are sent
            for county in PICKED:
                page.keyboard.type(county)
                page.keyboard.press("Enter")
            continue
        if focused["type"] == "submit":
            reached.add(f"{name}=")
            break
        if focused["type"] in ("checkbox", "radio"):
            reached.add(f"{name}={focused['value']}")
            ticked_label = focused["label"] if name == "services" else ""
            if (name, ticked_label) in TICKED:
                page.keyboard.press("Space")
        else:
            reached.add(f"{name}=")
            if focused["tag"] == "select" and name in CHOSEN:
                choose_with_arrow_keys(page, CHOSEN[name])
            elif name in TYPED:
                page.keyboard.type(TYPED[name])
    else:
        raise AssertionError("Tab never reached the send button")

    assert expected - reached == set(), "form controls the keyboard cannot reach"
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/apply/sent/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your application has been sent"
    )
    application = Application.objects.get()
    assert application.organization_name == TYPED["organization_name"]
    assert application.sector.name == CHOSEN["sector"]
    assert sorted(application.counties.values_list("name", flat=True)) == [
        "Clay County",
        "Platte County",
    ]
    assert list(application.services.values_list("name", flat=True)) == ["Case management"]
    assert application.serves_sex_trafficking and not application.serves_labor_trafficking
    assert application.privacy_consent
    expect(page.get_by_text(application.reference)).to_be_visible()


def test_two_factor_setup_pages_have_no_wcag_violations(axe_page: Page, settings):
    """The pages met on the way to an authenticator app: confirm access, activate, the
    recovery codes, and the page that turns the app off again."""
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    settings.MFA_TOTP_TOLERANCE = 1  # the code is computed a moment before it is typed
    membership = MembershipFactory(role=Role.PRIMARY_CONTACT)
    sign_in(axe_page, membership.user.email)

    axe_page.goto("/accounts/2fa/totp/activate/")
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Confirm access")
    assert_no_axe_violations(axe_page)
    axe_page.get_by_label("Password").fill(PASSWORD)
    axe_page.get_by_role("button", name="Confirm").click()

    expect(axe_page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    assert_no_axe_violations(axe_page)
    secret = axe_page.locator("#authenticator_secret").input_value()
    now = datetime.datetime.now(tz=datetime.UTC).timestamp()
    counter = int(now // mfa_settings.TOTP_PERIOD)
    axe_page.get_by_label("Authenticator code").fill(format_hotp_value(hotp_value(secret, counter)))
    axe_page.get_by_role("button", name="Activate").click()
    expect(axe_page).not_to_have_url(re.compile(r"/totp/activate/"))

    for path in ("/accounts/2fa/recovery-codes/", "/accounts/2fa/totp/deactivate/"):
        visit(axe_page, path)
        assert_no_axe_violations(axe_page)
