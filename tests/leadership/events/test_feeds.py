"""Calendar feeds: they parse with icalendar, hold exactly what the viewer may see, keep stable
UIDs and wall times, and a reset token ends the old feed."""

import datetime
import zoneinfo

import pytest
from django.test import Client
from icalendar import Calendar

from leadership.events import services
from leadership.models import EventKind, EventStatus, EventVisibility
from tests.leadership.factories import EventFactory

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
LINK = "https://meet.example.org/feed-secret"


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def unfolded(calendar: Calendar) -> str:
    """Every event's text, unfolded (iCalendar folds long lines)."""
    return "\n".join(
        f"{item.get('description', '')}\n{item.get('location', '')}"
        for item in calendar.walk("VEVENT")
    )


def titles(calendar: Calendar) -> set[str]:
    return {str(item["summary"]) for item in calendar.walk("VEVENT")}


@pytest.fixture
def events(db, shelter):
    return {
        "public": EventFactory(
            title="Public walk",
            kind=EventKind.COMMUNITY_EVENT,
            visibility=EventVisibility.PUBLIC,
            host=shelter,
            at_host_address=True,
            online_link=LINK,
        ),
        "partners": EventFactory(title="Partners meeting"),
        "leadership": EventFactory(
            title="Leadership meeting",
            kind=EventKind.LEADERSHIP_MEETING,
            visibility=EventVisibility.LEADERSHIP,
        ),
        "proposed": EventFactory(title="Proposed", status=EventStatus.PROPOSED),
    }


def private_feed(user) -> Calendar:
    token = services.calendar_feed_for(user=user).token
    return parse(Client().get(f"/events/feed/{token}.ics"))


def test_the_public_feed_holds_the_public_events_without_address_or_link(client, events):
    calendar = parse(client.get("/events/calendar.ics"))
    assert titles(calendar) == {"Public walk"}
    text = unfolded(calendar)
    assert "77 Sentinel Row" not in text
    assert LINK not in text


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("user", {"Public walk"}),
        ("other_partner", {"Public walk", "Partners meeting"}),
        ("executive_leader", {"Public walk", "Partners meeting", "Leadership meeting"}),
        ("director", {"Public walk", "Partners meeting", "Leadership meeting"}),
    ],
)
def test_a_private_feed_holds_exactly_what_its_person_may_see(request, events, who, expected):
    person = request.getfixturevalue(who)
    calendar = private_feed(person)
    assert titles(calendar) == expected
    text = unfolded(calendar)
    assert LINK in text  # signed-in people may attend the public event
    # A feed leaves the site without a session: the shelter's staff-only address, never.
    assert "77 Sentinel Row" not in text


def test_uids_are_stable_and_times_carry_their_time_zone(client, events):
    first = parse(client.get("/events/calendar.ics"))
    second = parse(client.get("/events/calendar.ics"))
    uid = str(first.walk("VEVENT")[0]["uid"])
    assert uid == str(second.walk("VEVENT")[0]["uid"])
    assert uid.startswith(f"event-{events['public'].pk}@")
    start = first.walk("VEVENT")[0]["dtstart"]
    assert start.params["TZID"] == "America/Chicago"
    assert [str(zone["tzid"]) for zone in first.walk("VTIMEZONE")] == ["America/Chicago"]


def test_an_event_at_1_30_on_the_november_change_day_keeps_its_wall_time_in_the_feed(client):
    starts = datetime.datetime(2026, 11, 1, 1, 30, tzinfo=CHICAGO)  # fold=0: CDT, 06:30 UTC
    EventFactory(
        title="Overnight vigil",
        visibility=EventVisibility.PUBLIC,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    from unittest import mock

    now = datetime.datetime(2026, 10, 20, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=now):
        calendar = parse(client.get("/events/calendar.ics"))
    item = calendar.walk("VEVENT")[0]
    assert "DTSTART;TZID=America/Chicago:20261101T013000" in item.to_ical().decode()
    start = item.decoded("dtstart")
    assert start.astimezone(datetime.UTC) == datetime.datetime(
        2026, 11, 1, 6, 30, tzinfo=datetime.UTC
    )


def test_resetting_the_token_ends_the_old_feed(client_as, user):
    old = services.calendar_feed_for(user=user).token
    assert Client().get(f"/events/feed/{old}.ics").status_code == 200
    response = client_as(user).post("/accounts/calendar-feed/reset/")
    assert response.status_code == 302
    assert Client().get(f"/events/feed/{old}.ics").status_code == 404
    new = services.calendar_feed_for(user=user).token
    assert new != old
    assert Client().get(f"/events/feed/{new}.ics").status_code == 200
    assert new in client_as(user).get("/accounts/calendar-feed/").text


def test_an_unknown_token_or_a_deactivated_account_gets_nothing(user):
    assert Client().get("/events/feed/not-a-token.ics").status_code == 404
    token = services.calendar_feed_for(user=user).token
    user.is_active = False
    user.save()
    assert Client().get(f"/events/feed/{token}.ics").status_code == 404


def test_the_feed_page_is_for_signed_in_people(client):
    response = client.get("/accounts/calendar-feed/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
