"""Who may reach an organization's portal pages.

An organization is looked up only among the signed-in user's CURRENT memberships: anything else
(another organization, an ended membership, a slug that does not exist) is the same 404, so a
page never hints that another organization exists. Within their own organization, staff read,
while primary contacts and executive leaders (MANAGER_ROLES) edit the profile and manage people.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Organization
from .models.people import MANAGER_ROLES


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


def get_managed_organization_or_404(user, slug: str, *, manage: bool = False) -> Organization:
    """The organization with this slug if the user is a current member of it, or 404.

    With manage=True a current member without a manager role gets 403 (they know their own
    organization exists, so nothing is revealed).
    """
    membership = get_membership_or_404(user, slug)
    if manage and not can_manage(membership):
        raise PermissionDenied
    return membership.organization


def can_manage(membership: Membership | None) -> bool:
    return bool(membership and membership.is_current and membership.role in MANAGER_ROLES)


def user_can_manage(user, organization: Organization) -> bool:
    """For services: a current manager of the organization, or coalition staff (the director)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return (
        Membership.objects.current()
        .filter(user=user, organization=organization, role__in=MANAGER_ROLES)
        .exists()
    )


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
            raise PermissionDenied
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
