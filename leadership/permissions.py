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
  (`partners.permissions.managed_organizations`).
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
from partners.visibility import as_viewer, can_see

from .models import (
    Delegation,
    Event,
    EventKind,
    EventStatus,
    Resource,
    ResourceStatus,
    ResourceVisibility,
    RsvpStatus,
)


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


def audiences_of(user_or_viewer: Any) -> list[str]:
    """The audiences this viewer belongs to, for a query (`visibility__in=`): "public" for
    everyone, "partners" for partners and staff, "leadership" for `is_leadership`. Events and
    resources share these values (EventVisibility, ResourceVisibility)."""
    viewer = as_viewer(user_or_viewer)
    audiences = [ResourceVisibility.PUBLIC.value]
    if viewer.is_staff or viewer.is_partner:
        audiences.append(ResourceVisibility.PARTNERS.value)
    if is_leadership(viewer):
        audiences.append(ResourceVisibility.LEADERSHIP.value)
    return audiences


# --- Resources (leadership/resources/) ------------------------------------------------------
# A resource is seen by the people its visibility names: everyone (public), partners and the
# director (partners), or the leadership (`is_leadership`); and only once the director approved
# it, except by the director (in a session with staff clearance) and by the people of the
# organization that contributed it, who see their own contribution waiting (still only within
# its visibility). Its file is downloaded by exactly those who may see it.


def visible_resources(user_or_viewer: Any):
    """The resources this viewer may see (a queryset, no query run yet): approved ones within
    their visibilities; waiting or declined ones too for staff and for the contributing
    organization's people."""
    viewer = as_viewer(user_or_viewer)
    resources = Resource.objects.filter(visibility__in=audiences_of(viewer))
    if viewer.is_staff:
        return resources
    return resources.filter(
        Q(status=ResourceStatus.APPROVED) | Q(organization_id__in=viewer.organization_ids)
    )


def may_see_resource(user_or_viewer: Any, resource: Resource) -> bool:
    """Whether this viewer may see the resource and download its file (no query for a Viewer)."""
    viewer = as_viewer(user_or_viewer)
    if resource.visibility not in audiences_of(viewer):
        return False
    return (
        viewer.is_staff
        or resource.status == ResourceStatus.APPROVED
        or resource.organization_id in viewer.organization_ids
    )


# --- Events (leadership/events/) ------------------------------------------------------------
# An event is seen by the people its visibility names: everyone (public), partners and the
# director (partners), or the leadership (`is_leadership`). Proposed and declined events are
# for the director only (and not on the pages: in the admin). The place's street address, when
# the event is at the host partner's own address, follows that partner's rules for its street
# address (partners.visibility.can_see). The online link is for people who may attend: signed
# in, allowed to see the event, and, when places are limited, holding a place. Minutes follow
# the event; a leadership meeting's minutes are for the leadership only.


def visible_events(user_or_viewer: Any):
    """Published events this viewer may see (a queryset, no query run yet)."""

    return Event.objects.published().filter(visibility__in=audiences_of(user_or_viewer))


def may_see_event(user_or_viewer: Any, event) -> bool:

    return event.status == EventStatus.PUBLISHED and event.visibility in audiences_of(
        user_or_viewer
    )


def may_answer_event(user: Any, user_or_viewer: Any, event, *, now=None) -> bool:
    """Signed in, active, allowed to see the event, and the event not over."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return may_see_event(user_or_viewer, event) and not event.is_over(now)


def may_see_online_link(user: Any, user_or_viewer: Any, event, *, rsvp_status: str | None):
    """People who may attend: signed in and allowed to see the event; when places are limited,
    only those holding one (`rsvp_status` is their answer, None if they gave none). Staff
    always."""

    if not event.online_link or not may_see_event(user_or_viewer, event):
        return False
    if as_viewer(user_or_viewer).is_staff:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return event.capacity is None or rsvp_status == RsvpStatus.GOING


def may_see_host_address(user_or_viewer: Any, event) -> bool:
    """The host partner's street address, for an event at its address: that partner's rule."""

    return bool(
        event.at_host_address
        and event.host is not None
        and event.host.street_address
        and can_see(event.host, "street_address", user_or_viewer)
    )


def may_see_minutes(user_or_viewer: Any, event) -> bool:

    if not may_see_event(user_or_viewer, event):
        return False
    return event.kind != EventKind.LEADERSHIP_MEETING or is_leadership(user_or_viewer)
