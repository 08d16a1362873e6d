from .decisions import (
    Delegation,
    Proposal,
    ProposalKind,
    ThresholdRule,
    Vote,
    VoteChoice,
)
from .events import (
    MEETING_KINDS,
    CalendarFeed,
    Event,
    EventAttendance,
    EventKind,
    EventStatus,
    EventVisibility,
    Rsvp,
    RsvpStatus,
)
from .seats import Seat, SeatKind, Term

__all__ = [
    "MEETING_KINDS",
    "CalendarFeed",
    "Delegation",
    "Event",
    "EventAttendance",
    "EventKind",
    "EventStatus",
    "EventVisibility",
    "Proposal",
    "ProposalKind",
    "Rsvp",
    "RsvpStatus",
    "Seat",
    "SeatKind",
    "Term",
    "ThresholdRule",
    "Vote",
    "VoteChoice",
]
