"""Two answers racing for the last place of an event, on PostgreSQL: the capacity holds."""

import threading

import pytest
from django.db import connection, connections

from leadership.events import services
from leadership.models import Rsvp, RsvpStatus
from tests.factories import MembershipFactory
from tests.leadership.factories import EventFactory

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs concurrent writers: SQLite's in-memory test database serializes them.",
    ),
]


def test_two_answers_racing_for_the_last_place_never_exceed_the_capacity():
    rounds = 5
    for _ in range(rounds):
        event = EventFactory(capacity=2)
        holder = MembershipFactory().user
        services.answer_event(event=event, user=holder, going=True, acting_user=holder)
        racers = [MembershipFactory().user for _ in range(2)]
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def answer(person, barrier=barrier, errors=errors, event=event):
            try:
                barrier.wait(timeout=10)
                services.answer_event(event=event, user=person, going=True, acting_user=person)
            except BaseException as error:  # reported to the main thread
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=answer, args=(person,)) for person in racers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors

        answers = dict(
            Rsvp.objects.filter(event=event, user__in=racers).values_list("user_id", "status")
        )
        assert sorted(answers.values()) == [RsvpStatus.GOING, RsvpStatus.WAITING]
        assert Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count() == 2
