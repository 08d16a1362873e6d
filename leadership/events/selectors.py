"""Reads of events for pages and feeds: what a viewer may see, ready to show, in a fixed number
of queries whatever the number of events.

Each event shown is an `EventView`: the event with what this viewer may see of it (the place's
address, the online link, their own answer, places left), decided by leadership/permissions.py.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from leadership.models import MEETING_KINDS, Event, EventKind, Rsvp, RsvpStatus
from leadership.permissions import (
    may_answer_event,
    may_see_host_address,
    may_see_minutes,
    may_see_online_link,
    visible_events,
)
from partners.models import Organization
from partners.visibility import as_viewer


@dataclass(frozen=True)
class EventView:
    """An event as one viewer may see it."""

    event: Event
    address: str  # the street address this viewer may see ("" when none)
    online_link: str  # "" unless this viewer may attend
    answer: str | None  # the viewer's RsvpStatus, None if they gave none
    places_taken: int
    may_answer: bool
    may_see_minutes: bool

    @property
    def places_left(self) -> int | None:
        if self.event.capacity is None:
            return None
        return max(self.event.capacity - self.places_taken, 0)

    @property
    def ends_same_day(self) -> bool:
        """Whether it ends on the day it starts, in Missouri time (then only the end time is
        written)."""
        return (
            timezone.localtime(self.event.starts_at).date()
            == timezone.localtime(self.event.ends_at).date()
        )

    @property
    def is_full(self) -> bool:
        return self.places_left == 0


def _base(user_or_viewer: Any):
    return (
        visible_events(user_or_viewer)
        .select_related("host")
        .prefetch_related("host__services")
        .annotate(going=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
    )


def answers_of(user: Any, events: list[Event]) -> dict[int, str]:
    """The person's answer to each of these events: {event pk: RsvpStatus}. One query."""
    if not events or not getattr(user, "is_authenticated", False):
        return {}
    return dict(
        Rsvp.objects.filter(user=user, event__in=[event.pk for event in events]).values_list(
            "event_id", "status"
        )
    )


def view_of(event: Event, *, user: Any, viewer: Any, answer: str | None, now=None) -> EventView:
    """What `viewer` (the request's, or a user's outside a request) may see of one event.
    `event` needs `going` annotated (or it is counted) and its host's services prefetched."""
    address = event.address
    if event.at_host_address:
        address = event.host.street_address if may_see_host_address(viewer, event) else ""
    going = getattr(event, "going", None)
    if going is None:
        going = event.rsvps.filter(status=RsvpStatus.GOING).count()
    return EventView(
        event=event,
        address=address,
        online_link=event.online_link
        if may_see_online_link(user, viewer, event, rsvp_status=answer)
        else "",
        answer=answer,
        places_taken=going,
        may_answer=may_answer_event(user, viewer, event, now=now),
        may_see_minutes=may_see_minutes(viewer, event),
    )


def _views(events: list[Event], *, user: Any, viewer: Any, now=None) -> list[EventView]:
    answers = answers_of(user, events)
    return [
        view_of(event, user=user, viewer=viewer, answer=answers.get(event.pk), now=now)
        for event in events
    ]


def upcoming_events(*, user: Any, viewer: Any, now=None, limit: int = 100) -> list[EventView]:
    """Events not over yet, soonest first (at most `limit`). Three queries."""
    now = now or timezone.now()
    viewer = as_viewer(viewer)
    events = list(_base(viewer).upcoming(now).order_by("starts_at", "pk")[:limit])
    return _views(events, user=user, viewer=viewer, now=now)


def next_change(views: list[EventView], now=None) -> datetime.datetime | None:
    """The next moment a list of `views` changes by the clock alone (an event starts, which
    closes its answers, or ends, which takes it off the upcoming list); None for no event.
    A moment already past (an event ended since the list was read) is returned as it is: the
    page is out of date already, and the page cache keeps it no time."""
    now = now or timezone.now()
    moments = [
        view.event.starts_at if view.event.starts_at > now else view.event.ends_at for view in views
    ]
    return min(moments, default=None)


def past_events(*, user: Any, viewer: Any, now=None):
    """A queryset of past events, latest first, for a paginator; pass each page to `views_of`."""
    return _base(as_viewer(viewer)).past(now).order_by("-starts_at", "-pk")


def views_of(events, *, user: Any, viewer: Any, now=None) -> list[EventView]:
    return _views(list(events), user=user, viewer=as_viewer(viewer), now=now)


