"""Journey 3 of issue 7: a staff member of one organization cannot reach another organization's
editing pages or its confidential fields.

Partners-only fields are meant for every signed-in partner, so the staff member does see those
of the other organization; staff-only fields stay with that organization's own people.
"""

import pytest
from playwright.sync_api import Page, expect

from partners.models import Role, Visibility
from tests.factories import MembershipFactory, OrganizationFactory, area, service

from .helpers import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

OWN_STREET = "410 Own Office Row, Springfield, MO 65806"
OTHER_STREET = "88 Hidden Refuge Court, Joplin, MO 64801"
OTHER_MAILING = "PO Box 2211, Joplin, MO 64802"
OTHER_HOTLINE = "+14175550188"


@pytest.fixture
def two_organizations(db):
    own = OrganizationFactory(
        name="Ozark Family Services",
        counties=[area("Greene County")],
        services=[service("case-management")],
        street_address=OWN_STREET,
        street_address_visibility=Visibility.STAFF,
    )
    other = OrganizationFactory(
        name="Joplin Safe Haven",
        counties=[area("Jasper County")],
        services=[service("case-management")],
        street_address=OTHER_STREET,
        street_address_visibility=Visibility.STAFF,
        mailing_address=OTHER_MAILING,
        mailing_address_visibility=Visibility.PARTNERS,
        hotline_number=OTHER_HOTLINE,
        hotline_number_visibility=Visibility.STAFF,
    )
    staff = MembershipFactory(organization=own, role=Role.STAFF, user__full_name="Sam Staffer").user
    MembershipFactory(organization=other, role=Role.PRIMARY_CONTACT)
    return {"own": own, "other": other, "staff": staff}


def expect_not_found(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 404, path
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_staff_member_cannot_reach_another_organizations_editing_pages_or_confidential_fields(
    page: Page, two_organizations
):
    own, other = two_organizations["own"], two_organizations["other"]
    sign_in(page, two_organizations["staff"].email)

    # The portal offers only the staff member's own organization.
    page.goto("/portal/")
    expect(page.get_by_role("heading", name="Ozark Family Services")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Joplin Safe Haven")
    expect(page.locator(f'a[href*="/portal/{other.slug}/"]')).to_have_count(0)

    # Typing the other organization's editing addresses leads nowhere: a plain "not found",
    # the same answer as for an organization that does not exist.
    for path in (
        f"/portal/{other.slug}/profile/",
        f"/portal/{other.slug}/people/",
        "/portal/no-such-organization/people/",
    ):
        expect_not_found(page, path)
        expect(page.locator("body")).not_to_contain_text("Joplin Safe Haven")

    # Within their own organization, staff read the people but do not edit the profile.
    page.goto(f"/portal/{own.slug}/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People of Ozark Family Services")
    response = page.goto(f"/portal/{own.slug}/profile/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are not allowed to see this page"
    )

    # The other organization's directory profile: partners-only fields are shown to a partner,
    # staff-only ones are not, anywhere in the page.
    page.goto(other.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Joplin Safe Haven")
    expect(page.get_by_text(OTHER_MAILING)).to_be_visible()
    html = page.content()
    assert OTHER_STREET not in html
    assert "Hidden Refuge" not in html
    assert "555-0188" not in html and "5550188" not in html

    # Its own staff-only street address is shown to the staff member: the rule is about whose
    # field it is, not a blanket hiding.
    page.goto(own.get_absolute_url())
    expect(page.get_by_text(OWN_STREET)).to_be_visible()
