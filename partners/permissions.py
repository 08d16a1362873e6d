"""Who may manage an organization, and who may reach its portal pages: the one place that
decides it for every view, service, admin form and command.

- Managing an organization (editing its profile, inviting and managing its people, signing the
  shared values) is for its current primary contact or executive leader while the organization
  is active (`Membership.can_manage`, `MembershipQuerySet.managing`). Coalition staff manage
  every organization from the admin; the system (`acting_user=None`, see cate_portal.actors)
  may do what a service allows it.
- An organization's portal pages are looked up among the signed-in user's CURRENT memberships:
  anything else (another organization, an ended membership, a slug that does not exist) is the
  same 404, so a page never hints that another organization exists. Within their own
  organization, staff members read; managers change.
"""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cate_portal.actors import SYSTEM, is_person, is_staff

from .models import Membership, Organization, Role

MANAGER_ONLY_MESSAGE = (
    "Only a primary contact or an executive leader of an active partner organization may do this."
)


def get_membership_or_404(user, slug: str) -> Membership:
    """The user's current membership in the organization with this slug, or 404."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.current()
        .filter(user=user, organization__slug=slug)
        .select_related("organization")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def can_manage(membership: Membership | None) -> bool:
    """For a view that holds the person's membership: may they manage its organization?"""
    return bool(membership is not None and membership.can_manage)


def is_manager(user: Any, organization: Organization) -> bool:
    """A current primary contact or executive leader of the active `organization` (not staff)."""
    if not is_person(user):
        return False
    return Membership.objects.managing().filter(user=user, organization=organization).exists()


def managed_organizations(user: Any):
    """The active organizations `user` manages (current primary contact or executive leader,
    `Membership.managing`), by name: a queryset, none for anyone but an active person. Those
    they may contribute resources for and propose events for."""
    if not is_person(user):
        return Organization.objects.none()
    return Organization.objects.filter(
        pk__in=Membership.objects.managing().filter(user=user).values("organization_id")
    ).order_by("name")


def is_primary_contact(user: Any, organization: Organization) -> bool:
    """A current primary contact of the active `organization` (not staff, not the system): who
    may undo the ending of a membership on the day it was made."""
    if not is_person(user):
        return False
    return (
        Membership.objects.managing()
        .filter(user=user, organization=organization, role=Role.PRIMARY_CONTACT)
        .exists()
    )


def may_manage(user: Any, organization: Organization) -> bool:
    """A manager of the organization, or coalition staff."""
    return is_staff(user) or is_manager(user, organization)


def require_manager(acting_user: Any, organization: Organization) -> None:
    """For services: a manager of the organization, coalition staff, or the system (None).

    Raises PermissionDenied(MANAGER_ONLY_MESSAGE) for anyone else.
    """
    if acting_user is SYSTEM:
        return
    if not may_manage(acting_user, organization):
        raise PermissionDenied(MANAGER_ONLY_MESSAGE)


class OrganizationMemberRequiredMixin(LoginRequiredMixin):
    """Sets self.membership and self.organization from the URL's `slug`, before anything else.

    Anonymous visitors go to sign-in; signed-in people who are not current members get 404 on
    every method (GET, POST, ...), so even a POST-only URL answers 404 rather than 405.
    """

    require_manager = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.membership = get_membership_or_404(request.user, kwargs["slug"])
        self.organization = self.membership.organization
        if self.require_manager and not can_manage(self.membership):
            raise PermissionDenied(MANAGER_ONLY_MESSAGE)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organization=self.organization,
            membership=self.membership,
            can_manage=can_manage(self.membership),
            **kwargs,
        )


class OrganizationManagerRequiredMixin(OrganizationMemberRequiredMixin):
    require_manager = True
