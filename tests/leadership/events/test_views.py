"""Event pages: who sees which event, its place, its online link and its minutes; answering;
proposing; the month view; wall times across daylight-saving changes; fixed query counts."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leadership.events import services
from leadership.models import Event, EventKind, EventStatus, EventVisibility, Rsvp, RsvpStatus
from partners.models import Role, Visibility
from tests.factories import MembershipFactory, OrganizationFactory
from tests.leadership.factories import EventFactory

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")

#: Who sees an event of each visibility. "user" is signed in without a membership.
SEES = {
    EventVisibility.PUBLIC: {
        "anonymous", "user", "director_without_2fa", "staff_member", "primary_contact",
        "executive_leader", "other_partner", "director",
    },
    EventVisibility.PARTNERS: {
        "staff_member", "primary_contact", "executive_leader", "other_partner", "director",
    },
    EventVisibility.LEADERSHIP: {"executive_leader", "director"},
}  # fmt: skip
EVERY_VIEWER = sorted(SEES[EventVisibility.PUBLIC])


def leadership_meeting(**fields):
    return EventFactory(
        kind=EventKind.LEADERSHIP_MEETING, visibility=EventVisibility.LEADERSHIP, **fields
    )


@pytest.fixture
def events_of_each_visibility(db):
    return {
        EventVisibility.PUBLIC: EventFactory(
            title="Public awareness walk",
            kind=EventKind.COMMUNITY_EVENT,
            visibility=EventVisibility.PUBLIC,
        ),
        EventVisibility.PARTNERS: EventFactory(title="Quarterly coalition meeting"),
        EventVisibility.LEADERSHIP: leadership_meeting(title="Leadership retreat"),
    }


@pytest.mark.parametrize("who", EVERY_VIEWER)
def test_each_viewer_sees_exactly_the_events_their_kind_may_see(
    client_for_viewer, events_of_each_visibility, executive_leader, who
):
    client = client_for_viewer(who)
    listing = client.get("/events/").text
    for visibility, event in events_of_each_visibility.items():
        may = who in SEES[visibility]
        assert (event.title in listing) is may, (who, visibility)
        detail = client.get(f"/events/{event.pk}/")
        assert detail.status_code == (200 if may else 404), (who, visibility)


def test_proposed_and_declined_events_are_on_no_page(client_for_viewer):
    proposed = EventFactory(title="Proposed gathering", status=EventStatus.PROPOSED)
    declined = EventFactory(title="Declined gathering", status=EventStatus.DECLINED)
    client = client_for_viewer("director")
    assert "gathering" not in client.get("/events/").text
    assert client.get(f"/events/{proposed.pk}/").status_code == 404
    assert client.get(f"/events/{declined.pk}/").status_code == 404


# --- The place and the online link -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_address"),
    [
        ("anonymous", False),
        ("other_partner", False),
        ("director_without_2fa", False),
        ("staff_member", True),  # the shelter's own people
        ("director", True),
    ],
)
def test_a_meeting_at_a_shelter_shows_its_address_only_as_the_shelter_allows(
    client_for_viewer, viewer, shelter, organization, who, sees_address
):
    # The shelter's people: make "staff_member" one of them.
    if who == "staff_member":
        MembershipFactory(organization=shelter, user=viewer("staff_member"), role=Role.STAFF)
    event = EventFactory(
        title="Meeting at the shelter",
        visibility=EventVisibility.PUBLIC,
        host=shelter,
        at_host_address=True,
    )
    client = client_for_viewer(who)
    for path in ("/events/", f"/events/{event.pk}/", "/events/past/"):
        assert ("77 Sentinel Row" in client.get(path).text) is (
            sees_address and path != "/events/past/"
        ), path
    start = timezone.localtime(event.starts_at)
    month = client.get(f"/events/{start.year}/{start.month}/").text
    assert ("77 Sentinel Row" in month) is sees_address


def test_a_partners_address_visible_to_partners_is_shown_to_partners(
    client_for_viewer, organization
):
    organization.street_address = "12 Partner Way"
    organization.street_address_visibility = Visibility.PARTNERS
    organization.save()
    event = EventFactory(visibility=EventVisibility.PUBLIC, host=organization, at_host_address=True)
    assert "12 Partner Way" in client_for_viewer("other_partner").get(event.get_absolute_url()).text
    assert "12 Partner Way" not in Client().get(event.get_absolute_url()).text


LINK = "https://meet.example.org/cate-secret-room"


@pytest.mark.parametrize(
    ("who", "sees_link"),
    [
        ("anonymous", False),  # the public never gets the link, even of a public event
        ("director_without_2fa", True),  # signed in: may attend a public event
        ("user", True),
        ("other_partner", True),
        ("director", True),
    ],
)
def test_the_online_link_is_for_people_who_may_attend(client_for_viewer, who, sees_link):
    event = EventFactory(visibility=EventVisibility.PUBLIC, online_link=LINK)
    assert (LINK in client_for_viewer(who).get(event.get_absolute_url()).text) is sees_link


def test_with_limited_places_the_link_is_for_those_holding_one(client_as):
    event = EventFactory(online_link=LINK, capacity=1)
    holder, waiting = (MembershipFactory().user for _ in range(2))
    services.answer_event(event=event, user=holder, going=True, acting_user=holder)
    services.answer_event(event=event, user=waiting, going=True, acting_user=waiting)
    assert LINK in client_as(holder).get(event.get_absolute_url()).text
    page = client_as(waiting).get(event.get_absolute_url()).text
    assert LINK not in page
    assert "waiting list" in page


# --- Answering ---------------------------------------------------------------------------------


def test_a_partner_answers_going_then_not_going(client_as, staff_member):
    event = EventFactory(capacity=10)
    client = client_as(staff_member)
    response = client.post(f"/events/{event.pk}/answer/", {"answer": "going"})
    assert response.status_code == 302
    assert Rsvp.objects.get(event=event, user=staff_member).status == RsvpStatus.GOING
    assert "1 of 10 taken" in client.get(event.get_absolute_url()).text
    client.post(f"/events/{event.pk}/answer/", {"answer": "not_going"})
    assert Rsvp.objects.get(event=event, user=staff_member).status == RsvpStatus.NOT_GOING


def test_answering_an_event_one_may_not_see_is_404_and_a_bad_answer_400(client_as, user):
    hidden = EventFactory()
    assert (
        client_as(user).post(f"/events/{hidden.pk}/answer/", {"answer": "going"}).status_code == 404
    )
    public = EventFactory(visibility=EventVisibility.PUBLIC)
    assert client_as(user).post(f"/events/{public.pk}/answer/", {"answer": "x"}).status_code == 400
    assert not Rsvp.objects.exists()


# --- Minutes -----------------------------------------------------------------------------------


def past(**fields):
    now = timezone.now()
    return EventFactory(
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=3, hours=-2),
        **fields,
    )


@pytest.mark.parametrize("who", EVERY_VIEWER)
def test_minutes_of_a_leadership_meeting_are_for_the_leadership_only(
    client_for_viewer, executive_leader, who
):
    meeting = leadership_meeting(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
        minutes_text="The board agreed on **SENTINEL-MINUTES**.",
        minutes_file="minutes/not-there.pdf",
    )
    client = client_for_viewer(who)
    page = client.get(meeting.get_absolute_url())
    allowed = who in SEES[EventVisibility.LEADERSHIP]
    assert ("SENTINEL-MINUTES" in page.text) is allowed
    pdf = client.get(f"/events/{meeting.pk}/minutes.pdf")
    assert pdf.status_code == 404  # refused for others; missing file for the leadership


def test_the_minutes_pdf_is_served_with_nosniff_to_those_who_may_see_it(
    client_for_viewer, director
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.leadership.events.test_services import MINIMAL_PDF

    meeting = past(title="Spring meeting")
    services.set_minutes(
        event=meeting, pdf=SimpleUploadedFile("m.pdf", MINIMAL_PDF), acting_user=director
    )
    response = client_for_viewer("other_partner").get(f"/events/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert Client().get(f"/events/{meeting.pk}/minutes.pdf").status_code == 404


def test_markdown_minutes_with_a_script_or_onerror_render_inert(client_for_viewer):
    meeting = past(
        visibility=EventVisibility.PUBLIC,
        minutes_text=(
            "# Minutes\n\n<script>alert('x')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n'
            "[a link](javascript:alert(2)) and **bold** text\n\n"
            '<a href="https://cate.example.org" onclick="steal()">site</a>'
        ),
    )
    page = client_for_viewer("anonymous").get(meeting.get_absolute_url()).text
    minutes = page.split('class="minutes', 1)[1].split("</section>", 1)[0]
    assert "<h1>Minutes</h1>" in minutes
    assert "<strong>bold</strong>" in minutes
    for inert in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert inert not in minutes, inert
    assert 'rel="noopener noreferrer"' in minutes


# --- Proposing ---------------------------------------------------------------------------------


def proposal_data(organization, **overrides):
    return {
        "organization": organization.pk,
        "title": "Survivor-informed care workshop",
        "description": "A half day.",
        "kind": EventKind.TRAINING,
        "starts_at": "2031-03-04T09:00",
        "ends_at": "2031-03-04T12:30",
        "place_name": "Main office",
        "address": "",
        "online_link": "",
        "visibility": EventVisibility.PARTNERS,
        "capacity": "25",
        **overrides,
    }


def test_a_primary_contact_proposes_an_event_the_director_then_sees(
    client_as, primary_contact, organization
):
    response = client_as(primary_contact).post("/events/propose/", proposal_data(organization))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == EventStatus.PROPOSED and event.host == organization
    assert event.starts_at == datetime.datetime(2031, 3, 4, 9, 0, tzinfo=CHICAGO)
    assert "Survivor-informed" not in client_as(primary_contact).get("/events/").text


def test_a_proposal_with_errors_keeps_what_was_typed(client_as, primary_contact, organization):
    data = proposal_data(organization, ends_at="2031-03-04T08:00")
    response = client_as(primary_contact).post("/events/propose/", data)
    assert response.status_code == 400
    assert "Survivor-informed care workshop" in response.text
    assert "An event ends after it starts." in response.text
    assert not Event.objects.exists()


@pytest.mark.parametrize("who", ["staff_member", "user", "director"])
def test_people_who_do_not_manage_a_partner_cannot_propose(client_for_viewer, who):
    assert client_for_viewer(who).get("/events/propose/").status_code == 403


def test_an_executive_leader_cannot_propose_for_another_organization(
    client_as, executive_leader, other_organization
):
    response = client_as(executive_leader).post(
        "/events/propose/", proposal_data(other_organization)
    )
    assert response.status_code == 400
    assert not Event.objects.exists()


# --- Time zone ---------------------------------------------------------------------------------


def test_an_event_at_1_30_on_the_november_change_day_keeps_its_wall_time(
    primary_contact, organization, director_client
):
    """1:30 happens twice on 1 November 2026 in Chicago; the form takes the first (CDT)."""
    data = proposal_data(
        organization,
        starts_at="2026-11-01T01:30",
        ends_at="2026-11-01T04:00",
        visibility=EventVisibility.PUBLIC,
        kind=EventKind.COMMUNITY_EVENT,
    )
    partner = Client()
    partner.force_login(primary_contact)
    response = partner.post("/events/propose/", data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2026, 11, 1, 6, 30, tzinfo=datetime.UTC)
    local = event.starts_at.astimezone(CHICAGO)
    assert (local.hour, local.minute) == (1, 30)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.PUBLISHED)
    page = director_client.get(event.get_absolute_url()).text
    assert "Nov 1, 2026, 1:30 AM" in page
    # The admin's form shows the same wall time back.
    change = director_client.get(f"/admin/leadership/event/{event.pk}/change/").text
    assert 'value="2026-11-01T01:30"' in change


def test_a_time_the_march_change_skips_is_refused_clearly(client_as, primary_contact, organization):
    data = proposal_data(organization, starts_at="2027-03-14T02:30", ends_at="2027-03-14T04:00")
    response = client_as(primary_contact).post("/events/propose/", data)
    assert response.status_code == 400
    assert "does not exist" in response.text


def test_the_month_view_puts_an_evening_event_on_its_chicago_day(client_for_viewer):
    # 11 p.m. in Chicago on 30 June is already 1 July in UTC.
    starts = datetime.datetime(2031, 6, 30, 23, 0, tzinfo=CHICAGO)
    event = EventFactory(
        title="Late vigil",
        visibility=EventVisibility.PUBLIC,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    june = client_for_viewer("anonymous").get("/events/2031/6/").text
    july = client_for_viewer("anonymous").get("/events/2031/7/").text
    assert event.title in june.split("as a list", 1)[1]
    assert event.title not in july.split("as a list", 1)[1]


def test_month_outside_the_range_is_404(client):
    assert client.get("/events/1999/12/").status_code == 404
    assert client.get("/events/2031/13/").status_code == 404


def test_past_events_are_listed_latest_first(client_for_viewer):
    older = past(title="Older meeting", visibility=EventVisibility.PUBLIC)
    newer = EventFactory(
        title="Newer meeting",
        visibility=EventVisibility.PUBLIC,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(hours=20),
    )
    page = client_for_viewer("anonymous").get("/events/past/").text
    assert page.index(newer.title) < page.index(older.title)
    assert "Newer meeting" not in client_for_viewer("anonymous").get("/events/").text


# --- Fixed query counts ------------------------------------------------------------------------


def many_events(count: int, *, month_start: datetime.datetime) -> None:
    host = OrganizationFactory(street_address="1 Main St")
    for n in range(count):
        starts = month_start + datetime.timedelta(days=n % 27, hours=n % 5)
        event = EventFactory(
            title=f"Event {n}",
            visibility=[EventVisibility.PUBLIC, EventVisibility.PARTNERS][n % 2],
            host=host if n % 3 == 0 else None,
            at_host_address=n % 3 == 0,
            capacity=5 if n % 2 else None,
            online_link=LINK if n % 4 == 0 else "",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
        )
        Rsvp.objects.create(
            event=event,
            user=MembershipFactory().user,
            status=RsvpStatus.GOING,
            answered_at=timezone.now(),
        )


@pytest.mark.parametrize("path", ["/events/", "/events/{year}/{month}/"])
def test_event_pages_run_a_fixed_number_of_queries(client_for_viewer, staff_member, path):
    client = client_for_viewer("staff_member")
    first = (timezone.localtime() + datetime.timedelta(days=40)).replace(
        day=1, hour=9, minute=0, second=0, microsecond=0
    )
    url = path.format(year=first.year, month=first.month)
    counts = []
    for size in (3, 30):
        many_events(size, month_start=first)
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert response.text.count("Event ") >= 30
