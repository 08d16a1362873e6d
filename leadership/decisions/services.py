"""Changes to seats, terms, delegates and votes, and the settling of decisions.

Views, the admin, management commands and the partners lifecycle all call these functions, so
no path skips a rule. Each runs in a transaction; e-mail is sent once the transaction commits
(leadership.decisions.notifications).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from leadership.decisions.results import Result, tally
from leadership.models import (
    Delegation,
    Proposal,
    ProposalKind,
    Seat,
    SeatKind,
    Term,
    Vote,
    VoteChoice,
)
from leadership.permissions import may_name_delegate, may_vote_for
from partners.applications.services import approve_application
from partners.models import Membership, Organization, Role
from partners.values.services import adopt_version

NOT_OPEN_YET_MESSAGE = "Voting on this proposal opens on {when}. No vote was recorded."
CLOSED_MESSAGE = "Voting on this proposal closed on {when}. No vote was recorded."
INACTIVE_ORGANIZATION_MESSAGE = (
    "{organization} is not an active Collaborative Partner, so it cannot vote."
)
NOT_A_VOTER_MESSAGE = (
    "Only the executive leader of {organization} or the voting delegate they named may cast "
    "its vote."
)
COMMENT_REQUIRED_MESSAGE = "This proposal asks for a comment with every no vote."


def _as_history_user(instance, acting_user) -> None:
    if acting_user is not None and getattr(acting_user, "is_authenticated", False):
        instance._history_user = acting_user


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _require_staff(acting_user) -> None:
    if not (getattr(acting_user, "is_authenticated", False) and acting_user.is_staff):
        raise PermissionDenied("Only the Coalition Director may do this.")


# --- Seats and terms -------------------------------------------------------------------------


def executive_leader_of(organization: Organization):
    """The organization's longest-serving current executive leader, or None."""
    membership = (
        Membership.objects.current()
        .filter(organization=organization, role=Role.EXECUTIVE_LEADER)
        .select_related("user")
        .order_by("started_on", "pk")
        .first()
    )
    return membership


@transaction.atomic
def start_term(
    *,
    seat: Seat,
    started_on: datetime.date,
    person: Any = None,
    name: str = "",
    title: str = "",
    email: str = "",
    ended_on: datetime.date | None = None,
    acting_user: Any = None,
) -> Term:
    """Adds a term to a seat, refused when it overlaps another term of the seat."""
    # Terms of one seat are written one at a time, so the overlap check cannot race.
    Seat.objects.select_for_update().get(pk=seat.pk)
    term = Term(
        seat=seat,
        person=person,
        name=name,
        title=title,
        email=email,
        started_on=started_on,
        ended_on=ended_on,
    )
    term.full_clean()
    _as_history_user(term, acting_user)
    term.save()
    return term


@transaction.atomic
def end_term(*, term: Term, ended_on: datetime.date, acting_user: Any = None) -> Term:
    Seat.objects.select_for_update().get(pk=term.seat_id)
    term = Term.objects.get(pk=term.pk)
    term.ended_on = ended_on
    term.full_clean()
    _as_history_user(term, acting_user)
    term.save(update_fields=["ended_on"])
    return term


@transaction.atomic
def ensure_partner_seat(
    *, organization: Organization, on: datetime.date | None = None, acting_user: Any = None
) -> Seat:
    """Gives an approved (active) organization its partner seat, held by its executive leader.

    Idempotent: an existing seat is reactivated, and a term starts only when the seat has no
    current one and the organization has a current executive leader.
    """
    on = on or timezone.localdate()
    seat = (
        Seat.objects.select_for_update()
        .filter(kind=SeatKind.PARTNER, organization=organization)
        .first()
    )
    if seat is None:
        seat = Seat(kind=SeatKind.PARTNER, organization=organization, title=organization.name)
        seat.full_clean()
        _as_history_user(seat, acting_user)
        seat.save()
    elif not seat.active:
        seat.active = True
        _as_history_user(seat, acting_user)
        seat.save(update_fields=["active"])
    leader = executive_leader_of(organization)
    if leader is not None and not seat.terms.current(on).exists():
        # A later term, if any was planned, is left alone: this one then ends when it starts.
        upcoming = seat.terms.filter(started_on__gt=on).order_by("started_on").first()
        start_term(
            seat=seat,
            person=leader.user,
            title=leader.title,
            started_on=on,
            ended_on=upcoming.started_on if upcoming else None,
            acting_user=acting_user,
        )
    return seat


