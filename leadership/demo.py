"""Demo data of the leadership app: `seed_leadership_demo()`, called by `seed_demo`.

Idempotent: seats are found by kind (and organization), terms by seat and start, proposals by
title, votes by (proposal, organization); running it again creates nothing new.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from leadership.decisions import services
from leadership.seats import services as seat_services
from partners.models import Organization

from .models import Proposal, ProposalKind, Seat, SeatKind, Term, Vote, VoteChoice

DIRECTOR_EMAIL = "director@cate.example.org"
AT_LARGE_TITLE = "At-large seat (survivor leader)"
OPEN_PROPOSAL_TITLE = "Adopt the 2026 statewide training calendar"
CLOSED_PROPOSAL_TITLE = "Endorse the survivor-centered referral protocol"


@dataclass
class LeadershipDemoResult:
    seats_created: int = 0
    proposals_created: int = 0


def _ensure_seat(*, kind: str, title: str) -> tuple[Seat, bool]:
    seat = Seat.objects.filter(kind=kind, title=title).first()
    if seat is not None:
        return seat, False
    seat = Seat(kind=kind, title=title)
    seat.full_clean()
    seat.save()
    return seat, True


def _ensure_term(*, seat: Seat, started_on: datetime.date, **fields) -> None:
    if not Term.objects.filter(seat=seat, started_on=started_on).exists():
        seat_services.start_term(seat=seat, started_on=started_on, **fields)


def _ensure_proposal(*, title: str, **fields) -> tuple[Proposal, bool]:
    proposal = Proposal.objects.filter(title=title).first()
    if proposal is not None:
        return proposal, False
    proposal = Proposal(title=title, **fields)
    proposal.full_clean()
    proposal.save()
    return proposal, True


@transaction.atomic
def seed_leadership_demo() -> LeadershipDemoResult:
    result = LeadershipDemoResult()
    today = timezone.localdate()
    now = timezone.now()
    director = get_user_model().objects.get(email=DIRECTOR_EMAIL)

    seat, created = _ensure_seat(kind=SeatKind.DIRECTOR, title="Coalition Director")
    result.seats_created += created
    _ensure_term(
        seat=seat,
        started_on=datetime.date(2016, 3, 1),
        ended_on=datetime.date(2021, 7, 1),
        name="Dana Whitfield",
        title="Coalition Director",
    )
    _ensure_term(
        seat=seat, started_on=datetime.date(2021, 7, 1), person=director, title="Coalition Director"
    )

    seat, created = _ensure_seat(kind=SeatKind.AT_LARGE, title=AT_LARGE_TITLE)
    result.seats_created += created
    _ensure_term(
        seat=seat,
        started_on=datetime.date(2022, 1, 1),
        ended_on=datetime.date(2024, 1, 1),
        name="Renee Castillo",
        title="Survivor leader and peer advocate",
    )

    for organization in Organization.objects.active().order_by("name"):
        existed = Seat.objects.filter(kind=SeatKind.PARTNER, organization=organization).exists()
        seat_services.ensure_partner_seat(
            organization=organization, on=organization.joined_on or today
        )
        result.seats_created += not existed

    _open, created = _ensure_proposal(
        title=OPEN_PROPOSAL_TITLE,
        text=(
            "The training working group proposes the 2026 calendar: four regional trainings on "
            "recognizing labor trafficking (Kansas City, Springfield, Cape Girardeau, St. Louis) "
            "and a statewide virtual session for rural healthcare providers."
        ),
        kind=ProposalKind.GENERAL,
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=5),
        created_by=director,
    )
    result.proposals_created += created

    closed, created = _ensure_proposal(
        title=CLOSED_PROPOSAL_TITLE,
        text=(
            "Partners refer survivors to one another with consent, share only what the survivor "
            "agreed to share, and never disclose a shelter's location in a referral."
        ),
        kind=ProposalKind.GENERAL,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=16),
        requires_comment_for_no=True,
        created_by=director,
    )
    result.proposals_created += created
    if created:
        # Cast as they were before the close (the service refuses votes on a closed proposal).
        choices = [
            VoteChoice.YES,
            VoteChoice.YES,
            VoteChoice.YES,
            VoteChoice.ABSTAIN,
            VoteChoice.NO,
        ]
        leaders = [
            (organization, seat_services.executive_leader_of(organization))
            for organization in Organization.objects.active().order_by("name")[: len(choices)]
        ]
        for (organization, leader), choice in zip(leaders, choices, strict=False):
            if leader is None:
                continue
            Vote.objects.get_or_create(
                proposal=closed,
                organization=organization,
                defaults={
                    "cast_by": leader.user,
                    "choice": choice,
                    "comment": "We need a shared consent form first."
                    if choice == VoteChoice.NO
                    else "",
                    "cast_at": closed.opens_at + datetime.timedelta(days=3),
                },
            )
        services.settle_proposal(proposal=closed)
    return result
