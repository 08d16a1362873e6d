"""The partner portal's home: what each of the person's organizations needs, and what the other
apps ask of them (through partners.signals.dashboard_items_requested)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from cate_portal.page_cache import cache_private_page
from partners.models import Invitation, Membership, Organization
from partners.organizations.reminders import PROFILE_REVIEW_AFTER
from partners.signals import dashboard_items_for
from partners.values.selectors import agreement_statuses
from partners.visibility import viewer_for_request


@method_decorator(cache_private_page, name="dispatch")
class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "portal/dashboard.html"

    def get_memberships(self):
        pending = (
            Invitation.objects.pending()
            .filter(organization=OuterRef("organization_id"))
            .order_by()
            .values("organization")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Membership.objects.current()
            .filter(user=self.request.user)
            .select_related("organization")
            .annotate(
                has_services=Exists(
                    Organization.services.through.objects.filter(
                        organization_id=OuterRef("organization_id")
                    )
                ),
                has_counties=Exists(
                    Organization.counties.through.objects.filter(
                        organization_id=OuterRef("organization_id")
                    )
                ),
                pending_invitations=Coalesce(
                    Subquery(pending, output_field=IntegerField()), Value(0)
                ),
            )
            .order_by("organization__name")
        )

    def get_context_data(self, **kwargs):
        review_before = timezone.localdate() - PROFILE_REVIEW_AFTER
        memberships = list(self.get_memberships())
        for membership in memberships:
            organization = membership.organization
            membership.missing = [
                label
                for label, present in (
                    ("a description", bool(organization.description.strip())),
                    ("the services you offer", membership.has_services),
                    ("the counties you serve", membership.has_counties or organization.statewide),
                )
                if not present
            ]
            confirmed = organization.profile_confirmed_on
            membership.needs_confirmation = confirmed is None or confirmed < review_before
        statuses = agreement_statuses([m.organization for m in memberships])
        for membership in memberships:
            membership.agreement = statuses.get(membership.organization_id)
        return super().get_context_data(
            memberships=memberships,
            dashboard_items=dashboard_items_for(
                self.request.user, staff=viewer_for_request(self.request).is_staff
            ),
            **kwargs,
        )
