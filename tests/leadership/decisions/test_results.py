"""The arithmetic of a decision: quorum, threshold, turnout; ties, zero votes, nobody eligible."""

from decimal import Decimal

import pytest

from leadership.decisions.results import tally
from leadership.models import ThresholdRule

HALF = Decimal("0.5")
YES_NO = ThresholdRule.YES_OUTNUMBERS_NO
MAJORITY = ThresholdRule.YES_MAJORITY_OF_VOTES
TWO_THIRDS = ThresholdRule.TWO_THIRDS_OF_YES_AND_NO


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "eligible", "quorum", "threshold", "quorum_met", "passed"),
    [
        # More than half must vote: 5 of 10 is not enough, 6 of 10 is.
        (5, 0, 0, 10, HALF, YES_NO, False, False),
        (6, 0, 0, 10, HALF, YES_NO, True, True),
        (3, 2, 1, 10, HALF, YES_NO, True, True),
        # Odd number eligible: 3 of 5 is more than half, 2 of 5 is not.
        (2, 0, 0, 5, HALF, YES_NO, False, False),
        (2, 1, 0, 5, HALF, YES_NO, True, True),
        # A tie fails under "yes outnumbers no".
        (3, 3, 0, 10, HALF, YES_NO, True, False),
        # Abstentions count toward quorum but not for either side.
        (1, 0, 5, 10, HALF, YES_NO, True, True),
        (0, 0, 6, 10, HALF, YES_NO, True, False),
        # Zero votes: no quorum, not passed.
        (0, 0, 0, 10, HALF, YES_NO, False, False),
        # Nobody eligible: never a quorum, even with quorum 0.
        (0, 0, 0, 0, HALF, YES_NO, False, False),
        (0, 0, 0, 0, Decimal("0"), YES_NO, False, False),
        # Quorum 0 still needs one vote.
        (1, 0, 0, 10, Decimal("0"), YES_NO, True, True),
        # A two-thirds quorum: 6 of 9 is exactly two thirds, not more; 7 of 9 is.
        (6, 0, 0, 9, Decimal("0.667"), YES_NO, False, False),
        (7, 0, 0, 9, Decimal("0.667"), YES_NO, True, True),
        # Yes must be more than half of all votes cast, abstentions included.
        (3, 1, 2, 10, HALF, MAJORITY, True, False),
        (4, 1, 2, 10, HALF, MAJORITY, True, True),
        (3, 3, 0, 10, HALF, MAJORITY, True, False),
        # Two thirds of yes and no: 4 of 6 passes exactly, 3 of 5 does not; 0 of 0 fails.
        (4, 2, 0, 10, HALF, TWO_THIRDS, True, True),
        (3, 2, 1, 10, HALF, TWO_THIRDS, True, False),
        (0, 0, 6, 10, HALF, TWO_THIRDS, True, False),
    ],
)
def test_quorum_and_threshold(yes, no, abstain, eligible, quorum, threshold, quorum_met, passed):
    result = tally(
        yes=yes, no=no, abstain=abstain, eligible=eligible, quorum=quorum, threshold=threshold
    )
    assert result.quorum_met is quorum_met
    assert result.passed is passed
    assert result.votes_cast == yes + no + abstain


def test_a_passing_threshold_without_quorum_does_not_pass():
    result = tally(yes=4, no=0, abstain=0, eligible=10, quorum=HALF, threshold=YES_NO)
    assert result.threshold_met
    assert not result.quorum_met
    assert not result.passed


@pytest.mark.parametrize(
    ("votes", "eligible", "turnout", "percent", "needed"),
    [
        (6, 10, Decimal("0.6"), "60%", 6),
        (0, 10, Decimal("0"), "0%", 6),
        (3, 5, Decimal("0.6"), "60%", 3),
        (0, 0, None, "n/a", 0),
    ],
)
def test_turnout_and_votes_needed(votes, eligible, turnout, percent, needed):
    result = tally(yes=votes, no=0, abstain=0, eligible=eligible, quorum=HALF, threshold=YES_NO)
    assert result.turnout == turnout
    assert result.turnout_percent == percent
    assert result.votes_needed_for_quorum == needed


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        tally(yes=-1, no=0, abstain=0, eligible=3, quorum=HALF, threshold=YES_NO)


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "eligible", "threshold", "outcome"),
    [
        # The case: a failed quorum is said first, whatever the sides.
        (5, 0, 0, 14, YES_NO, "Not passed: quorum not met (5 of 14 votes)"),
        (3, 2, 0, 14, YES_NO, "Not passed: quorum not met (5 of 14 votes)"),
        (0, 0, 0, 10, YES_NO, "Not passed: quorum not met (0 of 10 votes)"),
        (0, 0, 0, 1, YES_NO, "Not passed: quorum not met (0 of 1 vote)"),
        (0, 0, 0, 0, YES_NO, "Not passed: no partner was eligible to vote"),
        # Quorum met: the threshold decides, with its own numbers.
        (6, 3, 0, 14, YES_NO, "Passed: quorum met (9 of 14 votes); yes outnumbers no (6 to 3)"),
        (3, 3, 2, 14, YES_NO, "Not passed: yes does not outnumber no (3 to 3)"),
        (0, 0, 8, 14, YES_NO, "Not passed: yes does not outnumber no (0 to 0)"),
        (
            4,
            1,
            2,
            10,
            MAJORITY,
            "Passed: quorum met (7 of 10 votes); yes is more than half of the votes cast (4 of 7)",
        ),
        (3, 1, 2, 10, MAJORITY, "Not passed: yes is not more than half of the votes cast (3 of 6)"),
        (
            4,
            2,
            0,
            10,
            TWO_THIRDS,
            "Passed: quorum met (6 of 10 votes); yes is at least two thirds of yes and no (4 of 6)",
        ),
        (3, 2, 1, 10, TWO_THIRDS, "Not passed: yes is less than two thirds of yes and no (3 of 5)"),
    ],
)
def test_every_outcome_is_worded_plainly_with_its_numbers(
    yes, no, abstain, eligible, threshold, outcome
):
    result = tally(
        yes=yes, no=no, abstain=abstain, eligible=eligible, quorum=HALF, threshold=threshold
    )
    assert result.outcome == outcome
    # The same reason while voting is open, and the wording agrees with the arithmetic.
    assert result.outlook.endswith(outcome.split(": ", 1)[1])
    assert result.outcome.startswith("Passed") == result.passed
    assert "(yes outnumbers no)" not in result.outcome
