"""The public site's pages. Part of the top of the project: home and about show the apps'
records (the current shared values, the fiscal sponsor), so this package may import every app."""

from django.contrib import messages
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from cate_portal.forms import ContactForm
from cate_portal.models import TimelineEntry
from cate_portal.services import receive_contact_message
from partners.models import Organization
from partners.organizations.selectors import coverage
from partners.support.selectors import about_context
from partners.values.selectors import current_values


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        # The vision, mission and values are the currently adopted version's; the reach is
        # the coverage map's, for all services.
        return super().get_context_data(
            values=current_values(),
            coverage=coverage(Organization.objects.active()),
            **kwargs,
        )


class AboutView(TemplateView):
    template_name = "pages/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            timeline=TimelineEntry.objects.all(), **about_context(), **kwargs
        )


class ContactView(FormView):
    template_name = "pages/contact.html"
    form_class = ContactForm

    def form_valid(self, form):
        if not form.is_spam():
            receive_contact_message(**{f: form.cleaned_data[f] for f in ContactForm.Meta.fields})
        # The same answer for a bot as for a person, so the honeypot is not revealed.
        messages.success(
            self.request, gettext("Thank you: your message has reached the coalition.")
        )
        return redirect("contact")


class SafetyView(TemplateView):
    template_name = "pages/safety.html"


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
