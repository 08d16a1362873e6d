"""The public application to join: the form, the confirmation, and the private status page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from cate_portal.forms import add_refusal_to_form
from cate_portal.held_files import KeepsFilesMixin
from cate_portal.http import client_ip
from cate_portal.page_cache import cache_public_page
from cate_portal.ratelimit import FloodLimit
from partners.applications.forms import ApplicationForm, WithdrawApplicationForm
from partners.applications.services import find_by_token, submit_application, withdraw_application
from partners.models import ValuesVersion
from partners.people.services import invitation_expiry_days

RATE_LIMIT = 5  # applications per hour, per client address and per contact e-mail
FLOOD_LIMIT = FloodLimit(scope="apply", limit=RATE_LIMIT, period=60 * 60)
RATE_LIMIT_MESSAGE = gettext_lazy(
    "Too many applications were sent from your connection or for this e-mail address in the "
    "last hour. Nothing was sent this time. Please try again in an hour, or contact the "
    "coalition if you need help."
)
SESSION_KEY = "application_reference"


@method_decorator(cache_public_page, name="dispatch")
class ApplyView(KeepsFilesMixin, FormView):
    template_name = "applications/application_form.html"
    form_class = ApplicationForm

    def dispatch(self, request, *args, **kwargs):
        self.current_values = ValuesVersion.objects.current()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "current_values": self.current_values}

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_values=self.current_values, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        valid = form.is_valid()
        email = form.cleaned_data.get("contact_email") if valid else None
        if FLOOD_LIMIT.exceeded(request, email):
            form.add_error(None, RATE_LIMIT_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not valid:
            return self.form_invalid(form)
        return self.form_valid(form)

    def form_valid(self, form):
        request = self.request
        if form.is_spam():
            # The same answer for a bot as for a person, so the honeypot is not revealed.
            FLOOD_LIMIT.count(request)
            # In the session (with no reference), so the thank-you page shows as for a person.
            request.session[SESSION_KEY] = None
            return redirect("applications:sent")
        try:
            # Counted in the same transaction: if the cache (Redis) fails while counting, the
            # application is rolled back and the applicant gets a 503, never a success answer
            # for an application stored without its count, nor a stored one they would re-send.
            with transaction.atomic():
                application = submit_application(
                    **form.service_kwargs(), ip_address=client_ip(request)
                )
                FLOOD_LIMIT.count(request, application.contact_email)
        except ValidationError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        self.release_held_files()
        request.session[SESSION_KEY] = application.reference
        return redirect("applications:sent")


def what_happens_next() -> dict:
    """The facts the sent and status pages give an applicant about what comes next: how long
    the review usually takes to start (settings.APPLICATION_REVIEW_WEEKS, the coalition's own
    promise) and how long the portal invitations sent on approval stay valid."""
    return {
        "review_weeks": settings.APPLICATION_REVIEW_WEEKS,
        "invitation_days": invitation_expiry_days(),
    }


class ApplicationSentView(TemplateView):
    """The thank-you page, for whoever has just applied in this session; anyone else (a
    bookmark, a shared link) goes to the application form rather than thanking nobody."""

    template_name = "applications/application_sent.html"

    def get(self, request, *args, **kwargs):
        if SESSION_KEY not in request.session:
            return redirect("applications:apply")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reference=self.request.session.get(SESSION_KEY), **what_happens_next(), **kwargs
        )


@method_decorator(never_cache, name="dispatch")
class ApplicationStatusView(View):
    """What an applicant sees through their private link; withdrawing is a POST here."""

    template_name = "applications/application_status.html"

    def get_application(self, token: str):
        application = find_by_token(token)
        if application is None:
            raise Http404
        return application

    def render_page(self, request, application, form):
        return render(
            request,
            self.template_name,
            {
                "application": application,
                "transitions": application.transitions.all(),
                **what_happens_next(),
                "form": form,
            },
        )

    def get(self, request, token):
        return self.render_page(request, self.get_application(token), WithdrawApplicationForm())

    def post(self, request, token):
        application = self.get_application(token)
        if request.POST.get("action") != "withdraw":
            return redirect(request.path)
        form = WithdrawApplicationForm(request.POST)
        if not form.is_valid():
            # What was typed stays on the page with the message; nothing is withdrawn.
            return self.render_page(request, application, form)
        try:
            withdraw_application(application=application, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Your application has been withdrawn."))
        return redirect(request.path)
