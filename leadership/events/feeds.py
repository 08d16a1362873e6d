"""Calendar feeds (iCalendar, RFC 5545), built with the `icalendar` package.

- The public feed holds the published public events.
- A person's private feed, at a secret token URL (leadership.models.CalendarFeed), holds exactly
  the events that person may see, with what they may see of each (place, online link), as
  leadership/permissions.py decides for them outside a request (`viewer_for(user)`). A feed is
  read by calendar apps with no session: an address only staff may see stays on the pages
  behind two-factor sign-in, never in a feed.

Each event has a stable UID (``event-<pk>@<site host>``, never reused) and its times in
America/Chicago with the VTIMEZONE that defines them, so calendar apps keep the wall time
across daylight-saving changes. Events that ended more than FEED_HISTORY ago are left out.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as ICalEvent

from cate_portal.notifications import absolute_url
from leadership.events.selectors import answers_of, feed_events, view_of
from partners.visibility import as_viewer

FEED_HISTORY = datetime.timedelta(days=90)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _uid(event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "cate.example.org"
    return f"event-{event.pk}@{host}"


def build_calendar(*, name: str, user: Any, viewer: Any, now=None) -> bytes:
    """The feed of everything `viewer` may see (a user's viewer, or the public's), as bytes."""
    now = now or timezone.now()
    viewer = as_viewer(viewer)
    # Feeds leave the site without a session: no staff-only address in them.
    address_viewer = dataclasses.replace(viewer, is_staff=False)
    events = list(feed_events(viewer, since=now - FEED_HISTORY))
    answers = answers_of(user, events)
    zone = timezone.get_current_timezone()

    calendar = Calendar()
    calendar.add("prodid", "-//CATE Missouri//Coalition portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(zone))
    for event in events:
        answer = answers.get(event.pk)
        view = view_of(event, user=user, viewer=viewer, answer=answer, now=now)
        address = view_of(event, user=user, viewer=address_viewer, answer=answer, now=now).address
        item = ICalEvent()
        item.add("uid", _uid(event))
        item.add("dtstamp", now)
        item.add("dtstart", timezone.localtime(event.starts_at, zone))
        item.add("dtend", timezone.localtime(event.ends_at, zone))
        item.add("summary", event.title)
        link = absolute_url(event.get_absolute_url())
        item.add("url", link)
        description = [event.description.strip(), link]
        if view.online_link:
            description.append(f"Online: {view.online_link}")
        item.add("description", "\n\n".join(part for part in description if part))
        location = ", ".join(part for part in (event.place_name, address) if part)
        if not location and view.online_link:
            location = view.online_link
        if location:
            item.add("location", location)
        item.add("categories", [event.get_kind_display()])
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