@transaction.atomic
def sync_partner_seat(
    *, organization: Organization, on: datetime.date | None = None, acting_user: Any = None
) -> Seat | None:
    """Keeps an active partner's seat held by its current executive leader.

    Called when an executive leader joins, is demoted or leaves: a term held by someone who is
    no longer the executive leader ends that day, and the current leader's term starts.
    """
    on = on or timezone.localdate()
    if not organization.is_active:
        return None
    seat = (
        Seat.objects.select_for_update()
        .filter(kind=SeatKind.PARTNER, organization=organization)
        .first()
    )
    leader = executive_leader_of(organization)
    if seat is not None:
        term = seat.terms.current(on).first()
        if term is not None and (leader is None or term.person_id != leader.user_id):
            end_term(term=term, ended_on=on, acting_user=acting_user)
    return ensure_partner_seat(organization=organization, on=on, acting_user=acting_user)


@transaction.atomic
def end_partner_seat_term(
    *, organization: Organization, on: datetime.date | None = None, acting_user: Any = None
) -> Term | None:
    """An organization withdraws: the current term of its seat ends that day; the seat leaves
    the roster. Returns the ended term (None when the seat had none). Idempotent."""
    on = on or timezone.localdate()
    seat = (
        Seat.objects.select_for_update()
        .filter(kind=SeatKind.PARTNER, organization=organization)
        .first()
    )
    if seat is None:
        return None
    if seat.active:
        seat.active = False
        _as_history_user(seat, acting_user)
        seat.save(update_fields=["active"])
    term = seat.terms.current(on).first()
    if term is None:
        return None
    term.ended_on = on
    term.full_clean()
    _as_history_user(term, acting_user)
    term.save(update_fields=["ended_on"])
    return term


# --- Voting delegates --------------------------------------------------------------------


def current_delegate(organization: Organization) -> Delegation | None:
    return (
        Delegation.objects.current()
        .filter(organization=organization)
        .select_related("user")
        .first()
    )


@transaction.atomic
def name_delegate(*, organization: Organization, user: Any, acting_user: Any) -> Delegation:
    """The executive leader names one of the organization's current people to cast its vote."""
    if not may_name_delegate(acting_user, organization):
        raise PermissionDenied("Only the organization's executive leader may name its delegate.")
    Organization.objects.select_for_update().get(pk=organization.pk)
    if not Membership.objects.current().filter(organization=organization, user=user).exists():
        raise ValidationError(
            {"user": "The voting delegate must be one of the organization's current people."}
        )
    today = timezone.localdate()
    delegation = current_delegate(organization)
    if delegation is not None:
        if delegation.user_id == user.pk:
            return delegation
        delegation.ended_on = today
        _as_history_user(delegation, acting_user)
        delegation.save(update_fields=["ended_on"])
    delegation = Delegation(
        organization=organization, user=user, named_by=acting_user, started_on=today
    )
    delegation.full_clean()
    _as_history_user(delegation, acting_user)
    delegation.save()
    return delegation


@transaction.atomic
def end_delegation(*, organization: Organization, acting_user: Any) -> Delegation | None:
    if not may_name_delegate(acting_user, organization):
        raise PermissionDenied("Only the organization's executive leader may end its delegation.")
    Organization.objects.select_for_update().get(pk=organization.pk)
    delegation = current_delegate(organization)
    if delegation is not None:
        delegation.ended_on = timezone.localdate()
        _as_history_user(delegation, acting_user)
        delegation.save(update_fields=["ended_on"])
    return delegation


# --- Votes -----------------------------------------------------------------------------------


