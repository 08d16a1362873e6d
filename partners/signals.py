"""What the partners app tells the rest of the portal, declared in one place.

partners never imports leadership (an import-linter contract holds it): when a change here
matters elsewhere, the service that made it sends one of these signals and the other app's
receivers (leadership/receivers.py) act on it. Django sends signals synchronously, so a receiver
runs inside the sender's transaction: if it fails, the whole change rolls back with it.

Every signal is sent with keyword arguments only; `acting_user` follows cate_portal.actors (a
person, or None for the system).
"""

from dataclasses import dataclass

from django.dispatch import Signal

#: An organization's status was set (also when unchanged: receivers are idempotent), or an
#: organization was created active by an approved application.
#: Arguments: organization, status (OrganizationStatus value), on (date), acting_user.
organization_status_changed = Signal()

#: A membership started, changed (its role, or its title or start date), ended, or had its
#: ending undone the same day.
#: Arguments: membership (as saved), previous_role (None for a new membership; the role before
#: this change otherwise, the same role when it did not change), ended (bool: the membership
#: ended in this change), restored (bool: its ending was undone in this change; sent only then,
#: so receivers take it from **kwargs), acting_user.
membership_changed = Signal()

#: The page confirming the end of a membership asks the other apps what the person would lose
#: (leadership: their voting delegation, their seat).
#: Arguments: membership (current). Each receiver returns a list of plain sentences.
membership_ending_consequences_requested = Signal()

#: The partner dashboard asks for the to-do items other apps have for a person.
#: Arguments: user, staff (bool: coalition staff in a session that passed two-factor sign-in,
#: cate_portal.mfa.has_staff_clearance; staff-only items are for them alone).
#: Each receiver returns a list of DashboardItem.
dashboard_items_requested = Signal()


@dataclass(frozen=True)
class DashboardItem:
    """One line of a dashboard's to-do list: what to do, and where to go about it."""

    text: str
    url: str
    link_text: str
    kind: str  # e.g. "vote", "term", "vacancy", "adoption", "admission", "decision"


def membership_ending_consequences(membership) -> list[str]:
    """What every app says the person loses when `membership` ends, in the order the receivers
    were connected."""
    lines: list[str] = []
    for _receiver, response in membership_ending_consequences_requested.send(
        sender=type(membership), membership=membership
    ):
        lines.extend(response or [])
    return lines


def dashboard_items_for(user, *, staff: bool) -> list[DashboardItem]:
    """Every app's dashboard items for `user`, in the order the receivers were connected.

    `staff`: whether the request has staff clearance (a page passes
    ``viewer_for_request(request).is_staff``)."""
    items: list[DashboardItem] = []
    for _receiver, response in dashboard_items_requested.send(
        sender=DashboardItem, user=user, staff=staff
    ):
        items.extend(response or [])
    return items
