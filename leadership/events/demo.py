"""Demo events: `seed_events_demo()`, called by `seed_demo` after the leadership's demo.

Upcoming meetings, a training with a waiting list, a community event at a shelter (its address
hidden from the public), a partner's proposal waiting for the director, and past meetings and
trainings back to 2019 with attendance, people trained and minutes, so the dashboard, the
evaluation and the attendance page have something to show. Idempotent: events are found by
title; answers and attendance are written once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from leadership.events import services
from leadership.models import Event, EventKind, EventVisibility
from partners.models import Membership, Organization, Role

SHELTER_SLUG = "safe-harbor-house"
PROPOSING_SLUG = "gateway-legal-aid-project"

MINUTES = """## Attendance

Nine partners attended; the Coalition Director chaired.

## Decisions

1. The referral protocol goes to a vote next month.
2. The training calendar for the spring is adopted.

## Next steps

- Partners send their updated contacts **before the 15th**.
- The working group on labor trafficking meets in Springfield.
"""


@dataclass
class EventsDemoResult:
    events_created: int = 0


def _chicago(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _ensure(title: str, **fields) -> tuple[Event, bool]:
    event = Event.objects.filter(title=title).first()
    if event is not None:
        return event, False
    event = Event(title=title, **fields)
    services.save_event(event=event, acting_user=None)
    return event, True


@transaction.atomic
def seed_events_demo() -> EventsDemoResult:
    result = EventsDemoResult()
    today = timezone.localdate()
    active = list(Organization.objects.active().order_by("name"))
    shelter = Organization.objects.filter(slug=SHELTER_SLUG).first()

    def upcoming(days: int, hour: int) -> dict:
        starts = _chicago(today + datetime.timedelta(days=days), hour)
        return {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2)}

    _, created = _ensure(
        "Quarterly coalition meeting",
        kind=EventKind.COALITION_MEETING,
        visibility=EventVisibility.PARTNERS,
        description="Updates from the working groups, the referral protocol, partner news.",
        place_name="Missouri History Museum, Community room",
        address="5700 Lindell Blvd, St. Louis, MO 63112",
        online_link="https://meet.example.org/cate-quarterly",
        **upcoming(12, 10),
    )
    result.events_created += created
    _, created = _ensure(
        "Leadership meeting: budget and strategic plan",
        kind=EventKind.LEADERSHIP_MEETING,
        visibility=EventVisibility.LEADERSHIP,
        online_link="https://meet.example.org/cate-leadership",
        **upcoming(5, 12),
    )
    result.events_created += created
    training, created = _ensure(
        "Trauma-informed intake: a training for front-line staff",
        kind=EventKind.TRAINING,
        visibility=EventVisibility.PARTNERS,
        description="Three hours, with practice interviews. Places are limited.",
        place_name="Springfield-Greene County Library, Meeting room B",
        address="4653 S Campbell Ave, Springfield, MO 65810",
        capacity=3,
        **upcoming(20, 9),
    )
    result.events_created += created
    if created:
        # Three places taken, two people waiting: the waiting list shows.
        people = (
            Membership.objects.current()
            .filter(organization__in=active, user__is_active=True)
            .select_related("user")
            .order_by("organization__name", "pk")[:5]
        )
        for membership in people:
            services.answer_event(
                event=training, user=membership.user, going=True, acting_user=None
            )
    if shelter is not None:
        _, created = _ensure(
            "Open house for partners at Safe Harbor House",
            kind=EventKind.COMMUNITY_EVENT,
            visibility=EventVisibility.PARTNERS,
            description="Meet the team; the address is given to partners the shelter allows.",
            host=shelter,
            at_host_address=True,
            **upcoming(30, 15),
        )
        result.events_created += created
    _, created = _ensure(
        "Freedom Walk St. Louis",
        kind=EventKind.COMMUNITY_EVENT,
        visibility=EventVisibility.PUBLIC,
        description="A public walk for awareness of human trafficking. Everyone is welcome.",
        place_name="Kiener Plaza",
        address="500 Chestnut St, St. Louis, MO 63101",
        **upcoming(40, 9),
    )
    result.events_created += created
    proposing = Organization.objects.filter(slug=PROPOSING_SLUG).first()
    if proposing is not None and not Event.objects.filter(host=proposing).exists():
        leader = (
            Membership.objects.managing()
            .filter(organization=proposing, role=Role.PRIMARY_CONTACT)
            .select_related("user")
            .first()
        )
        if leader is not None:
            services.propose_event(
                organization=proposing,
                acting_user=leader.user,
                title="Know your rights: labor trafficking clinic",
                kind=EventKind.TRAINING,
                visibility=EventVisibility.PUBLIC,
                place_name="Gateway Legal Aid Project, training room",
                **upcoming(45, 13),
            )
            result.events_created += 1

    # The past: four coalition meetings and two trainings a year since 2019.
    first_year = 2019
    for year in range(first_year, today.year + 1):
        for quarter, month in enumerate((2, 5, 8, 11), start=1):
            day = datetime.date(year, month, 14)
            if day >= today:
                continue
            meeting, created = _ensure(
                f"Coalition meeting, {year} Q{quarter}",
                kind=EventKind.COALITION_MEETING,
                visibility=EventVisibility.PARTNERS,
                place_name="Jefferson City, Capitol annex",
                starts_at=_chicago(day, 10),
                ends_at=_chicago(day, 12),
                minutes_text=MINUTES,
            )
            result.events_created += created
            if created:
                # About three partners in four come, a different few each time.
                came = [o for i, o in enumerate(active) if (i + quarter + year) % 4]
                services.record_attendance(event=meeting, organizations=came, acting_user=None)
        for number, month in enumerate((3, 9), start=1):
            day = datetime.date(year, month, 21)
            if day >= today:
                continue
            training, created = _ensure(
                f"Identifying trafficking, {year} session {number}",
                kind=EventKind.TRAINING,
                visibility=EventVisibility.PUBLIC,
                place_name="Columbia, Daniel Boone Regional Library",
                starts_at=_chicago(day, 9),
                ends_at=_chicago(day, 12),
            )
            result.events_created += created
            if created:
                services.record_attendance(
                    event=training,
                    organizations=active[: 3 + number],
                    people_trained=18 + 7 * number + (year - first_year) * 3,
                    acting_user=None,
                )
    # A leadership meeting last month, with minutes for the leadership only.
    last_month = today - datetime.timedelta(days=30)
    meeting, created = _ensure(
        "Leadership meeting: partner dues",
        kind=EventKind.LEADERSHIP_MEETING,
        visibility=EventVisibility.LEADERSHIP,
        starts_at=_chicago(last_month, 12),
        ends_at=_chicago(last_month, 13),
        minutes_text="The leadership agreed to keep the dues scale for one more year.",
    )
    result.events_created += created
    if created:
        services.record_attendance(event=meeting, organizations=active[:4], acting_user=None)
    return result
