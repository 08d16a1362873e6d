"""Issue 14, as a careful person meets the portal: the application's thank-you page, ending a
membership (confirmed, undone the same day), what the site prefills, who votes for the
organization, the delegate page, outcomes worded plainly, and words written one way."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadership.models import VoteChoice
from partners.models import Membership, Role
from partners.people import services as people_services
from tests.factories import MembershipFactory, OrganizationFactory, adopted_version
from tests.leadership.factories import ProposalFactory, VoteFactory

from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNHYPHENATED = re.compile(r"\b[Ee]mails?\b")
DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
NESTED_PARENTHESES = re.compile(r"\([^()\n]*\(")


@pytest.fixture
def team():
    """An organization with a primary contact, an executive leader and a staff member."""
    primary = MembershipFactory(
        organization__name="Ozark Family Services",
        role=Role.PRIMARY_CONTACT,
        user__full_name="Pat Primary",
    )
    organization = primary.organization
    leader = MembershipFactory(
        organization=organization,
        role=Role.EXECUTIVE_LEADER,
        user__full_name="Lee Leader",
        title="Executive Director",
    )
    staff = MembershipFactory(
        organization=organization, role=Role.STAFF, user__full_name="Sam Staff"
    )
    return {"organization": organization, "primary": primary, "leader": leader, "staff": staff}


def test_the_thank_you_page_opened_directly_goes_to_the_application(page: Page):
    page.goto("/apply/sent/")
    expect(page).to_have_url(re.compile(r"/apply/$"))
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Thank you")


def test_ending_a_membership_is_confirmed_on_its_own_page_and_undone_the_same_day(page: Page, team):
    organization, staff = team["organization"], team["staff"]
    sign_in(page, team["primary"].user.email)
    page.goto(f"/portal/{organization.slug}/people/")
    page.get_by_role("link", name="End membership of Sam Staff").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "End the membership of Sam Staff in Ozark Family Services?"
    )
    expect(page.get_by_text("Reaching the pages of Ozark Family Services")).to_be_visible()
    expect(page.get_by_text("until the end of today")).to_be_visible()
    page.get_by_role("button", name="End the membership").click()

    ended = page.get_by_text("Sam Staff is no longer a member of Ozark Family Services")
    expect(ended).to_be_visible()
    assert not Membership.objects.get(pk=staff.pk).is_current
    page.get_by_role("button", name="Undo: make them a member again Sam Staff").click()
    expect(page.get_by_text("Sam Staff is a member again, as staff.")).to_be_visible()
    assert Membership.objects.get(pk=staff.pk).is_current
    assert Membership.objects.get(pk=staff.pk).history.count() >= 3  # made, ended, undone


def test_the_invitees_name_is_prefilled_and_kept_after_an_error(page: Page, team):
    invitation = people_services.invite_person(
        organization=team["organization"],
        acting_user=team["primary"].user,
        email="nia@example.org",
        full_name="Nia Newcomer",
        role=Role.STAFF,
    )
    page.goto(f"/invitations/{invitation.token}/")
    name = page.get_by_label("Full name")
    expect(name).to_have_value("Nia Newcomer")
    name.fill("Nia N. Newcomer")
    page.locator("#id_password1").fill("a long unusual passphrase 42")
    page.locator("#id_password2").fill("something else entirely 42")
    page.get_by_role("button", name="Create account and join").click()
    expect(
        page.get_by_text("Enter the same password twice: the two do not match").first
    ).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Nia N. Newcomer")


def test_the_agreement_prefills_the_signers_name_and_title(page: Page, team):
    adopted_version(label="2026 values", slug="values-2026")
    sign_in(page, team["leader"].user.email)
    page.goto("/portal/agreement/")
    expect(page.get_by_label("Your full name")).to_have_value("Lee Leader")
    expect(page.get_by_label("Your title")).to_have_value("Executive Director")


def test_a_staff_member_learns_who_votes_and_whether_the_organization_has(page: Page, team):
    proposal = ProposalFactory(title="Adopt the 2026 plan")
    sign_in(page, team["staff"].user.email)
    page.goto(proposal.get_absolute_url())
    expect(page.get_by_text("Its vote is cast by its executive leader, Lee Leader")).to_be_visible()
    expect(page.get_by_text("Ozark Family Services has not voted yet.")).to_be_visible()
    expect(page.get_by_text("Your role lets you read the proposals")).to_be_visible()
    VoteFactory(proposal=proposal, organization=team["organization"], choice=VoteChoice.NO)
    page.reload()
    expect(page.get_by_text("Ozark Family Services has voted.")).to_be_visible()
    expect(page.get_by_text("Current vote")).to_have_count(0)  # whether, never how


def test_the_delegate_page_is_linked_everywhere_and_never_offers_the_leader(page: Page, team):
    organization = team["organization"]
    proposal = ProposalFactory(title="Adopt the 2026 plan")
    sign_in(page, team["leader"].user.email)
    delegate_path = f"/leadership/delegate/{organization.slug}/"
    for path in (
        "/portal/",
        "/leadership/decisions/",
        proposal.get_absolute_url(),
        f"/portal/{organization.slug}/people/",
    ):
        page.goto(path)
        link = page.locator(f'a[href="{delegate_path}"]')
        expect(link.first).to_be_visible()
    link.first.click()
    options = page.get_by_label("Voting delegate").locator("option")
    expect(options).to_have_text(
        ["Nobody: the executive leader votes", "Pat Primary", "Sam Staff"], ignore_case=True
    )


def test_an_outcome_without_quorum_is_worded_plainly(page: Page, team):
    for _ in range(13):
        OrganizationFactory()
    now = timezone.now()
    proposal = ProposalFactory(
        title="Adopt the 2026 plan",
        opens_at=now - datetime.timedelta(days=8),
        closes_at=now - datetime.timedelta(days=1),
    )
    from partners.models import Organization

    for organization in Organization.objects.order_by("pk")[:5]:
        VoteFactory(proposal=proposal, organization=organization, choice=VoteChoice.YES)
    sign_in(page, team["staff"].user.email)
    page.goto("/leadership/decisions/")
    expect(page.get_by_text("Not passed: quorum not met (5 of 14 votes)")).to_be_visible()
    expect(page.get_by_text("yes outnumbers no")).to_have_count(0)


def test_words_are_written_one_way_on_the_pages_a_partner_meets(page: Page, team):
    adopted_version(label="2025 values", slug="values-2025", adopted_on=datetime.date(2025, 1, 1))
    adopted_version(label="2026 values", slug="values-2026")
    ProposalFactory(title="Adopt the 2026 plan")  # the dashboard's "Vote ... by <time>."
    sign_in(page, team["leader"].user.email)
    found = []
    for path in (
        "/portal/",
        "/values/",
        "/values/values-2025/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        f"/portal/{team['organization'].slug}/people/",
    ):
        page.goto(path)
        text = page.locator("main").inner_text()
        found += [f"{path}: {m}" for m in UNHYPHENATED.findall(text)]
        found += [f"{path}: doubled stop" for _ in DOUBLED_STOP.finditer(text)]
        found += [f"{path}: nested parentheses" for _ in NESTED_PARENTHESES.finditer(text)]
    assert found == []
    page.goto("/accounts/email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail address")
