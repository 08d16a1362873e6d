"""The public site's pages. Part of the top of the project: home and about show the apps'
records (the current shared values, the fiscal sponsor), so this package may import every app."""

from django.conf import settings
from django.contrib import messages
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from cate_portal import figures
from cate_portal.forms import ContactForm
from cate_portal.models import TimelineEntry
from cate_portal.page_cache import cache_public_page
from cate_portal.ratelimit import FloodLimit
from cate_portal.services import receive_contact_message
from leadership.seats.selectors import current_director
from partners.models import Organization
from partners.organizations.selectors import SHADES, coverage
from partners.support.selectors import about_context, current_fiscal_sponsor
from partners.values.selectors import current_values


@method_decorator(cache_public_page, name="dispatch")
class HomeView(TemplateView):
    """What CATE is, the ways in, the figures (cate_portal.figures, registered by the apps), the
    statewide reach (the coverage map's, for all services), the coalition's home and fiscal
    sponsor and its director, and the current values. A fixed number of queries."""

    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            values=current_values(),
            coverage=coverage(Organization.objects.active()),
            shades=SHADES,
            figures=figures.collect(),
            fiscal_sponsor=current_fiscal_sponsor(),
            director=current_director(),
            **kwargs,
        )


@method_decorator(cache_public_page, name="dispatch")
class AboutView(TemplateView):
    template_name = "pages/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            timeline=TimelineEntry.objects.all(),
            director=current_director(),
            **about_context(),
            **kwargs,
        )


CONTACT_FLOOD_LIMIT = FloodLimit(scope="contact", limit=5, period=60 * 60)
CONTACT_RATE_LIMIT_MESSAGE = _(
    "Too many messages were sent from your connection or from this e-mail address in the last "
    "hour. Nothing was sent this time. Please try again in an hour; if someone is in immediate "
    "danger, call 911."
)


@method_decorator(cache_public_page, name="dispatch")
class ContactView(FormView):
    """The form, the coalition's e-mail (COALITION_EMAIL), the Coalition Director by name (from
    the leadership records) and the answer time (CONTACT_RESPONSE_WORKING_DAYS); never an
    office address. The application form's protection: a honeypot, and at most
    CONTACT_FLOOD_LIMIT messages an hour per client address and per e-mail address."""

    template_name = "pages/contact.html"
    form_class = ContactForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            director=current_director(),
            response_days=settings.CONTACT_RESPONSE_WORKING_DAYS,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        valid = form.is_valid()
        email = form.cleaned_data.get("email") if valid else None
        if CONTACT_FLOOD_LIMIT.exceeded(request, email):
            form.add_error(None, CONTACT_RATE_LIMIT_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not valid:
            return self.form_invalid(form)
        return self.form_valid(form)

    def form_valid(self, form):
        if form.is_spam():
            CONTACT_FLOOD_LIMIT.count(self.request)
        else:
            # Counted in the same transaction as the message is stored: a cache (Redis) that
            # fails while counting rolls the message back (a 503), never stores it uncounted.
            with transaction.atomic():
                receive_contact_message(
                    **{f: form.cleaned_data[f] for f in ContactForm.Meta.fields}
                )
                CONTACT_FLOOD_LIMIT.count(self.request, form.cleaned_data["email"])
        # The same answer for a bot as for a person, so the honeypot is not revealed.
        messages.success(self.request, _("Thank you: your message has reached the coalition."))
        return redirect("contact")


@method_decorator(cache_public_page, name="dispatch")
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


@require_GET
def bench_baseline(request):
    """A bare Django view through the whole middleware stack: the throughput `make bench`
    compares every page to. Routed only when ``BENCH_BASELINE_VIEW`` is set (never in
    production)."""
    return HttpResponse("ok", content_type="text/plain")
