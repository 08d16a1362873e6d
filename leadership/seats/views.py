"""The public roster of the coalition's leadership."""

from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from cate_portal.page_cache import cache_public_page
from leadership.permissions import may_see_contact_emails
from leadership.seats.selectors import build_roster
from partners.visibility import viewer_for_request


@method_decorator(cache_public_page, name="dispatch")
class RosterView(TemplateView):
    template_name = "leadership/seat_list.html"

    def get_context_data(self, **kwargs):
        viewer = viewer_for_request(self.request)
        return super().get_context_data(
            groups=build_roster(),
            show_emails=may_see_contact_emails(viewer),
            **kwargs,
        )
