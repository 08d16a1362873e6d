"""Events in the browser: axe-core's WCAG 2.1 A and AA rules on every events page (public, a
partner, an executive leader, the director's admin pages), and a partner answering going then
joining a waiting list."""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from playwright.sync_api import Page, expect

from leadership.models import EventKind, EventStatus, EventVisibility
from partners.models import Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.leadership.factories import EventFactory

from .helpers import assert_no_axe_violations, sign_in, sign_in_with_a_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTOR_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def events(db) -> dict:
    now = timezone.now()
    host = OrganizationFactory(name="Heartland Survivor Network", street_address="5 Elm St")
    upcoming = EventFactory(
        title="Quarterly coalition meeting",
        description="Updates from the working groups.",
        visibility=EventVisibility.PUBLIC,
        host=host,
        at_host_address=True,
        online_link="https://meet.example.org/quarterly",
        capacity=20,
    )
    EventFactory(
        title="Trauma-informed intake training",
        kind=EventKind.TRAINING,
        starts_at=now + datetime.timedelta(days=2),
        ends_at=now + datetime.timedelta(days=2, hours=3),
    )
    past = EventFactory(
        title="Spring coalition meeting",
        visibility=EventVisibility.PUBLIC,
        starts_at=now - datetime.timedelta(days=20),
        ends_at=now - datetime.timedelta(days=20, hours=-2),
        minutes_text="## Decisions\n\n1. The protocol goes to a vote.\n\n- Send contacts.",
    )
    EventFactory(title="Proposed clinic", status=EventStatus.PROPOSED, host=host)
    month = timezone.localtime(upcoming.starts_at)
    return {
        "upcoming": upcoming.pk,
        "past": past.pk,
        "year": month.year,
        "month": month.month,
    }


PUBLIC_PAGES = [
    "/events/",
    "/events/{year}/{month}/",
    "/events/past/",
    "/events/{upcoming}/",
    "/events/{past}/",
]
PARTNER_PAGES = [*PUBLIC_PAGES, "/events/propose/", "/accounts/calendar-feed/"]
DIRECTOR_PAGES = [
    "/admin/leadership/event/",
    "/admin/leadership/event/add/",
    "/admin/leadership/event/{past}/change/",
    "/admin/leadership/event/attendance/",
    "/admin/leadership/rsvp/",
]


def visit(page: Page, path: str) -> None:
    page.goto(path)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_events_page_has_no_wcag_violations(axe_page: Page, events, path):
    visit(axe_page, path.format(**events))
    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", PARTNER_PAGES)
def test_partner_events_page_has_no_wcag_violations(axe_page: Page, events, path):
    membership = MembershipFactory(
        organization__name="Ozark Family Services", role=Role.EXECUTIVE_LEADER
    )
    sign_in(axe_page, membership.user.email)
    visit(axe_page, path.format(**events))
    assert_no_axe_violations(axe_page)


def test_the_proposal_form_with_errors_has_no_wcag_violations(axe_page: Page, events):
    membership = MembershipFactory(role=Role.PRIMARY_CONTACT)
    sign_in(axe_page, membership.user.email)
    axe_page.goto("/events/propose/")
    axe_page.get_by_role("button", name="Send the proposal").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Nothing was sent yet")
    assert_no_axe_violations(axe_page)


@pytest.mark.parametrize("path", DIRECTOR_PAGES)
def test_director_events_page_has_no_wcag_violations(axe_page: Page, events, path, settings):
    director = UserFactory(
        email="director@example.org", full_name="Jordan Hawkins", is_staff=True, is_superuser=True
    )
    TOTP.activate(director, DIRECTOR_TOTP_SECRET)
    settings.MFA_TOTP_TOLERANCE = 1
    sign_in_with_a_code(axe_page, "director@example.org", DIRECTOR_TOTP_SECRET)
    visit(axe_page, path.format(**events))
    assert_no_axe_violations(axe_page)


def test_a_partner_answers_going_and_the_next_joins_the_waiting_list(page: Page, events):
    from leadership.models import Event

    Event.objects.filter(pk=events["upcoming"]).update(capacity=1)
    first, second = (MembershipFactory(role=Role.STAFF).user for _ in range(2))

    sign_in(page, first.email)
    page.goto(f"/events/{events['upcoming']}/")
    page.get_by_role("button", name="I am going").click()
    expect(page.get_by_text("You are going.")).to_be_visible()
    expect(page.get_by_role("link", name="https://meet.example.org/quarterly")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, second.email)
    page.goto(f"/events/{events['upcoming']}/")
    expect(page.get_by_text("The link is given to the people who may attend.")).to_be_visible()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_text("You are on the waiting list")).to_be_visible()
