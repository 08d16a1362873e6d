"""The arithmetic of a decision: turnout, quorum and threshold. Pure functions, no database.

Definitions (shown on the decision pages too):

- eligible: the Collaborative Partners entitled to vote, counted when the proposal closes
  (active partners, plus any organization that voted while it was active);
- turnout: votes cast (yes, no and abstain) divided by eligible;
- quorum met: votes cast is MORE than quorum * eligible. The default quorum 0.5 therefore means
  "more than half"; with nobody eligible there is no quorum;
- passed: quorum met and the threshold rule holds (default: yes outnumbers no, so a tie fails).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadership.models import ThresholdRule


@dataclass(frozen=True)
class Result:
    yes: int
    no: int
    abstain: int
    eligible: int
    quorum: Decimal
    threshold: str
    votes_cast: int
    quorum_met: bool
    threshold_met: bool

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.threshold_met

    @property
    def turnout(self) -> Decimal | None:
        """Share of eligible partners that voted, or None when nobody was eligible."""
        if self.eligible == 0:
            return None
        return Decimal(self.votes_cast) / Decimal(self.eligible)

    @property
    def turnout_percent(self) -> str:
        turnout = self.turnout
        return "n/a" if turnout is None else f"{turnout * 100:.0f}%"

    @property
    def votes_needed_for_quorum(self) -> int:
        """The smallest number of votes that meets the quorum."""
        return int(self.quorum * self.eligible) + 1 if self.eligible else 0

    @property
    def threshold_label(self) -> str:
        return ThresholdRule(self.threshold).label

    @property
    def votes_summary(self) -> str:
        """'5 of 14 votes': the votes cast out of the eligible partners."""
        return ngettext(
            "%(cast)s of %(eligible)s vote", "%(cast)s of %(eligible)s votes", self.eligible
        ) % {"cast": self.votes_cast, "eligible": self.eligible}

    @property
    def reason(self) -> str:
        """Why the proposal passes or not, in plain words, with the numbers that decide it.

        The quorum is named first: without it, the count of yes and no does not matter."""
        if self.eligible == 0:
            return _("no partner was eligible to vote")
        if not self.quorum_met:
            return _("quorum not met (%(votes)s)") % {"votes": self.votes_summary}
        quorum = _("quorum met (%(votes)s)") % {"votes": self.votes_summary}
        counts = {"yes": self.yes, "no": self.no, "cast": self.votes_cast}
        rule = ThresholdRule(self.threshold)
        if rule == ThresholdRule.YES_OUTNUMBERS_NO:
            side = (
                _("yes outnumbers no (%(yes)s to %(no)s)")
                if self.threshold_met
                else _("yes does not outnumber no (%(yes)s to %(no)s)")
            )
        elif rule == ThresholdRule.YES_MAJORITY_OF_VOTES:
            side = (
                _("yes is more than half of the votes cast (%(yes)s of %(cast)s)")
                if self.threshold_met
                else _("yes is not more than half of the votes cast (%(yes)s of %(cast)s)")
            )
        else:
            counts["sides"] = self.yes + self.no
            side = (
                _("yes is at least two thirds of yes and no (%(yes)s of %(sides)s)")
                if self.threshold_met
                else _("yes is less than two thirds of yes and no (%(yes)s of %(sides)s)")
            )
        return f"{quorum}; {side % counts}" if self.threshold_met else side % counts

    @property
    def outcome(self) -> str:
        """The final outcome, e.g. "Not passed: quorum not met (5 of 14 votes)"."""
        if self.passed:
            return _("Passed: %(reason)s") % {"reason": self.reason}
        return _("Not passed: %(reason)s") % {"reason": self.reason}

    @property
    def outlook(self) -> str:
        """The same while voting is open: what the count so far would give."""
        if self.passed:
            return _("So far it would pass: %(reason)s") % {"reason": self.reason}
        return _("So far it would not pass: %(reason)s") % {"reason": self.reason}


def threshold_met(*, yes: int, no: int, abstain: int, threshold: str) -> bool:
    rule = ThresholdRule(threshold)
    if rule == ThresholdRule.YES_OUTNUMBERS_NO:
        return yes > no
    if rule == ThresholdRule.YES_MAJORITY_OF_VOTES:
        return 2 * yes > yes + no + abstain
    # Two thirds of those taking a side; nothing passes without a single yes.
    return yes > 0 and 3 * yes >= 2 * (yes + no)


def tally(
    *, yes: int, no: int, abstain: int, eligible: int, quorum: Decimal, threshold: str
) -> Result:
    if min(yes, no, abstain, eligible) < 0:
        raise ValueError("Counts cannot be negative.")
    votes_cast = yes + no + abstain
    return Result(
        yes=yes,
        no=no,
        abstain=abstain,
        eligible=eligible,
        quorum=Decimal(quorum),
        threshold=threshold,
        votes_cast=votes_cast,
        quorum_met=eligible > 0 and Decimal(votes_cast) > Decimal(quorum) * eligible,
        threshold_met=threshold_met(yes=yes, no=no, abstain=abstain, threshold=threshold),
    )
