"""Partners' indicators on the coalition's evaluation (cate_portal.evaluation), registered from
PartnersConfig.ready(): active partners by sector with joins and departures, the areas served,
and agreement compliance at year end.

How an organization's past is read
----------------------------------
Its records are its simple-history rows (every save, every change of its counties), in order.
Each record gives the organization's state (status, sector, statewide, counties) from a day on:

- the day the record was made (``history_date``, in local time), except that a record which
  changes the status and carries ``status_changed_on`` (the day the director says the change took
  effect) counts from that day, when it is not earlier than the previous record's day;
- several records on one day: the last one holds for that day (an organization is saved, then its
  counties set, within one request);
- a deletion record ends the organization: inactive from that day;
- before its first record: an organization whose ``joined_on`` (as it stands now) is earlier
  was active from ``joined_on``, in the state of its first day (records entered after the
  fact, and a first record that is already "withdrawn" since ``status_changed_on``);
- an organization with no history at all (rows bulk-created for benchmarks) is read from its
  current row as if that were its only record, made on its ``created_at`` day.

Active periods follow: a period starts on a day the organization turns active and ends (the end
excluded) on the day it stops. A partner that left and rejoined has two periods.

- **active at year end**: active on 31 December (today, for this year);
- **active during the year**: a period overlaps the year;
- **joined** in a year: a period starts in it (a rejoin counts as a join, and is also counted
  under "of which rejoined"); **left**: a period ends in it;
- the **sector** of an organization in a year is its sector at year end (or, before its first
  record, in its first record).

Areas served at year end: the counties named, in their state at year end, by the partners active
at year end ("local"), and the number of statewide partners then; with one statewide partner,
every area is served. A record made before the counties were kept in history names none: the
counties of an organization are read from its first record that names any, for the days before.

Agreement compliance at year end: the version of the shared values in force at year end (the
latest adopted on or before that day, whether retired since or not), and the share of the
partners active at year end whose organization had signed that version by that day (``signed_at``
in local time). A version adopted late in the year may still be within its signing period
(``signatures_due_on``): the table says until when.
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from django.apps import apps
from django.db.models import Min
from django.utils import timezone

from cate_portal.evaluation import Indicator, Year, register, register_beginning
from cate_portal.models import Area
from partners.models import Agreement, Organization, OrganizationStatus, Sector, ValuesVersion

DELETED = "-"


@dataclass(frozen=True)
class State:
    """An organization's state from `on` until the next state's day."""

    on: datetime.date
    active: bool
    sector_id: int
    statewide: bool
    counties: frozenset[int]


@dataclass
class Timeline:
    """One organization's states in order of day, at most one per day."""

    states: list[State]

    def __post_init__(self) -> None:
        self._days = [state.on for state in self.states]
        self._periods = self._find_periods()

    def state_on(self, day: datetime.date) -> State | None:
        """The state in force on `day` (None before the first)."""
        index = bisect.bisect_right(self._days, day) - 1
        return self.states[index] if index >= 0 else None

    def active_on(self, day: datetime.date) -> bool:
        state = self.state_on(day)
        return state is not None and state.active

    def sector_in(self, year: Year) -> int:
        state = self.state_on(year.end) or self.states[0]
        return state.sector_id

    def periods(self) -> list[tuple[datetime.date, datetime.date | None]]:
        """The active periods: (first day, first day no longer active or None)."""
        return self._periods

    def _find_periods(self) -> list[tuple[datetime.date, datetime.date | None]]:
        periods: list[tuple[datetime.date, datetime.date | None]] = []
        start = None
        for state in self.states:
            if state.active and start is None:
                start = state.on
            elif not state.active and start is not None:
                periods.append((start, state.on))
                start = None
        if start is not None:
            periods.append((start, None))
        return periods

    def active_during(self, year: Year) -> bool:
        return any(
            start <= year.end and (end is None or end > year.start) for start, end in self.periods()
        )