@dataclass(frozen=True)
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    events: list[EventView]


def month_weeks(*, year: int, month: int, user: Any, viewer: Any, now=None) -> list[list[Day]]:
    """The month as weeks (Sunday first, as calendars in the United States), each day with the
    events starting that day in Chicago time. Three queries."""
    now = now or timezone.now()
    viewer = as_viewer(viewer)
    cal = calendar.Calendar(firstweekday=calendar.SUNDAY)
    days = list(cal.itermonthdates(year, month))
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(days[0], datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        days[-1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    events = list(
        _base(viewer).filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk")
    )
    by_day: dict[datetime.date, list[EventView]] = {}
    for view in _views(events, user=user, viewer=viewer, now=now):
        by_day.setdefault(timezone.localtime(view.event.starts_at).date(), []).append(view)
    today = timezone.localtime(now).date()
    weeks = []
    for index in range(0, len(days), 7):
        weeks.append(
            [
                Day(
                    date=day,
                    in_month=day.month == month,
                    is_today=day == today,
                    events=by_day.get(day, []),
                )
                for day in days[index : index + 7]
            ]
        )
    return weeks


def neighbour_months(
    *, year: int, month: int, viewer: Any
) -> tuple[datetime.date | None, datetime.date | None]:
    """The nearest earlier and later months holding an event this viewer may see (their first
    days), or None. Two queries. The month view links to these rather than to every month, so
    a crawler (or a person) never walks through endless empty months."""
    viewer = as_viewer(viewer)
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    events = visible_events(viewer)
    before = (
        events.filter(starts_at__lt=start)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    after = (
        events.filter(starts_at__gte=end)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )

    def first_day(moment):
        return timezone.localtime(moment).date().replace(day=1) if moment else None

    return first_day(before), first_day(after)


def event_for(pk: int, *, user: Any, viewer: Any) -> EventView | None:
    """One event this viewer may see, or None (not found, not published, or not for them)."""
    viewer = as_viewer(viewer)
    event = _base(viewer).filter(pk=pk).first()
    if event is None:
        return None
    return _views([event], user=user, viewer=viewer)[0]


def feed_events(viewer: Any, *, since: datetime.datetime):
    """Events for a calendar feed: visible to the viewer, ending after `since`."""
    return (
        visible_events(viewer)
        .filter(ends_at__gte=since)
        .select_related("host")
        .prefetch_related("host__services")
        .order_by("starts_at", "pk")
    )


# --- Attendance over a period (the admin, the dashboard, the evaluation) ---------------------


@dataclass(frozen=True)
class OrganizationAttendance:
    organization_id: int
    name: str
    attended: int
    held: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.attended / self.held, 1) if self.held else None


def meetings_held(start: datetime.datetime, end: datetime.datetime):
    """Published meetings (coalition and leadership) that took place in [start, end)."""
    return Event.objects.published().filter(
        kind__in=MEETING_KINDS, starts_at__gte=start, starts_at__lt=end, ends_at__lte=timezone.now()
    )


def awaiting_attendance():
    """Published meetings and trainings that are over, with no attendance recorded yet."""
    return (
        Event.objects.published()
        .past()
        .filter(kind__in=(*MEETING_KINDS, EventKind.TRAINING), attendance_recorded_at__isnull=True)
    )


def trainings_given(start: datetime.datetime, end: datetime.datetime):
    """Published trainings that took place in [start, end)."""
    return Event.objects.published().filter(
        kind=EventKind.TRAINING,
        starts_at__gte=start,
        starts_at__lt=end,
        ends_at__lte=timezone.now(),
    )


def attendance_by_organization(
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    least_first: bool = False,
    limit: int | None = None,
) -> list[OrganizationAttendance]:
    """For each active organization (by name, or those attending least first): the meetings
    held in the period it attended, of all held. Two queries."""
    held = meetings_held(start, end)
    count = held.count()
    rows = (
        Organization.objects.active()
        .annotate(attended=Count("event_attendances", filter=Q(event_attendances__event__in=held)))
        .order_by(*(["attended", "name"] if least_first else ["name"]))
        .values_list("pk", "name", "attended")
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        OrganizationAttendance(organization_id=pk, name=name, attended=attended, held=count)
        for pk, name, attended in rows
    ]


def last_twelve_months(now=None) -> tuple[datetime.datetime, datetime.datetime]:
    now = now or timezone.now()
    return now - datetime.timedelta(days=365), now
