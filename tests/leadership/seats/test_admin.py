"""The director's admin for seats and terms: pages open, overlaps refused, titles one line."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.models import Seat, SeatKind, Term
from tests.leadership.factories import (
    SeatFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:leadership_{model._meta.model_name}_{view}", args=args)


def test_seat_change_page_lists_terms_and_vacancy_filter_works(director_client):
    held = SeatFactory(title="Chair")
    TermFactory(seat=held, name="Pat Lee")
    SeatFactory(title="Treasurer")
    assert "Pat Lee" in director_client.get(url(Seat, "change", held.pk)).content.decode()
    vacant = director_client.get(url(Seat, "changelist") + "?held=vacant").content.decode()
    assert "Treasurer" in vacant
    assert ">Chair<" not in vacant


def test_term_filter_shows_terms_ending_within_60_days(director_client):
    today = timezone.localdate()
    TermFactory(name="Ends Soon", ended_on=today + datetime.timedelta(days=20))
    TermFactory(name="Ends Later", ended_on=today + datetime.timedelta(days=200))
    html = director_client.get(url(Term, "changelist") + "?ending=soon").content.decode()
    assert "Ends Soon" in html
    assert "Ends Later" not in html


def test_adding_an_overlapping_term_in_admin_is_refused(director_client):
    seat = SeatFactory(kind=SeatKind.OFFICER, title="Chair")
    TermFactory(seat=seat, name="Pat Lee", started_on=datetime.date(2020, 1, 1))
    response = director_client.post(
        url(Term, "add"), {"seat": seat.pk, "name": "Sam Roe", "started_on": "2022-01-01"}
    )
    assert response.status_code == 200
    assert "overlaps another term" in response.content.decode()
    assert Term.objects.count() == 1


def test_a_seat_title_with_a_direction_override_is_refused_in_the_admin(director_client):
    # Issue 10, rule 7: single-line fields refuse invisible control characters, admin included.
    response = director_client.post(
        url(Seat, "add"),
        {
            "kind": SeatKind.OFFICER,
            "title": "Chair\u202eriahC",
            "active": "on",
            "terms-TOTAL_FORMS": 0,
            "terms-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "text-direction character U+202E" in response.content.decode()
    assert not Seat.objects.filter(kind=SeatKind.OFFICER).exists()
