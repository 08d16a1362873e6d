"""The resource library in a browser: axe-core's WCAG 2.1 A and AA rules on each of its pages
(for the public, a partner and the director), and a partner sharing a file."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import Page, expect

from leadership.models import ResourceStatus, ResourceTopic, ResourceVisibility
from partners.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.leadership.factories import ResourceFactory
from tests.sample_files import PDF

from .helpers import assert_no_axe_violations, sign_in, sign_in_with_a_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTOR_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def library(db):
    protocols = ResourceTopic.objects.get(slug="protocols")
    public = ResourceFactory(
        title="Recognizing trafficking: a first-hour training",
        description="Slides and notes for a one-hour introduction.",
        visibility=ResourceVisibility.PUBLIC,
        with_file=True,
    )
    public.topics.set([protocols])
    link = ResourceFactory(title="National hotline directory", visibility=ResourceVisibility.PUBLIC)
    ResourceFactory(title="Partners referral guide", with_file=True)
    return {"public": public.pk, "link": link.pk}


PUBLIC_PAGES = [
    "/resources/",
    "/resources/?q=training&topic=protocols&kind=file",
    "/resources/?topic=nothing-like-this",
    "/resources/{public}/",
    "/resources/{link}/",
]
PARTNER_PAGES = ["/resources/", "/resources/contribute/{own}/"]
DIRECTOR_PAGES = [
    "/resources/",
    "/admin/leadership/resource/",
    "/admin/leadership/resource/add/",
    "/admin/leadership/resource/{public}/change/",
    "/admin/leadership/resource/{public}/review/",
]


def visit(page: Page, path: str) -> None:
    page.goto(path)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_resource_page_has_no_wcag_violations(axe_page: Page, library, path):
    visit(axe_page, path.format(**library))
    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", PARTNER_PAGES)
def test_partner_resource_page_has_no_wcag_violations(axe_page: Page, library, path):
    membership = MembershipFactory(role=Role.PRIMARY_CONTACT)
    sign_in(axe_page, membership.user.email)
    visit(axe_page, path.format(own=membership.organization.slug, **library))
    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", DIRECTOR_PAGES)
def test_director_resource_page_has_no_wcag_violations(axe_page: Page, library, path, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    director = UserFactory(email="director@example.org", is_staff=True, is_superuser=True)
    TOTP.activate(director, DIRECTOR_TOTP_SECRET)
    sign_in_with_a_code(axe_page, director.email, DIRECTOR_TOTP_SECRET)
    visit(axe_page, path.format(**library))
    assert_no_axe_violations(axe_page)


def test_the_contribution_form_with_errors_has_no_wcag_violations(axe_page: Page, library):
    membership = MembershipFactory(role=Role.PRIMARY_CONTACT)
    sign_in(axe_page, membership.user.email)
    axe_page.goto(f"/resources/contribute/{membership.organization.slug}/")
    axe_page.get_by_role("button", name="Send for approval").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Attach a file or give a link")
    assert_no_axe_violations(axe_page)


def test_a_partner_shares_a_file_which_waits_for_approval(page: Page, library, tmp_path):
    membership = MembershipFactory(role=Role.EXECUTIVE_LEADER)
    document = tmp_path / "toolkit.pdf"
    document.write_bytes(PDF)
    sign_in(page, membership.user.email)

    page.goto("/resources/")
    page.get_by_role("link", name=f"Share a resource for {membership.organization.name}").click()
    page.get_by_label("Title").fill("Youth outreach toolkit")
    page.get_by_label("Youth").check()
    page.get_by_label("File (optional when you give a link)").set_input_files(str(document))
    page.get_by_role("button", name="Send for approval").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Youth outreach toolkit")
    expect(page.get_by_text("waits for the Coalition Director's approval").first).to_be_visible()
    from leadership.models import Resource

    assert Resource.objects.get(title="Youth outreach toolkit").status == ResourceStatus.PENDING


def test_a_proposal_with_documents_has_no_wcag_violations(axe_page: Page):
    from django.core.files.base import ContentFile

    from leadership.decisions.documents import attach_proposal_document
    from tests.leadership.factories import ProposalFactory

    proposal = ProposalFactory(title="Adopt the 2026 strategic plan")
    attach_proposal_document(
        proposal=proposal,
        title="Strategic plan 2026",
        upload=ContentFile(PDF, name="plan.pdf"),
        acting_user=None,
    )
    membership = MembershipFactory(role=Role.PRIMARY_CONTACT)
    sign_in(axe_page, membership.user.email)
    visit(axe_page, f"/leadership/decisions/{proposal.pk}/")
    expect(axe_page.get_by_role("link", name="Strategic plan 2026")).to_be_visible()
    assert_no_axe_violations(axe_page)
