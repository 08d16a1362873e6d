"""`seed_events_demo()`: demo events, answers with a waiting list, attendance; idempotent."""

import pytest
from django.contrib.auth.hashers import make_password

from cate_portal.site.demo import seed_demo_data
from leadership.demo import seed_leadership_demo
from leadership.events.demo import seed_events_demo
from leadership.models import Event, EventAttendance, EventStatus, Rsvp, RsvpStatus

pytestmark = pytest.mark.django_db


def snapshot():
    return Event.objects.count(), Rsvp.objects.count(), EventAttendance.objects.count()


def test_demo_events_are_created_once():
    seed_demo_data(password_hash=make_password("x"))
    seed_leadership_demo()
    seed_events_demo()
    first = snapshot()
    seed_events_demo()
    assert snapshot() == first

    assert Event.objects.filter(status=EventStatus.PROPOSED).count() == 1
    assert Rsvp.objects.filter(status=RsvpStatus.WAITING).count() == 2
    assert Event.objects.published().past().filter(people_trained__gt=0).exists()
    assert Event.objects.filter(at_host_address=True, host__slug="safe-harbor-house").exists()
    assert EventAttendance.objects.count() > 50
