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
from playwright.sync_api import Page, expect

from leadership.models import SeatKind
from partners import services as partner_services
from partners.models import Role
from tests.factories import (
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

from .helpers import assert_no_axe_violations, sign_in

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
    "/partners/{organization}/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/no-such-page/",
    "/apply/",
    "/apply/sent/",
    "/apply/status/{application_token}/",
    "/values/",
    "/values/{earlier_values}/",
    "/leadership/",
    "/invitations/{invitation_token}/",
]

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

DIRECTOR_PAGES = [
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
    return organization.slug


@pytest.fixture
def page_arguments(organization_slug) -> dict:
    """Sample records for the pages that show one: an application, values, a decision..."""
    director = UserFactory(
        email="director@example.org", full_name="Jordan Hawkins", is_staff=True, is_superuser=True
    )
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


def test_contact_form_with_errors_has_no_wcag_violations(axe_page: Page):
    axe_page.goto("/contact/")
    axe_page.get_by_label("E-mail address").fill("not-an-address")
    axe_page.get_by_role("button", name="Send message").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Please correct the following")

    assert_no_axe_violations(axe_page)


def test_application_form_with_errors_has_no_wcag_violations(axe_page: Page, page_arguments):
    axe_page.goto("/apply/")
    axe_page.get_by_role("button", name=re.compile("Send")).click()
    expect(axe_page.get_by_role("alert")).to_contain_text("problems with the application")

    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", PARTNER_PAGES)
def test_partner_page_has_no_wcag_violations(axe_page: Page, page_arguments, path):
    membership = MembershipFactory(
        organization__name="Ozark Family Services", role=Role.PRIMARY_CONTACT
    )
    sign_in(axe_page, membership.user.email)

    visit(axe_page, path.format(own=membership.organization.slug, **page_arguments))

    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", DIRECTOR_PAGES)
def test_director_page_has_no_wcag_violations(axe_page: Page, page_arguments, path):
    sign_in(axe_page, "director@example.org")

    visit(axe_page, path.format(**page_arguments))

    assert_no_axe_violations(axe_page)
