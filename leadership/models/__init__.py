from .decisions import (
    Delegation,
    Proposal,
    ProposalDocument,
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
from .resources import Resource, ResourceStatus, ResourceTopic, ResourceVisibility
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
    "ProposalDocument",
    "ProposalKind",
    "Resource",
    "ResourceStatus",
    "ResourceTopic",
    "ResourceVisibility",
    "Rsvp",
    "RsvpStatus",
    "Seat",
    "SeatKind",
    "Term",
    "ThresholdRule",
    "Vote",
    "VoteChoice",
]
