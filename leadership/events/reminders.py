"""The day-before reminder of an event: the "events" kind of the reminder engine
(cate_portal.reminders), registered from LeadershipConfig.ready().

Everyone going to a published event that starts within the next REMIND_BEFORE gets one e-mail,
once: the key is the event and the person, and the kind is ONCE, so running `send_reminders`
as often as you like (or from two hosts at once) sends each reminder at most once. People on
the waiting list, and inactive accounts, get none. The e-mail links to the event's page, which
shows the place and the online link to whoever may see them; it carries neither.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils import timezone

from cate_portal.notifications import absolute_url
from cate_portal.reminders import ONCE, Reminder, ReminderKind, subject_key
from leadership.models import Event, Rsvp, RsvpStatus

REMIND_BEFORE = datetime.timedelta(days=1)


def event_reminders(now: datetime.datetime) -> Iterator[Reminder]:
    """One reminder per person going, for each event starting in (now, now + REMIND_BEFORE]."""
    answers = (
        Rsvp.objects.filter(
            status=RsvpStatus.GOING,
            user__is_active=True,
            event__in=Event.objects.published().filter(
                starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE
            ),
        )
        .select_related("event", "user")
        .order_by("event__starts_at", "event_id", "user_id")
    )
    for rsvp in answers:
        event = rsvp.event
        yield Reminder(
            key=subject_key(event, rsvp.user),
            about=f"“{event}” to {rsvp.user.email}",
            recipients=[rsvp.user.email],
            subject=f"Tomorrow: {event.title}",
            template="emails/event_reminder.txt",
            context={
                "event": event,
                "starts_at": timezone.localtime(event.starts_at),
                "link": absolute_url(event.get_absolute_url()),
            },
        )


EVENT_REMINDERS = ReminderKind(
    name="events",
    every=ONCE,
    due=event_reminders,
    no_recipients="no e-mail address",
)
