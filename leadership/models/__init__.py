from .decisions import (
    Delegation,
    Proposal,
    ProposalDocument,
    ProposalKind,
    ThresholdRule,
    Vote,
    VoteChoice,
)
from .resources import Resource, ResourceStatus, ResourceTopic, ResourceVisibility
from .seats import Seat, SeatKind, Term

__all__ = [
    "Delegation",
    "Proposal",
    "ProposalDocument",
    "ProposalKind",
    "Resource",
    "ResourceStatus",
    "ResourceTopic",
    "ResourceVisibility",
    "Seat",
    "SeatKind",
    "Term",
    "ThresholdRule",
    "Vote",
    "VoteChoice",
]
