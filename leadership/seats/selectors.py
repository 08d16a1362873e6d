"""Reads for the leadership pages and dashboard, with a query count that does not grow."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from leadership.models import Seat, SeatKind, Term


@dataclass
class SeatRow:
    seat: Seat
    current: Term | None
    past: list[Term] = field(default_factory=list)
    upcoming: list[Term] = field(default_factory=list)

    @property
    def is_vacant(self) -> bool:
        return self.current is None


@dataclass
class SeatGroup:
    kind: SeatKind
    rows: list[SeatRow]

    @property
    def label(self) -> str:
        return {
            SeatKind.DIRECTOR: gettext("Coalition Director"),
            SeatKind.OFFICER: gettext("Officers"),
            SeatKind.PARTNER: gettext("Collaborative Partners"),
            SeatKind.AT_LARGE: gettext("At-large seats"),
        }[self.kind]


def build_roster(*, on: datetime.date | None = None) -> list[SeatGroup]:
    """The active seats grouped by kind (in SeatKind's order), each with its current term,
    its past terms (newest first) and any term planned to start later. Two queries."""
    on = on or timezone.localdate()
    seats = (
        Seat.objects.active()
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "terms",
                queryset=Term.objects.select_related("person").order_by("-started_on", "-pk"),
            )
        )
        .order_by("title", "pk")
    )
    by_kind: dict[str, list[SeatRow]] = {kind: [] for kind in SeatKind.values}
    for seat in seats:
        row = SeatRow(seat=seat, current=None)
        for term in seat.terms.all():
            if term.is_current(on):
                row.current = term
            elif term.started_on > on:
                row.upcoming.insert(0, term)
            else:
                row.past.append(term)
        by_kind[seat.kind].append(row)
    return [SeatGroup(kind=SeatKind(kind), rows=rows) for kind, rows in by_kind.items() if rows]


#: The director's dashboard looks further ahead than the partner dashboard: 90 days.
DASHBOARD_ENDING_DAYS = 90


def terms_ending_soon(*, on: datetime.date | None = None, days: int = 60):
    """Current terms whose end falls within the next `days` days (for the director)."""
    on = on or timezone.localdate()
    return (
        Term.objects.current(on)
        .filter(
            seat__active=True,
            ended_on__isnull=False,
            ended_on__lte=on + datetime.timedelta(days=days),
        )
        .select_related("seat", "person")
        .order_by("ended_on")
    )


def vacant_seats(*, on: datetime.date | None = None):
    """Active seats nobody holds today (for the director)."""
    on = on or timezone.localdate()
    held = Term.objects.current(on).values("seat_id")
    return (
        Seat.objects.active()
        .exclude(pk__in=held)
        .select_related("organization")
        .order_by("kind", "title")
    )


def current_director(*, on: datetime.date | None = None) -> Term | None:
    """The term of whoever holds the Coalition Director's seat today (with their account), or
    None when the seat is vacant or inactive. One query. For the public pages: show
    `holder_name` and `holder_title`, never the term's e-mail (partners only)."""
    on = on or timezone.localdate()
    return (
        Term.objects.current(on)
        .filter(seat__kind=SeatKind.DIRECTOR, seat__active=True)
        .select_related("person")
        .order_by("-started_on")
        .first()
    )
