"""What leadership does when a partner changes: the one place that listens to partners.signals.

Connected from LeadershipConfig.ready(). Django runs receivers synchronously, inside the
transaction of the partners service that sent the signal, so a seat change is atomic with the
change that caused it: if a receiver fails, the whole change rolls back.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from leadership.dashboard import leadership_tasks_for
from leadership.decisions.services import end_delegation_of_former_member
from leadership.models import Delegation, Term
from leadership.seats.services import end_partner_seat_term, ensure_partner_seat, sync_partner_seat
from partners.models import Membership, Organization, OrganizationStatus, Role
from partners.signals import (
    DashboardItem,
    dashboard_items_requested,
    membership_changed,
    membership_ending_consequences_requested,
    organization_status_changed,
)

DISPATCH_PREFIX = "leadership.receivers."


def seat_follows_status(
    *, organization: Organization, status: str, on, acting_user: Any, **kwargs
) -> None:
    """An active partner holds its partner seat; any other status ends the seat's term."""
    if status == OrganizationStatus.ACTIVE:
        ensure_partner_seat(organization=organization, on=on, acting_user=acting_user)
    else:
        end_partner_seat_term(organization=organization, on=on, acting_user=acting_user)


def seat_follows_executive_leader(
    *, membership: Membership, previous_role: str | None, acting_user: Any, **kwargs
) -> None:
    """The partner seat is held by the executive leader: it follows every change of that role
    (a new leader, a leader demoted or promoted, a leader who leaves)."""
    if Role.EXECUTIVE_LEADER in (membership.role, previous_role):
        sync_partner_seat(organization=membership.organization, acting_user=acting_user)


def delegation_ends_with_membership(
    *, membership: Membership, ended: bool, acting_user: Any, **kwargs
) -> None:
    """A voting delegation derives from the delegate's membership: it ends when the membership
    does. Someone who rejoins has a new membership and no delegation until one is named."""
    if ended:
        end_delegation_of_former_member(
            organization=membership.organization, user=membership.user, acting_user=acting_user
        )


def what_ending_a_membership_takes(*, membership: Membership, **kwargs) -> list[str]:
    """For the page confirming the end of a membership: the leadership rights it takes away
    (casting the vote, a voting delegation, a seat's term). Three queries at most."""
    organization = membership.organization
    lines = []
    if membership.role == Role.EXECUTIVE_LEADER and organization.is_active:
        lines.append(
            _(
                "Casting the vote of %(organization)s in the coalition's decisions, and "
                "naming its voting delegate."
            )
            % {"organization": organization.name}
        )
    if (
        Delegation.objects.current()
        .filter(organization=organization, user=membership.user)
        .exists()
    ):
        lines.append(
            _(
                "Being the voting delegate of %(organization)s: the delegation ends today and "
                "is not given back if the ending is undone."
            )
            % {"organization": organization.name}
        )
    for term in (
        Term.objects.current()
        .filter(seat__organization=organization, person=membership.user)
        .select_related("seat")
    ):
        lines.append(
            _(
                "Their term in the seat “%(seat)s”: it ends today, and the seat passes to the "
                "next executive leader if there is one."
            )
            % {"seat": term.seat}
        )
    return lines


def leadership_dashboard_items(*, user: Any, staff: bool, **kwargs) -> list[DashboardItem]:
    return leadership_tasks_for(user, staff=staff)


def connect() -> None:
    """Connects every receiver once (dispatch_uid keeps a second call harmless)."""
    organization_status_changed.connect(
        seat_follows_status, dispatch_uid=f"{DISPATCH_PREFIX}seat_follows_status"
    )
    membership_changed.connect(
        seat_follows_executive_leader,
        dispatch_uid=f"{DISPATCH_PREFIX}seat_follows_executive_leader",
    )
    membership_changed.connect(
        delegation_ends_with_membership,
        dispatch_uid=f"{DISPATCH_PREFIX}delegation_ends_with_membership",
    )
    membership_ending_consequences_requested.connect(
        what_ending_a_membership_takes,
        dispatch_uid=f"{DISPATCH_PREFIX}what_ending_a_membership_takes",
    )
    dashboard_items_requested.connect(
        leadership_dashboard_items, dispatch_uid=f"{DISPATCH_PREFIX}leadership_dashboard_items"
    )
