"""Demo data of the leadership app: `seed_leadership_demo()`, called by `seed_demo`.

Idempotent: seats are found by kind (and organization), terms by seat and start, proposals by
title, votes by (proposal, organization); running it again creates nothing new.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from leadership.decisions import documents, services
from leadership.resources.demo import seed_resources_demo, simple_pdf
from leadership.seats import services as seat_services
from partners.evaluation import timelines
from partners.models import Organization

from .models import Proposal, ProposalKind, Seat, SeatKind, Term, Vote, VoteChoice

DIRECTOR_EMAIL = "director@cate.example.org"
AT_LARGE_TITLE = "At-large seat (survivor leader)"
OPEN_PROPOSAL_TITLE = "Adopt the 2026 statewide training calendar"
CLOSED_PROPOSAL_TITLE = "Endorse the survivor-centered referral protocol"
# Decisions of past years, for the evaluation's chart of decisions and turnout: (title, the
# day it closed, the share of the partners active then who voted).
PAST_DECISIONS = (
    ("Adopt the 2019 statement of shared values", datetime.date(2019, 3, 25), 0.85),
    ("Launch the statewide referral directory", datetime.date(2020, 6, 15), 0.7),
    ("Adopt the coalition's bylaws", datetime.date(2020, 11, 10), 0.75),
    ("Create a labor trafficking working group", datetime.date(2021, 5, 20), 0.6),
    ("Fund a survivor leadership stipend", datetime.date(2022, 9, 14), 0.65),
    ("Set the annual partner contribution scale", datetime.date(2023, 3, 8), 0.55),
    ("Adopt the 2024 shared values", datetime.date(2024, 3, 1), 0.8),
    ("Hold an annual statewide summit", datetime.date(2025, 6, 12), 0.7),
)
PAST_CHOICES = (VoteChoice.YES, VoteChoice.YES, VoteChoice.NO, VoteChoice.YES, VoteChoice.ABSTAIN)


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
    if not _open.documents.exists() and not _open.is_closed():
        documents.attach_proposal_document(
            proposal=_open,
            title="2026 training calendar",
            upload=ContentFile(
                simple_pdf(
                    "2026 statewide training calendar",
                    ("Four regional trainings and one statewide virtual session.",),
                ),
                name="calendar.pdf",
            ),
            acting_user=director,
        )

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
    result.proposals_created += _ensure_past_decisions(director)
    seed_resources_demo()
    return result


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _ensure_past_decisions(director) -> int:
    """PAST_DECISIONS, each voted by a share of the partners active when it closed (read from
    their dated history) and settled as it would have been then: the partners eligible are
    those active at its close, not today's."""
    lines = timelines()
    created_count = 0
    for title, closed_on, share in PAST_DECISIONS:
        proposal, created = _ensure_proposal(
            title=title,
            text=f"{title}, as presented to the Collaborative Partners.",
            kind=ProposalKind.GENERAL,
            opens_at=_noon(closed_on - datetime.timedelta(days=14)),
            closes_at=_noon(closed_on),
            created_by=director,
        )
        if not created:
            continue
        created_count += 1
        active = [pk for pk, line in lines.items() if line.active_on(closed_on)]
        voters = Organization.objects.filter(pk__in=active).order_by("name")[
            : round(share * len(active))
        ]
        for number, organization in enumerate(voters):
            leader = seat_services.executive_leader_of(organization)
            if leader is None:
                continue
            Vote.objects.create(
                proposal=proposal,
                organization=organization,
                cast_by=leader.user,
                choice=PAST_CHOICES[number % len(PAST_CHOICES)],
                cast_at=proposal.opens_at + datetime.timedelta(days=3),
            )
        services.settle_proposal(proposal=proposal)
        Proposal.objects.filter(pk=proposal.pk).update(eligible_at_close=len(active))
    return created_count
