"""Leadership's indicator on the coalition's evaluation (cate_portal.evaluation), registered from
LeadershipConfig.ready(): decisions taken each year and their turnout.

A decision is a proposal that has closed and been settled (its counts frozen by
``settle_proposal``), counted in the year it closed (``closes_at``, in local time). A closed
proposal not settled yet (settling happens when its results are first looked at, or by the
scheduled job) is left out until it is. Passed: quorum met and threshold held
(leadership.decisions.results). Turnout of a year: the votes cast on its decisions (yes, no and
abstain) divided by the partners eligible at each close, summed, so a decision counts in
proportion to its electorate; the lowest turnout of the year is shown beside it.
"""

import datetime

from django.db.models import Min
from django.utils import timezone

from cate_portal.evaluation import Indicator, Year, register, register_beginning
from leadership.decisions.results import tally
from leadership.models import Proposal


def beginning() -> datetime.date | None:
    first = Proposal.objects.filter(settled_at__isnull=False).aggregate(first=Min("closes_at"))
    return timezone.localtime(first["first"]).date() if first["first"] else None


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def decision_indicators(years: list[Year]) -> list[Indicator]:
    settled = list(
        Proposal.objects.filter(settled_at__isnull=False).values(
            "closes_at", "yes_count", "no_count", "abstain_count", "eligible_at_close",
            "quorum", "threshold",
        )
    )  # fmt: skip
    rows = []
    for year in years:
        results = [
            tally(
                yes=p["yes_count"] or 0,
                no=p["no_count"] or 0,
                abstain=p["abstain_count"] or 0,
                eligible=p["eligible_at_close"] or 0,
                quorum=p["quorum"],
                threshold=p["threshold"],
            )
            for p in settled
            if timezone.localtime(p["closes_at"]).date() in year
        ]
        cast = sum(r.votes_cast for r in results)
        eligible = sum(r.eligible for r in results)
        lowest = min(
            (_percent(r.votes_cast, r.eligible) for r in results if r.eligible), default=None
        )
        rows.append(
            (
                year.label,
                len(results),
                sum(r.passed for r in results),
                cast,
                eligible,
                _percent(cast, eligible),
                lowest,
            )
        )
    return [
        Indicator(
            key="decisions",
            title="Decisions taken and turnout",
            description="Proposals closed and settled in the year, those passed, and the "
            "turnout: votes cast over partners eligible, summed over the year's decisions.",
            headings=(
                "Year",
                "Decisions taken",
                "Passed",
                "Votes cast",
                "Eligible (summed)",
                "Turnout (%)",
                "Lowest turnout (%)",
            ),
            rows=rows,
            charted=("Decisions taken", "Passed"),
        )
    ]


def register_indicators() -> None:
    register_beginning(beginning)
    register(decision_indicators, order=40, permission="leadership.view_proposal")
