"""axe-core's WCAG 2.1 A and AA rules on every distinct page, for each kind of viewer.

To cover a new page, add its path to the list for the viewer who sees it. ``{organization}``
in a path is replaced by the slug of a sample partner organization.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from partners.models import Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, area, service

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
]

PARTNER_PAGES = [
    "/portal/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]

DIRECTOR_PAGES = [
    "/portal/",
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


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violations(axe_page: Page, organization_slug, path):
    visit(axe_page, path.format(organization=organization_slug))

    assert_no_axe_violations(axe_page)


def test_contact_form_with_errors_has_no_wcag_violations(axe_page: Page):
    axe_page.goto("/contact/")
    axe_page.get_by_label("E-mail address").fill("not-an-address")
    axe_page.get_by_role("button", name="Send message").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Please correct the following")

    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", PARTNER_PAGES)
def test_partner_page_has_no_wcag_violations(axe_page: Page, organization_slug, path):
    membership = MembershipFactory(
        organization__name="Ozark Family Services", role=Role.PRIMARY_CONTACT
    )
    sign_in(axe_page, membership.user.email)

    visit(axe_page, path.format(organization=organization_slug))

    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", DIRECTOR_PAGES)
def test_director_page_has_no_wcag_violations(axe_page: Page, organization_slug, path):
    director = UserFactory(full_name="Jordan Hawkins", is_staff=True, is_superuser=True)
    sign_in(axe_page, director.email)

    visit(axe_page, path.format(organization=organization_slug))

    assert_no_axe_violations(axe_page)
