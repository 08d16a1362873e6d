from .decisions import (
    DecisionNotice,
    Delegation,
    Proposal,
    ProposalKind,
    ThresholdRule,
    Vote,
    VoteChoice,
)
from .seats import Seat, SeatKind, Term

__all__ = [
    "DecisionNotice",
    "Delegation",
    "Proposal",
    "ProposalKind",
    "Seat",
    "SeatKind",
    "Term",
    "ThresholdRule",
    "Vote",
    "VoteChoice",
]
