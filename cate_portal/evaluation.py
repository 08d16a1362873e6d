"""The coalition's evaluation, ``/admin/evaluation/``: indicators per year, registered by the apps.

The ground knows no app. Each app registers, from its AppConfig.ready():

- where its records begin (``register_beginning``): a function returning the earliest date it
  holds, or None. The evaluation covers every year from the earliest of them to this year.
- its indicators (``register``): a function called with those years that returns Indicators,
  each a table (a row per year) and a chart of some of its columns. Indicators are computed
  from dated records and history, never typed in.

    def partner_indicators(years: list[Year]) -> list[Indicator]: ...

    evaluation.register(partner_indicators, order=10, permission="partners.view_organization")

A builder runs a fixed number of queries whatever the number of records (its rows are computed
in Python from one read of each table), so the page does too; a test pins it.

A year is counted at its end, 31 December; the current year is counted to date (today), and is
marked as such on the page and in the CSV.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from cate_portal.charts import Chart, Series, bar_chart
from cate_portal.csv_export import csv_response, csv_text


@dataclass(frozen=True)
class Year:
    """A calendar year, counted from 1 January to `end` (31 December, or today for this year)."""

    number: int
    end: datetime.date

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.number, 1, 1)

    @property
    def to_date(self) -> bool:
        return self.end != datetime.date(self.number, 12, 31)

    @property
    def label(self) -> str:
        return f"{self.number} (to date)" if self.to_date else str(self.number)

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Indicator:
    """One indicator: a row per year under `headings` (the first cell is the year's label), and
    a bar chart of the columns named in `charted` (by heading)."""

    key: str
    title: str
    description: str
    headings: tuple[str, ...]
    rows: list[tuple]
    charted: tuple[str, ...]
    stacked: bool = False
    unit: str = ""
    maximum: float | None = None
    note: str = ""
    chart: Chart | None = field(default=None, compare=False)

    def with_chart(self) -> "Indicator":
        columns = [self.headings.index(name) for name in self.charted]
        series = [
            Series(label=self.headings[c], values=[_number(row[c]) for row in self.rows])
            for c in columns
        ]
        chart = bar_chart(
            categories=[str(row[0]).split(" ")[0] for row in self.rows],
            series=series,
            stacked=self.stacked,
            unit=self.unit,
            maximum=self.maximum,
        )
        return Indicator(**{**self.__dict__, "chart": chart})


def _number(cell) -> float | None:
    if isinstance(cell, int | float):
        return cell
    return None


Builder = Callable[[list[Year]], Iterable[Indicator]]
_BUILDERS: list[tuple[int, str, Builder, str]] = []
_BEGINNINGS: dict[str, Callable[[], datetime.date | None]] = {}


def _name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def register(builder: Builder, *, order: int, permission: str = "") -> None:
    """Adds an indicator builder, shown to staff holding `permission` (any staff when empty).
    Registering it again changes nothing."""
    name = _name(builder)
    if any(existing == name for _order, existing, _builder, _perm in _BUILDERS):
        return
    _BUILDERS.append((order, name, builder, permission))
    _BUILDERS.sort(key=lambda item: (item[0], item[1]))


def register_beginning(function: Callable[[], datetime.date | None]) -> None:
    """Adds a function returning the earliest date an app's records hold (or None)."""
    _BEGINNINGS[_name(function)] = function


def years(today: datetime.date | None = None) -> list[Year]:
    """Every year from the earliest record of any app to this one (just this year if none)."""
    today = today or timezone.localdate()
    dates = [d for d in (function() for function in _BEGINNINGS.values()) if d is not None]
    first = min([d.year for d in dates if d <= today] or [today.year])
    return [
        Year(number, today if number == today.year else datetime.date(number, 12, 31))
        for number in range(first, today.year + 1)
    ]


def indicators_for(user, covered: list[Year]) -> list[Indicator]:
    """The registered indicators this staff user may see over `covered`, each with its chart."""
    return [
        indicator.with_chart()
        for _order, _name, builder, permission in _BUILDERS
        if not permission or user.has_perm(permission)
        for indicator in builder(covered)
    ]


CSV_HEADER = ("Indicator", "Year", "Counted to", "Measure", "Value")


def indicators_csv(indicators: list[Indicator], covered: list[Year]) -> str:
    """Every cell of every indicator's table, one per line (long format, so indicators with
    different columns share one sheet): indicator, year, the day it was counted to, measure."""
    ends = {year.label: year for year in covered}
    rows = []
    for indicator in indicators:
        for row in indicator.rows:
            year = ends.get(str(row[0]))
            for heading, cell in zip(indicator.headings[1:], row[1:], strict=True):
                rows.append(
                    (
                        indicator.title,
                        year.number if year else row[0],
                        year.end.isoformat() if year else "",
                        heading,
                        cell,
                    )
                )
    return csv_text(CSV_HEADER, rows)


def _check_staff(request) -> None:
    # The admin site's admin_view has let only active staff through, with their second factor.
    if not request.user.is_staff:  # pragma: no cover (admin_view sends the others to sign in)
        raise PermissionDenied


def evaluation_view(request, *, site):
    """The evaluation page: every indicator as a chart beside its table, printable on a page."""
    _check_staff(request)
    today = timezone.localdate()
    covered = years(today)
    context = {
        **site.each_context(request),
        "title": "The coalition's evaluation",
        "indicators": indicators_for(request.user, covered),
        "today": today,
        "years": covered,
    }
    return TemplateResponse(request, "admin/evaluation.html", context)


def evaluation_csv_view(request, *, site):
    """The same indicators as CSV, every cell neutralized (cate_portal.csv_export)."""
    _check_staff(request)
    today = timezone.localdate()
    covered = years(today)
    return csv_response(
        indicators_csv(indicators_for(request.user, covered), covered),
        filename=f"coalition-evaluation-{today:%Y-%m-%d}.csv",
    )
