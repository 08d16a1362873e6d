"""The public application to join: the form, the confirmation, and the private status page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from cate_portal.forms import add_refusal_to_form
from cate_portal.held_files import KeepsFilesMixin
from cate_portal.http import client_ip
from cate_portal.ratelimit import FloodLimit
from partners.applications.forms import ApplicationForm, WithdrawApplicationForm
from partners.applications.services import find_by_token, submit_application, withdraw_application
from partners.models import ValuesVersion

RATE_LIMIT = 5  # applications per hour, per client address and per contact e-mail
FLOOD_LIMIT = FloodLimit(scope="apply", limit=RATE_LIMIT, period=60 * 60)
RATE_LIMIT_MESSAGE = _(
    "Too many applications were sent from your connection or for this e-mail address in the "
    "last hour. Nothing was sent this time. Please try again in an hour, or contact the "
    "coalition if you need help."
)
SESSION_KEY = "application_reference"


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
            request.session.pop(SESSION_KEY, None)
            return redirect("applications:sent")
        try:
            application = submit_application(**form.service_kwargs(), ip_address=client_ip(request))
        except ValidationError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        FLOOD_LIMIT.count(request, application.contact_email)
        self.release_held_files()
        request.session[SESSION_KEY] = application.reference
        return redirect("applications:sent")


class ApplicationSentView(TemplateView):
    template_name = "applications/application_sent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(reference=self.request.session.get(SESSION_KEY), **kwargs)


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
            messages.success(request, "Your application has been withdrawn.")
        return redirect(request.path)