@dataclass(frozen=True)
class Record:
    """One row of history (or the current row), as read for a timeline."""

    made_on: datetime.date
    kind: str
    status: str
    status_changed_on: datetime.date | None
    joined_on: datetime.date | None
    sector_id: int
    statewide: bool
    counties: frozenset[int]


def timeline(records: list[Record]) -> Timeline:
    """An organization's timeline from its records in the order they were made (see above)."""
    states: list[State] = []
    previous_status = None
    for record in records:
        day = record.made_on
        changed_on = record.status_changed_on
        if (
            record.status != previous_status
            and changed_on
            and changed_on <= day
            and (not states or changed_on >= states[-1].on)
        ):
            day = changed_on
        if states and day < states[-1].on:
            day = states[-1].on
        active = record.kind != DELETED and record.status == OrganizationStatus.ACTIVE
        state = State(day, active, record.sector_id, record.statewide, record.counties)
        if states and states[-1].on == day:
            states[-1] = state
        else:
            states.append(state)
        previous_status = record.status
    if not states:
        return Timeline([])
    # The first counties recorded stand for the records before them, which name none.
    first_named = next((s.counties for s in states if s.counties), frozenset())
    filling = True
    for index, state in enumerate(states):
        filling = filling and not state.counties
        if filling:
            states[index] = replace(state, counties=first_named)
    joined_on = records[-1].joined_on  # as the records say now (a correction counts)
    first = states[0]
    if joined_on and joined_on < first.on:
        states.insert(0, State(joined_on, True, first.sector_id, first.statewide, first.counties))
    return Timeline(states)


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def timelines() -> dict[int, Timeline]:
    """Every organization's timeline, from four queries whatever their number."""
    history = Organization.history.model
    history_counties = apps.get_model("partners", "HistoricalOrganization_counties")
    counties_of_record: dict[int, set[int]] = defaultdict(set)
    for history_id, area_id in history_counties.objects.values_list("history_id", "area_id"):
        counties_of_record[history_id].add(area_id)
    records: dict[int, list[Record]] = defaultdict(list)
    for row in history.objects.order_by("id", "history_date", "history_id").values(
        "id",
        "history_id",
        "history_date",
        "history_type",
        "status",
        "status_changed_on",
        "joined_on",
        "sector_id",
        "statewide",
    ):
        records[row["id"]].append(
            Record(
                made_on=_local_day(row["history_date"]),
                kind=row["history_type"],
                status=row["status"],
                status_changed_on=row["status_changed_on"],
                joined_on=row["joined_on"],
                sector_id=row["sector_id"],
                statewide=row["statewide"],
                counties=frozenset(counties_of_record.get(row["history_id"], ())),
            )
        )
    current_counties: dict[int, set[int]] = defaultdict(set)
    for organization_id, area_id in Organization.counties.through.objects.values_list(
        "organization_id", "area_id"
    ):
        current_counties[organization_id].add(area_id)
    for row in Organization.objects.order_by().values(
        "id", "created_at", "status", "status_changed_on", "joined_on", "sector_id", "statewide"
    ):
        if row["id"] in records:
            continue
        records[row["id"]].append(
            Record(
                made_on=_local_day(row["created_at"]),
                kind="+",
                status=row["status"],
                status_changed_on=row["status_changed_on"],
                joined_on=row["joined_on"],
                sector_id=row["sector_id"],
                statewide=row["statewide"],
                counties=frozenset(current_counties.get(row["id"], ())),
            )
        )
    return {pk: timeline(rows) for pk, rows in records.items()}


def beginning() -> datetime.date | None:
    """The earliest day partners' records hold: a join, or an adopted version."""
    joined = Organization.objects.aggregate(first=Min("joined_on"))["first"]
    adopted = ValuesVersion.objects.aggregate(first=Min("adopted_on"))["first"]
    return min([d for d in (joined, adopted) if d], default=None)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def partner_indicators(years: list[Year]) -> list[Indicator]:
    """Active partners by sector, areas served, agreement compliance: from one read."""
    lines = timelines()
    sectors = list(Sector.objects.values_list("pk", "name"))
    return [
        _active_partners(years, lines, sectors),
        _areas_served(years, lines),
        _compliance(years, lines),
    ]


