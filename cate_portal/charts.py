"""Server-side SVG bar charts: the geometry here, the markup in ``admin/_bar_chart.html``.

Pure arithmetic, no database and no app: a chart is a list of categories (the years) and one or
more series of numbers, drawn side by side (grouped) or on top of each other (stacked). Every
bar carries its value as a <title>, and every chart is shown next to a table of the same
numbers, so nothing is only in the picture.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 26
#: Series colours are CSS classes (``chart-series-<n>``), so the print stylesheet can restyle them.
SERIES_CLASSES = 12


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Category:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    categories: list[Category]
    legend: list[tuple[int, str]]


def nice_step(value: float, *, whole: bool = True) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value`; with `whole`
    (counts), a whole number, so 2.5 only from 25 up and never below 1."""
    if whole:
        value = max(value, 1)
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= value and (not whole or step == int(step)):
            return step
    return 10 * power  # pragma: no cover (the loop always returns)


def axis(
    highest: float, maximum: float | None = None, *, whole: bool = True
) -> tuple[float, float]:
    """The top of the axis and the step between its gridlines (at most four or five of them):
    the given `maximum` (a percentage's 100, the number of areas), or the highest value rounded
    up. `whole`: the values are counts, the steps whole numbers."""
    if maximum is not None:
        return maximum, nice_step(maximum / 4, whole=whole)
    step = nice_step(highest / 4, whole=whole)
    return step * max(math.ceil(highest / step), 1), step


def _format(value: float, unit: str) -> str:
    text = f"{value:g}" if value != int(value) else f"{int(value)}"
    return f"{text}{unit}"


def bar_chart(
    *,
    categories: Sequence[str],
    series: Sequence[Series],
    stacked: bool = False,
    unit: str = "",
    maximum: float | None = None,
) -> Chart:
    """The bars, gridlines and labels of a bar chart. A missing value (None) draws no bar."""
    totals = [
        sum(s.values[i] or 0 for s in series)
        if stacked
        else max((s.values[i] or 0 for s in series), default=0)
        for i in range(len(categories))
    ]
    whole = all(value == int(value) for s in series for value in s.values if value is not None)
    top, step = axis(max(totals, default=0), maximum, whole=whole)
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    baseline = HEIGHT - BOTTOM
    slot = plot_width / max(len(categories), 1)
    group = slot * 0.7
    bar_width = group if stacked else group / max(len(series), 1)

    def scale(value: float) -> float:
        return plot_height * min(value, top) / top

    bars = []
    for i, category in enumerate(categories):
        x0 = LEFT + i * slot + (slot - group) / 2
        stack = 0.0
        for n, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            height = scale(value)
            if stacked:
                y = baseline - scale(stack + value)
                x = x0
                stack += value
            else:
                y = baseline - height
                x = x0 + n * bar_width
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    series=n % SERIES_CLASSES,
                    title=f"{category}, {s.label}: {_format(value, unit)}",
                )
            )
    ticks = [
        Tick(y=round(baseline - scale(step * n), 1), label=_format(step * n, unit))
        for n in range(int(top // step) + 1)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        baseline=baseline,
        bars=bars,
        ticks=ticks,
        categories=[
            Category(x=round(LEFT + (i + 0.5) * slot, 1), label=label)
            for i, label in enumerate(categories)
        ],
        legend=[(n % SERIES_CLASSES, s.label) for n, s in enumerate(series)],
    )
