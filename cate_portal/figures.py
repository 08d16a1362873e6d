"""The coalition's figures on the home page ("27 active partners"), registered by the apps.

The ground knows no app. An app registers, from its AppConfig.ready(), a function of today's
date that returns its figures, each counted from the records when the page is drawn:

    def partner_figures(today: datetime.date) -> list[Figure]: ...

    figures.register(partner_figures, order=10)

The home page shows every registered figure in `order`. A source runs a fixed number of
queries whatever the number of records (the home page's query count is pinned by a test), and
returns no figure rather than a misleading zero when its records do not exist yet.

Trainings this year: the events topic (leadership/events) registers a source returning
``Figure(key="trainings", value=<trainings held or planned this calendar year>, ...)`` with
``order=30``; nothing else needs to change.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Figure:
    """One figure: `value` shown large, `label` after it ("active Collaborative Partners"),
    `detail` a short sentence under it, `url` where to read more (optional). Labels are
    translated by the source (gettext)."""

    key: str
    value: int
    label: str
    detail: str = ""
    url: str = ""
    link_text: str = ""


Source = Callable[[datetime.date], Iterable[Figure]]
_SOURCES: list[tuple[int, str, Source]] = []


def _name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def register(source: Source, *, order: int) -> None:
    """Adds a source of figures, shown by `order`. Registering it again changes nothing."""
    name = _name(source)
    if any(existing == name for _order, existing, _source in _SOURCES):
        return
    _SOURCES.append((order, name, source))
    _SOURCES.sort(key=lambda item: (item[0], item[1]))


def unregister(source: Source) -> None:
    """Removes a source (for tests)."""
    name = _name(source)
    _SOURCES[:] = [item for item in _SOURCES if item[1] != name]


def collect(today: datetime.date | None = None) -> list[Figure]:
    """Every registered source's figures, in order, counted today (the local date by default)."""
    today = today or timezone.localdate()
    return [figure for _order, _name, source in _SOURCES for figure in source(today)]
