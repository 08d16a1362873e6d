from .decisions import (
    Delegation,
    Proposal,
    ProposalKind,
    ThresholdRule,
    Vote,
    VoteChoice,
)
from .seats import Seat, SeatKind, Term

__all__ = [
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
