"""The upcoming events page in the public page cache: kept until the data changes or the
first listed event starts or ends, whichever comes first (leadership.events.selectors
.next_change, cate_portal.page_cache.page_changes_at)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leadership.events.selectors import next_change, upcoming_events
from leadership.models import EventVisibility
from partners.visibility import ANONYMOUS
from tests.leadership.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def queries_for(url):
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    assert response.status_code == 200
    return response, len(captured)


def test_the_upcoming_events_page_is_served_again_until_an_event_changes():
    event = EventFactory(visibility=EventVisibility.PUBLIC, title="Open training")
    _first, first_queries = queries_for("/events/")
    again, again_queries = queries_for("/events/")
    assert first_queries > 0 and again_queries == 0
    assert "Open training" in again.content.decode()

    event.title = "Renamed training"
    event.save()

    assert "Renamed training" in Client().get("/events/").content.decode()


def test_an_entry_lives_no_longer_than_until_the_first_listed_event_starts():
    starts_at = timezone.now() + datetime.timedelta(seconds=40)
    EventFactory(visibility=EventVisibility.PUBLIC, starts_at=starts_at)
    Client().get("/events/")
    [key] = [key for key in cache._cache if "public-page:" in key]
    expires = datetime.datetime.fromtimestamp(cache._expire_info[key], datetime.UTC)
    assert expires <= starts_at + datetime.timedelta(seconds=1)


def test_next_change_is_the_first_start_ahead_or_the_end_of_one_under_way():
    now = timezone.now()
    later = EventFactory(
        visibility=EventVisibility.PUBLIC, starts_at=now + datetime.timedelta(days=2)
    )
    under_way = EventFactory(
        visibility=EventVisibility.PUBLIC,
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=1),
    )
    views = upcoming_events(user=None, viewer=ANONYMOUS, now=now)
    assert {view.event for view in views} == {later, under_way}
    assert next_change(views, now=now) == under_way.ends_at
    assert next_change([], now=now) is None


def test_a_list_read_just_before_an_event_ended_is_not_kept():
    """The list is read, then the clock passes the end of an event it shows: the page is
    already out of date, so next_change gives that past moment (the cache keeps it 0 s), not
    the next start ahead (which would keep the ended event listed for minutes)."""
    now = timezone.now()
    ending = EventFactory(
        visibility=EventVisibility.PUBLIC,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(milliseconds=5),
    )
    EventFactory(visibility=EventVisibility.PUBLIC, starts_at=now + datetime.timedelta(days=2))
    views = upcoming_events(user=None, viewer=ANONYMOUS, now=now)
    assert ending in {view.event for view in views}

    moment = next_change(views, now=ending.ends_at + datetime.timedelta(milliseconds=1))

    assert moment == ending.ends_at


def test_the_anonymous_copy_is_never_served_to_a_signed_in_partner(client, primary_contact):
    EventFactory(visibility=EventVisibility.PUBLIC, title="Open training")
    EventFactory(visibility=EventVisibility.PARTNERS, title="Partners briefing")
    assert "Partners briefing" not in Client().get("/events/").content.decode()
    assert "Partners briefing" not in Client().get("/events/").content.decode()  # the copy

    client.force_login(primary_contact)
    page = client.get("/events/").content.decode()

    assert "Partners briefing" in page and "Open training" in page
    assert [key for key in cache._cache if "public-page:" in key] != []  # a copy was there
