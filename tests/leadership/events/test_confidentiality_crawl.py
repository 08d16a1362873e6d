"""Sentinel crawl of the events' pages: a shelter-hosted meeting's street address, an online
link, a leadership meeting and its minutes appear on no page served to people not entitled to
them. Uses the partners' crawler (every same-site link from "/", GET only)."""

import datetime

import pytest
from django.utils import timezone

from leadership.models import EventKind, EventVisibility
from partners.models import Organization, Visibility
from tests.leadership.factories import EventFactory
from tests.partners.test_confidentiality_crawl import crawl, leaks

SENTINEL_STREET = "SENTINEL-EVENT-STREET-7c2a 9 Quiet Lane"
SENTINEL_LINK = "https://meet.example.org/SENTINEL-LINK-7c2a"
SENTINEL_LEADERSHIP = "SENTINEL-LEADERSHIP-7c2a"
SENTINEL_MINUTES = "SENTINEL-MINUTES-7c2a"


@pytest.fixture
def confidential_events(shelter):
    Organization.objects.filter(pk=shelter.pk).update(
        street_address=SENTINEL_STREET, street_address_visibility=Visibility.STAFF
    )
    shelter.refresh_from_db()
    now = timezone.now()
    at_shelter = EventFactory(
        title="Public meeting at the shelter",
        visibility=EventVisibility.PUBLIC,
        host=shelter,
        at_host_address=True,
        online_link=SENTINEL_LINK,
        capacity=10,
    )
    EventFactory(
        title=f"Retreat {SENTINEL_LEADERSHIP}",
        kind=EventKind.LEADERSHIP_MEETING,
        visibility=EventVisibility.LEADERSHIP,
    )
    past_leadership = EventFactory(
        title="Past leadership meeting",
        kind=EventKind.LEADERSHIP_MEETING,
        visibility=EventVisibility.LEADERSHIP,
        starts_at=now - datetime.timedelta(days=10),
        ends_at=now - datetime.timedelta(days=10, hours=-2),
        minutes_text=SENTINEL_MINUTES,
    )
    return at_shelter, past_leadership


@pytest.mark.parametrize("who", ["anonymous", "other_partner", "director_without_2fa"])
def test_event_sentinels_are_on_no_page_reachable_by_people_not_entitled(
    client_for_viewer, confidential_events, who
):
    at_shelter, _ = confidential_events
    pages = crawl(client_for_viewer(who))
    assert "/events/" in pages
    assert at_shelter.get_absolute_url() in pages
    sentinels = [SENTINEL_STREET, SENTINEL_LEADERSHIP, SENTINEL_MINUTES]
    # Places are limited: the link is only for people holding one, and none of them does.
    sentinels.append(SENTINEL_LINK)
    assert leaks(pages, sentinels) == []


def test_the_crawl_finds_them_as_the_director(client_for_viewer, confidential_events):
    """Control: the same crawl as the director with a second factor finds every sentinel."""
    pages = crawl(client_for_viewer("director"))
    found = {
        sentinel
        for _url, sentinel in leaks(
            pages, (SENTINEL_STREET, SENTINEL_LINK, SENTINEL_LEADERSHIP, SENTINEL_MINUTES)
        )
    }
    assert found == {SENTINEL_STREET, SENTINEL_LINK, SENTINEL_LEADERSHIP, SENTINEL_MINUTES}
