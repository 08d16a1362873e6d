from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .models import Membership


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        memberships = (
            Membership.objects.current()
            .filter(user=self.request.user)
            .select_related("organization")
        )
        return super().get_context_data(memberships=memberships, **kwargs)
