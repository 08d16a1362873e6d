"""Events on the director's dashboard (cate_portal.admin_dashboard), registered from
LeadershipConfig.ready(): proposals to publish and meetings whose attendance is not recorded
(to do), and the last 12 months: meetings held, trainings given, people trained, and each
organization's attendance rate (state). Fixed queries; every figure links to its records."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse

from cate_portal.admin_dashboard import STATE, TODO, Figure, Panel, Row, changelist_url, register
from leadership.events.selectors import (
    attendance_by_organization,
    awaiting_attendance,
    last_twelve_months,
    meetings_held,
    trainings_given,
)
from leadership.models import Event, EventStatus


def events_tasks(request) -> Panel:
    proposed = Event.objects.filter(status=EventStatus.PROPOSED).count()
    unrecorded = awaiting_attendance().count()
    return Panel(
        section=TODO,
        title="Events",
        figures=[
            Figure(
                "events proposed by partners, to publish or decline",
                proposed,
                changelist_url("leadership", "event", status=EventStatus.PROPOSED),
            ),
            Figure(
                "past meetings and trainings without attendance recorded",
                unrecorded,
                changelist_url("leadership", "event", when="no-attendance"),
            ),
        ],
    )


#: How many organizations the dashboard lists (those attending least); the admin's attendance
#: page lists them all.
DASHBOARD_ATTENDANCE_ROWS = 10


def events_state(request) -> Panel:
    """Five queries: meetings held, trainings (count and people trained), and the
    organizations attending least (two)."""
    start, end = last_twelve_months()
    held = meetings_held(start, end).count()
    trainings = trainings_given(start, end).aggregate(
        given=Count("pk"), trained=Sum("people_trained")
    )
    rows = [
        Row(
            cells=(
                row.name,
                f"{row.attended} of {row.held}",
                f"{row.rate:.0f}%" if row.rate is not None else "n/a",
            ),
            url=reverse("admin:partners_organization_change", args=[row.organization_id]),
        )
        for row in attendance_by_organization(
            start, end, least_first=True, limit=DASHBOARD_ATTENDANCE_ROWS
        )
    ]
    return Panel(
        section=STATE,
        title="Meetings and trainings, last 12 months",
        figures=[
            Figure(
                "meetings held", held, changelist_url("leadership", "event", when="meetings-12m")
            ),
            Figure(
                "trainings given",
                trainings["given"],
                changelist_url("leadership", "event", when="trainings-12m"),
            ),
        ],
        headings=("Partners attending least", "Meetings attended", "Attendance rate"),
        rows=rows,
        links=[("Attendance of every partner", reverse("admin:leadership_event_attendance"))],
        note=f"People trained: {trainings['trained'] or 0}.",
    )


def register_panels() -> None:
    register(events_tasks, order=25)
    register(events_state, order=140)
