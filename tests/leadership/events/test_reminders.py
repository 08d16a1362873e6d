"""The day-before reminder of an event, through the reminder engine: one per person going per
event, idempotent."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cate_portal.models import SentReminder
from cate_portal.reminders import send_due
from leadership.events import services
from leadership.events.reminders import EVENT_REMINDERS
from leadership.models import EventStatus
from tests.factories import MembershipFactory
from tests.leadership.factories import EventFactory

pytestmark = pytest.mark.django_db


def going(event, count):
    people = [MembershipFactory().user for _ in range(count)]
    for person in people:
        services.answer_event(event=event, user=person, going=True, acting_user=person)
    return people


def test_people_going_get_one_reminder_the_day_before(django_capture_on_commit_callbacks):
    now = timezone.now()
    tomorrow = EventFactory(
        title="Tomorrow's training",
        capacity=2,
        starts_at=now + datetime.timedelta(hours=20),
        ends_at=now + datetime.timedelta(hours=22),
    )
    later = EventFactory(starts_at=now + datetime.timedelta(days=3))
    holders = going(tomorrow, 2)
    waiting = going(tomorrow, 1)[0]
    going(later, 1)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        outcome = send_due(EVENT_REMINDERS, now=now)
    assert outcome.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in holders)
    assert waiting.email not in {m.to[0] for m in mail.outbox}
    assert "Tomorrow's training" in mail.outbox[0].subject
    assert f"/events/{tomorrow.pk}/" in mail.outbox[0].body

    # Run again, an hour later and through the command: nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = send_due(EVENT_REMINDERS, now=now + datetime.timedelta(hours=1))
        call_command("send_reminders", "--kind", "events", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert again.sent == 0
    assert mail.outbox == []
    assert SentReminder.objects.filter(kind="events").count() == 2


def test_unpublished_events_and_inactive_accounts_get_none(django_capture_on_commit_callbacks):
    now = timezone.now()
    event = EventFactory(starts_at=now + datetime.timedelta(hours=5))
    person = going(event, 1)[0]
    person.is_active = False
    person.save()
    EventFactory(status=EventStatus.PROPOSED, starts_at=now + datetime.timedelta(hours=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(EVENT_REMINDERS, now=now).sent == 0
    assert mail.outbox == []
