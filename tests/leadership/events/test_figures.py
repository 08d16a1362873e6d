"""The trainings figure on the home page (leadership/events/figures.py): this year's trainings
that are over, and the people they trained, equal to the records."""

import datetime
import zoneinfo

import pytest

from leadership.events.figures import training_figures
from leadership.models import EventKind, EventStatus, EventVisibility
from tests.leadership.factories import EventFactory

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def training(start: datetime.datetime, **fields):
    return EventFactory(
        kind=EventKind.TRAINING,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        **fields,
    )


def test_trainings_of_this_year_that_are_over_are_counted_with_the_people_trained(
    django_assert_num_queries,
):
    now = datetime.datetime.now(CHICAGO)
    this_year = now.year
    training(datetime.datetime(this_year, 1, 1, 9, tzinfo=CHICAGO), people_trained=12)
    training(now - datetime.timedelta(days=1), people_trained=30, visibility=EventVisibility.PUBLIC)
    # Not counted: last year's (by Missouri's calendar), a future one, a declined proposal, a
    # meeting.
    training(datetime.datetime(this_year - 1, 12, 31, 21, tzinfo=CHICAGO), people_trained=99)
    training(now + datetime.timedelta(days=2), people_trained=50)
    training(now - datetime.timedelta(days=3), people_trained=7, status=EventStatus.DECLINED)
    EventFactory(
        starts_at=now - datetime.timedelta(days=4),
        ends_at=now - datetime.timedelta(days=4) + datetime.timedelta(hours=1),
    )

    with django_assert_num_queries(1):
        (figure,) = training_figures(now.date())

    assert figure.key == "trainings"
    assert figure.value == 2
    assert figure.label == "trainings this year"
    assert f"42 people trained so far in {this_year}." == figure.detail


def test_the_home_page_shows_the_trainings_figure(client):
    training(datetime.datetime.now(CHICAGO) - datetime.timedelta(days=1), people_trained=5)

    html = client.get("/").content.decode()

    assert 'data-figure="trainings"' in html
    assert "training this year" in html
