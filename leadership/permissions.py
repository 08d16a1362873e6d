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
- Resources (`/resources/`) are seen by the people their visibility names (everyone, partners,
  the leadership) once the director approved them; the contributing organization's people see
  their own waiting contribution. Their files download for exactly those who see them
  (`may_see_resource`); proposal documents for those who see decisions (`may_see_decisions`).
  Primary contacts and executive leaders of active partners contribute
  (`contributing_organizations`).
- "Coalition staff" on a page means staff in a session that passed two-factor sign-in (issue 10,
  rule 9): views pass the request's viewer (`partners.visibility.viewer_for_request`, which asks
  `cate_portal.mfa.has_staff_clearance`). Until then a staff account is a partner or the public.
  A user, rather than a viewer, is for contexts outside a request (e-mails, commands).
- "The leadership" (leadership meetings, their minutes, leadership-only events and resources)
  is coalition staff (the director) and the current executive leaders of active partner
  organizations: `is_leadership`, the one rule every app asks.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from partners.models import Membership, Organization, Role
from partners.visibility import as_viewer

from .models import Delegation, Resource, ResourceStatus, ResourceVisibility


def is_leadership(user_or_viewer: Any) -> bool:
    """Whether this person may see leadership-only things: coalition staff (on a page, staff
    whose session passed two-factor sign-in) or a current executive leader of an active
    organization. A user costs one query (see `partners.visibility.viewer_for`); a Viewer none.
    """
    viewer = as_viewer(user_or_viewer)
    return viewer.is_staff or bool(viewer.led_organization_ids)


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


def is_executive_leader(user: Any, organization: Organization) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        Membership.objects.current()
        .filter(user=user, organization=organization, role=Role.EXECUTIVE_LEADER)
        .exists()
    )


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


# --- Resources (leadership/resources/) ------------------------------------------------------
# A resource is seen by the people its visibility names: everyone (public), partners and the
# director (partners), or the leadership (`is_leadership`); and only once the director approved
# it, except by the director (in a session with staff clearance) and by the people of the
# organization that contributed it, who see their own contribution waiting (still only within
# its visibility). Its file is downloaded by exactly those who may see it.


def resource_visibilities_for(user_or_viewer: Any) -> list[str]:
    """The resource visibilities this viewer may see, for a query: `visibility__in=`."""
    viewer = as_viewer(user_or_viewer)
    visibilities = [ResourceVisibility.PUBLIC]
    if viewer.is_staff or viewer.is_partner:
        visibilities.append(ResourceVisibility.PARTNERS)
    if is_leadership(viewer):
        visibilities.append(ResourceVisibility.LEADERSHIP)
    return visibilities


def visible_resources(user_or_viewer: Any):
    """The resources this viewer may see (a queryset, no query run yet): approved ones within
    their visibilities; waiting or declined ones too for staff and for the contributing
    organization's people."""
    viewer = as_viewer(user_or_viewer)
    resources = Resource.objects.filter(visibility__in=resource_visibilities_for(viewer))
    if viewer.is_staff:
        return resources
    return resources.filter(
        Q(status=ResourceStatus.APPROVED) | Q(organization_id__in=viewer.organization_ids)
    )


def may_see_resource(user_or_viewer: Any, resource: Resource) -> bool:
    """Whether this viewer may see the resource and download its file (no query for a Viewer)."""
    viewer = as_viewer(user_or_viewer)
    if resource.visibility not in resource_visibilities_for(viewer):
        return False
    return (
        viewer.is_staff
        or resource.status == ResourceStatus.APPROVED
        or resource.organization_id in viewer.organization_ids
    )


def contributing_organizations(user: Any):
    """Active organizations for which this person may contribute resources: those they manage
    (primary contact or executive leader, `Membership.managing`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organization.objects.none()
    return Organization.objects.filter(
        pk__in=Membership.objects.managing().filter(user=user).values("organization_id")
    ).order_by("name")