def check_open_for_votes(proposal: Proposal, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    if now < proposal.opens_at:
        raise ValidationError(
            NOT_OPEN_YET_MESSAGE.format(when=_when(proposal.opens_at)), code="not_open"
        )
    if now >= proposal.closes_at:
        raise ValidationError(CLOSED_MESSAGE.format(when=_when(proposal.closes_at)), code="closed")


@transaction.atomic
def cast_vote(
    *,
    proposal: Proposal,
    organization: Organization,
    acting_user: Any,
    choice: str,
    comment: str = "",
) -> Vote:
    """Casts or changes an organization's one vote while the proposal is open.

    The proposal row, then the organization row, are locked: two people of one organization
    voting at the same moment are served one after the other, and the second changes the vote
    the first cast (both choices stay in the vote's history). Settling a proposal takes the same
    proposal lock, so no vote slips in after the count.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    check_open_for_votes(proposal)
    if not organization.is_active:
        raise ValidationError(
            INACTIVE_ORGANIZATION_MESSAGE.format(organization=organization), code="inactive"
        )
    if not may_vote_for(acting_user, organization):
        raise PermissionDenied(NOT_A_VOTER_MESSAGE.format(organization=organization))
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": "Choose yes, no or abstain."})
    comment = (comment or "").strip()
    if choice == VoteChoice.NO and proposal.requires_comment_for_no and not comment:
        raise ValidationError({"comment": COMMENT_REQUIRED_MESSAGE})

    vote = Vote.objects.filter(proposal=proposal, organization=organization).first()
    if vote is None:
        vote = Vote(
            proposal=proposal,
            organization=organization,
            cast_by=acting_user,
            choice=choice,
            comment=comment,
        )
        vote.full_clean(validate_unique=False, validate_constraints=False)
        _as_history_user(vote, acting_user)
        try:
            with transaction.atomic():
                vote.save()
            return vote
        except IntegrityError:
            # Only reachable if a writer bypassed the locks: change the row that won instead.
            vote = Vote.objects.select_for_update().get(
                proposal=proposal, organization=organization
            )
    vote.choice = choice
    vote.comment = comment
    vote.cast_by = acting_user
    vote.full_clean(validate_unique=False, validate_constraints=False)
    _as_history_user(vote, acting_user)
    vote.save(update_fields=["choice", "comment", "cast_by", "updated_at"])
    return vote


# --- Results ---------------------------------------------------------------------------------


def eligible_organizations(proposal: Proposal | None = None):
    """Active partners, plus (for a proposal) any organization that voted on it while active."""
    condition = Q(status="active")
    if proposal is not None:
        condition |= Q(pk__in=Vote.objects.filter(proposal=proposal).values("organization_id"))
    return Organization.objects.filter(condition)


def live_counts(proposal: Proposal) -> dict[str, int]:
    counts = dict(
        Vote.objects.filter(proposal=proposal)
        .values_list("choice")
        .annotate(n=Count("pk"))
        .values_list("choice", "n")
    )
    return {choice: counts.get(choice, 0) for choice in VoteChoice.values}


def result_for(proposal: Proposal) -> Result:
    """The frozen result of a settled proposal, or the live count of an unsettled one."""
    if proposal.is_settled:
        yes, no, abstain = proposal.yes_count, proposal.no_count, proposal.abstain_count
        eligible = proposal.eligible_at_close
    else:
        counts = live_counts(proposal)
        yes, no, abstain = counts["yes"], counts["no"], counts["abstain"]
        eligible = eligible_organizations(proposal).count()
    return tally(
        yes=yes,
        no=no,
        abstain=abstain,
        eligible=eligible,
        quorum=proposal.quorum,
        threshold=proposal.threshold,
    )


@transaction.atomic
def settle_proposal(*, proposal: Proposal) -> Proposal:
    """Freezes a closed proposal's counts and eligible partners. Idempotent; waits for any vote
    being cast (same lock as cast_vote)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.is_settled or not proposal.is_closed():
        return proposal
    counts = live_counts(proposal)
    proposal.yes_count = counts["yes"]
    proposal.no_count = counts["no"]
    proposal.abstain_count = counts["abstain"]
    proposal.eligible_at_close = eligible_organizations(proposal).count()
    proposal.settled_at = timezone.now()
    proposal.save(
        update_fields=["yes_count", "no_count", "abstain_count", "eligible_at_close", "settled_at"]
    )
    return proposal


def settle_closed_proposals() -> int:
    """Settles every closed proposal not settled yet: one query when there is none."""
    settled = 0
    for proposal in Proposal.objects.closed().filter(settled_at__isnull=True):
        settle_proposal(proposal=proposal)
        settled += 1
    return settled


def non_voting_organizations(proposal: Proposal):
    """Active partners that have not voted on the proposal (for the director)."""
    return (
        Organization.objects.active()
        .exclude(pk__in=Vote.objects.filter(proposal=proposal).values("organization_id"))
        .order_by("name")
    )


# --- Adopting a values version ---------------------------------------------------------------


@transaction.atomic
def confirm_adoption(*, proposal: Proposal, acting_user: Any) -> Proposal:
    """The director confirms a passed proposal to adopt a shared values version: it is adopted."""
    _require_staff(acting_user)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.kind != ProposalKind.ADOPT_VALUES:
        raise ValidationError("Only a proposal to adopt a values version can be confirmed.")
    if not proposal.is_closed():
        raise ValidationError("The proposal has not closed yet.")
    proposal = settle_proposal(proposal=proposal)
    if not result_for(proposal).passed:
        raise ValidationError("The proposal did not pass, so there is nothing to adopt.")
    if proposal.adoption_confirmed_at is not None:
        raise ValidationError("The adoption was already confirmed.")
    if proposal.values_version is None:
        raise ValidationError("The proposal names no values version to adopt.")
    closed_on = date_format(timezone.localtime(proposal.closes_at), "DATE_FORMAT")
    adopt_version(
        version=proposal.values_version,
        acting_user=acting_user,
        note=f"Adopted by the Collaborative Partners' vote on “{proposal.title}”, closed "
        f"{closed_on}, confirmed by {acting_user}.",
    )
    proposal.adoption_confirmed_at = timezone.now()
    proposal.adoption_confirmed_by = acting_user
    _as_history_user(proposal, acting_user)
    proposal.save(update_fields=["adoption_confirmed_at", "adoption_confirmed_by"])
    return proposal


# --- Admitting an organization ---------------------------------------------------------------

ADMISSION_ALREADY_CONFIRMED_MESSAGE = (
    "The admission was already confirmed: application {reference} was approved."
)
APPLICATION_NOT_APPROVABLE_MESSAGE = (
    "Application {reference} is {status}, so it can no longer be approved. Nothing was changed."
)


@transaction.atomic
def confirm_admission(*, proposal: Proposal, acting_user: Any) -> Proposal:
    """The director confirms a passed proposal to admit an organization: its application is
    approved (partners.applications.services.approve_application creates the organization,
    invites its people and gives it its partner seat), in this one transaction.

    The proposal row is locked first, so a second confirmation (double click, two tabs) waits,
    then finds the admission confirmed and is refused: the application is approved once.
    """
    _require_staff(acting_user)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.kind != ProposalKind.ADMIT_ORGANIZATION:
        raise ValidationError(
            "Only a proposal to admit an organization can approve an application."
        )
    if proposal.application_id is None:
        raise ValidationError("The proposal names no application to approve.")
    application = proposal.application
    if proposal.admission_confirmed_at is not None:
        raise ValidationError(
            ADMISSION_ALREADY_CONFIRMED_MESSAGE.format(reference=application.reference),
            code="already_confirmed",
        )
    if not proposal.is_closed():
        raise ValidationError(
            f"The proposal closes on {_when(proposal.closes_at)}: the application can be approved "
            "once it has closed and passed.",
            code="not_closed",
        )
    proposal = settle_proposal(proposal=proposal)
    if not result_for(proposal).passed:
        raise ValidationError(
            "The proposal did not pass, so the application is not approved.", code="not_passed"
        )
    if not application.can_be_approved:
        raise ValidationError(
            APPLICATION_NOT_APPROVABLE_MESSAGE.format(
                reference=application.reference,
                status=application.get_status_display().lower(),
            ),
            code="not_approvable",
        )
    closed_on = date_format(timezone.localtime(proposal.closes_at), "DATE_FORMAT")
    # approve_application locks the application row and checks its status again, so an approval
    # made meanwhile in the applications admin still leads to a refusal, never a second partner.
    approve_application(
        application=application,
        acting_user=acting_user,
        note=f"Approved by the Collaborative Partners' vote on “{proposal.title}”, closed "
        f"{closed_on}, confirmed by {acting_user}.",
    )
    proposal.admission_confirmed_at = timezone.now()
    proposal.admission_confirmed_by = acting_user
    _as_history_user(proposal, acting_user)
    proposal.save(update_fields=["admission_confirmed_at", "admission_confirmed_by"])
    return proposal
