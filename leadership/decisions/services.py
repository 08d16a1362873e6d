"""Changes to decisions: voting delegates, votes, and the settling of closed proposals.

Views, the admin and management commands all call these functions, so no path skips a rule.
Each runs in a transaction and records who acted (cate_portal.actors); e-mail is sent once the
transaction commits (leadership.decisions.notifications). The director's confirmations of a
passed proposal are in leadership.decisions.confirmations.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from cate_portal.actors import SYSTEM, record_actor
from leadership.decisions.results import Result, tally
from leadership.models import (
    Delegation,
    Proposal,
    Vote,
    VoteChoice,
)
from leadership.permissions import may_name_delegate, may_vote_for
from partners.models import Membership, Organization, Role

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


def when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- Voting delegates --------------------------------------------------------------------


def current_delegate(organization: Organization) -> Delegation | None:
    return (
        Delegation.objects.current()
        .filter(organization=organization)
        .select_related("user")
        .first()
    )


def check_may_be_delegate(*, organization: Organization, user: Any) -> None:
    """The rule for a voting delegate: one of the current people of an active organization,
    other than its executive leaders (who vote already).

    The right derives from the membership: when it ends, the delegation ends with it
    (end_delegation_of_former_member), and someone who rejoins starts with none.
    """
    if not organization.is_active:
        raise ValidationError(
            f"{organization} is not an active Collaborative Partner: it has no vote to delegate.",
            code="inactive",
        )
    membership = Membership.objects.current().filter(organization=organization, user=user).first()
    if membership is None:
        raise ValidationError(
            {
                "user": ValidationError(
                    "The voting delegate must be one of the organization's current people.",
                    code="not_a_member",
                )
            }
        )
    if membership.role == Role.EXECUTIVE_LEADER:
        raise ValidationError(
            {
                "user": ValidationError(
                    "An executive leader votes already: choose someone else as the voting "
                    "delegate, or nobody.",
                    code="executive_leader",
                )
            }
        )


def _end(delegation: Delegation, *, on: datetime.date, acting_user: Any) -> Delegation:
    delegation.ended_on = on
    record_actor(delegation, acting_user)
    delegation.save(update_fields=["ended_on"])
    return delegation


@transaction.atomic
def name_delegate(*, organization: Organization, user: Any, acting_user: Any) -> Delegation:
    """The executive leader (or coalition staff) names one of the organization's current people
    to cast its vote; the delegate named before, if any, stops that day."""
    if not may_name_delegate(acting_user, organization):
        raise PermissionDenied("Only the organization's executive leader may name its delegate.")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    check_may_be_delegate(organization=organization, user=user)
    today = timezone.localdate()
    delegation = current_delegate(organization)
    if delegation is not None:
        if delegation.user_id == user.pk:
            return delegation
        _end(delegation, on=today, acting_user=acting_user)
    delegation = Delegation(
        organization=organization, user=user, named_by=acting_user, started_on=today
    )
    delegation.full_clean()
    record_actor(delegation, acting_user)
    delegation.save()
    return delegation


@transaction.atomic
def end_delegation(
    *, organization: Organization, acting_user: Any, ended_on: datetime.date | None = None
) -> Delegation | None:
    """The organization has no voting delegate any more, as of `ended_on` (default today)."""
    if not may_name_delegate(acting_user, organization):
        raise PermissionDenied("Only the organization's executive leader may end its delegation.")
    Organization.objects.select_for_update().get(pk=organization.pk)
    delegation = current_delegate(organization)
    if delegation is None:
        return None
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise ValidationError(
            {"ended_on": "A delegation ends today or on an earlier date, not in the future."}
        )
    if ended_on < delegation.started_on:
        raise ValidationError(
            {
                "ended_on": "A delegation cannot end before it started "
                f"({date_format(delegation.started_on)})."
            }
        )
    return _end(delegation, on=ended_on, acting_user=acting_user)


@transaction.atomic
def end_delegation_of_former_member(
    *, organization: Organization, user: Any, acting_user: Any
) -> Delegation | None:
    """Ends `user`'s voting delegation for `organization` once they are no longer one of its
    current people: the right ends with the membership it derives from.

    Called by leadership/receivers.py when a membership ends, inside that change's
    transaction, so it asks no permission of its own (the partners service did). The
    delegation ends that day, like the partner seat's term, and its history records
    `acting_user`. Idempotent; returns the delegation it ended, or None.
    """
    if Membership.objects.current().filter(organization=organization, user=user).exists():
        return None
    delegation = (
        Delegation.objects.select_for_update()
        .current()
        .filter(organization=organization, user=user)
        .first()
    )
    if delegation is None:
        return None
    return _end(
        delegation, on=max(timezone.localdate(), delegation.started_on), acting_user=acting_user
    )


# --- Votes -----------------------------------------------------------------------------------


def check_open_for_votes(proposal: Proposal, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    if now < proposal.opens_at:
        raise ValidationError(
            NOT_OPEN_YET_MESSAGE.format(when=when(proposal.opens_at)), code="not_open"
        )
    if now >= proposal.closes_at:
        raise ValidationError(CLOSED_MESSAGE.format(when=when(proposal.closes_at)), code="closed")


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
        record_actor(vote, acting_user)
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
    record_actor(vote, acting_user)
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
    being cast (same lock as cast_vote). A system step, recorded as such, whoever's page or
    command runs it."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.is_settled or not proposal.is_closed():
        return proposal
    counts = live_counts(proposal)
    proposal.yes_count = counts["yes"]
    proposal.no_count = counts["no"]
    proposal.abstain_count = counts["abstain"]
    proposal.eligible_at_close = eligible_organizations(proposal).count()
    proposal.settled_at = timezone.now()
    record_actor(proposal, SYSTEM)
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
