"""Events on the coalition's evaluation (cate_portal.evaluation), registered from
LeadershipConfig.ready(): per year, meetings held and their attendance rate, trainings given
and people trained.

A meeting (coalition or leadership) or training counts in the year it started (Chicago time),
once published and over. Attendance rate of a year: the organizations recorded as attending
its meetings, summed, over the active partners at the time of each meeting, approximated by the
partners active now plus those recorded as attending (an organization that left since still
counted where it attended). Meetings without attendance recorded count as held, with no
attendance, so recording it is visible here.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Min
from django.utils import timezone

from cate_portal.evaluation import Indicator, Year, register, register_beginning
from leadership.models import MEETING_KINDS, Event, EventKind
from partners.models import Organization


def beginning() -> datetime.date | None:
    first = Event.objects.published().aggregate(first=Min("starts_at"))["first"]
    return timezone.localtime(first).date() if first else None


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def event_indicators(years: list[Year]) -> list[Indicator]:
    """Three queries: the events with their attendance counts, the active partners."""
    now = timezone.now()
    events = list(
        Event.objects.published()
        .filter(kind__in=(*MEETING_KINDS, EventKind.TRAINING), ends_at__lte=now)
        .annotate(attending=Count("attendances"))
        .values("kind", "starts_at", "attending", "people_trained")
    )
    active = Organization.objects.active().count()
    rows = []
    for year in years:
        of_year = [e for e in events if timezone.localtime(e["starts_at"]).date() in year]
        meetings = [e for e in of_year if e["kind"] in MEETING_KINDS]
        trainings = [e for e in of_year if e["kind"] == EventKind.TRAINING]
        attended = sum(e["attending"] for e in meetings)
        expected = sum(max(active, e["attending"]) for e in meetings)
        rows.append(
            (
                year.label,
                len(meetings),
                _percent(attended, expected),
                len(trainings),
                sum(e["people_trained"] or 0 for e in trainings),
            )
        )
    return [
        Indicator(
            key="meetings",
            title="Meetings, trainings and people trained",
            description="Coalition and leadership meetings held in the year and the share of "
            "partners recorded as attending them; trainings given and the people they trained.",
            headings=(
                "Year",
                "Meetings held",
                "Attendance rate (%)",
                "Trainings given",
                "People trained",
            ),
            rows=rows,
            charted=("Meetings held", "Trainings given"),
        )
    ]


def register_indicators() -> None:
    register_beginning(beginning)
    register(event_indicators, order=50, permission="leadership.view_event")
