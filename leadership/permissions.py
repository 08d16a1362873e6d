"""Who may see and do what in the leadership app: the one place that decides it.

- The roster (`/leadership/`) is public: names, titles and organizations. Contact e-mails are
  shown only to partners (current members of an active organization) and coalition staff.
- Decisions are for partners and coalition staff (the director); the public and signed-in
  people without a current membership of an active organization are refused.
- An organization's single vote is cast by its executive leader or by the voting delegate the
  executive leader named (who must still be a current member); only while the organization is
  active.
- Live counts and the list of partners that have not voted are for coalition staff only;
  everyone else who may see decisions sees the result once the proposal has closed.
- "Coalition staff" on a page means staff in a session that passed two-factor sign-in (issue 10,
  rule 9): views pass the request's viewer (`partners.visibility.viewer_for_request`, which asks
  `cate_portal.mfa.has_staff_clearance`). Until then a staff account is a partner or the public.
  A user, rather than a viewer, is for contexts outside a request (e-mails, commands).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from partners.models import Membership, Organization, Role
from partners.visibility import as_viewer

from .models import Delegation


def may_see_contact_emails(user_or_viewer: Any) -> bool:
    viewer = as_viewer(user_or_viewer)
    return viewer.is_staff or viewer.is_partner


def may_see_decisions(user_or_viewer: Any) -> bool:
    viewer = as_viewer(user_or_viewer)
    return viewer.is_staff or viewer.is_partner


def may_see_live_counts(user_or_viewer: Any) -> bool:
    """Coalition staff only: on a page, pass `viewer_for_request(request)`."""
    return as_viewer(user_or_viewer).is_staff


def voting_organizations(user: Any):
    """Active organizations for which this user may cast the vote."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organization.objects.none()
    current_member = Membership.objects.current().filter(organization=OuterRef("pk"), user=user)
    current_delegate = Delegation.objects.current().filter(organization=OuterRef("pk"), user=user)
    return (
        Organization.objects.active()
        .filter(Exists(current_member))
        .filter(
            Q(Exists(current_member.filter(role=Role.EXECUTIVE_LEADER)))
            | Q(Exists(current_delegate))
        )
        .order_by("name")
    )


def may_vote_for(user: Any, organization: Organization) -> bool:
    return voting_organizations(user).filter(pk=organization.pk).exists()


def led_organizations(user: Any):
    """Organizations whose executive leader `user` currently is: where they vote and name the
    voting delegate (the delegate page's link is offered for these)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organization.objects.none()
    return Organization.objects.filter(
        Exists(
            Membership.objects.current().filter(
                organization=OuterRef("pk"), user=user, role=Role.EXECUTIVE_LEADER
            )
        )
    )


def is_executive_leader(user: Any, organization: Organization) -> bool:
    return led_organizations(user).filter(pk=organization.pk).exists()


def may_name_delegate(user: Any, organization: Organization, *, staff: bool | None = None) -> bool:
    """The organization's executive leader, or coalition staff.

    `staff`: on a page, whether the request has staff clearance (`viewer_for_request(request)
    .is_staff`); None for a service or command, where `user.is_staff` decides.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if staff is None:
        staff = bool(user.is_staff)
    return staff or is_executive_leader(user, organization)