def _active_partners(years, lines, sectors) -> Indicator:
    rows = []
    for year in years:
        by_sector: dict[int, int] = defaultdict(int)
        joined = rejoined = left = during = 0
        for line in lines.values():
            periods = line.periods()
            if line.active_on(year.end):
                by_sector[line.sector_in(year)] += 1
            during += line.active_during(year)
            for number, (start, end) in enumerate(periods):
                if start in year:
                    joined += 1
                    rejoined += number > 0
                if end is not None and end in year:
                    left += 1
        rows.append(
            (
                year.label,
                sum(by_sector.values()),
                during,
                joined,
                rejoined,
                left,
                *(by_sector.get(pk, 0) for pk, _name in sectors),
            )
        )
    # Sectors no partner was in, in any of the years, are left out of the table and chart.
    shown = [i for i in range(len(sectors)) if any(row[6 + i] for row in rows)]
    rows = [(*row[:6], *(row[6 + i] for i in shown)) for row in rows]
    names = tuple(sectors[i][1] for i in shown)
    return Indicator(
        key="active-partners",
        title="Active partners by sector",
        description="Partners active on 31 December (today for this year), by sector (the "
        "sectors that had a partner); "
        "those active at any time in the year; partners that joined (first time or again) "
        "and that left during the year.",
        headings=(
            "Year",
            "Active at year end",
            "Active during the year",
            "Joined",
            "of which rejoined",
            "Left",
            *names,
        ),
        rows=rows,
        charted=names,
        stacked=True,
    )


def _areas_served(years, lines) -> Indicator:
    total = Area.objects.count()
    rows = []
    for year in years:
        local: set[int] = set()
        statewide = 0
        for line in lines.values():
            state = line.state_on(year.end)
            if state is None or not state.active:
                continue
            local |= state.counties
            statewide += state.statewide
        rows.append((year.label, len(local), statewide, total if statewide else len(local), total))
    return Indicator(
        key="areas-served",
        title="Areas served",
        description="Missouri's counties (and St. Louis City) named by at least one partner "
        "active at year end, and the partners serving the whole state then.",
        headings=(
            "Year",
            "Areas with a local partner",
            "Statewide partners",
            "Areas served (local or statewide)",
            "Areas in Missouri",
        ),
        rows=rows,
        charted=("Areas with a local partner",),
        maximum=total or None,
    )


def _compliance(years, lines) -> Indicator:
    versions = list(
        ValuesVersion.objects.filter(adopted_on__isnull=False)
        .order_by("adopted_on", "pk")
        .values_list("pk", "label", "adopted_on", "signatures_due_on")
    )
    signed: dict[tuple[int, int], datetime.date] = {
        (organization_id, version_id): _local_day(signed_at)
        for organization_id, version_id, signed_at in Agreement.objects.values_list(
            "organization_id", "version_id", "signed_at"
        )
    }
    rows = []
    for year in years:
        in_force = [v for v in versions if v[2] <= year.end]
        active = [pk for pk, line in lines.items() if line.active_on(year.end)]
        if not in_force:
            rows.append((year.label, "—", len(active), None, None, "—"))
            continue
        version_id, label, _adopted, due = in_force[-1]
        count = sum(1 for pk in active if (day := signed.get((pk, version_id))) and day <= year.end)
        rows.append(
            (
                year.label,
                label,
                len(active),
                count,
                _percent(count, len(active)),
                due.isoformat() if due and due > year.end else "—",
            )
        )
    return Indicator(
        key="agreement-compliance",
        title="Agreement compliance at year end",
        description="Of the partners active at year end, the share whose organization had "
        "signed the shared values version in force that day.",
        headings=(
            "Year",
            "Version in force",
            "Active partners",
            "Signed",
            "Compliance (%)",
            "Signing still open until",
        ),
        rows=rows,
        charted=("Compliance (%)",),
        unit="%",
        maximum=100,
    )


def register_indicators() -> None:
    register_beginning(beginning)
    register(partner_indicators, order=10, permission="partners.view_organization")
