"""Views shared by the partner portal's topics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from partners.permissions import OrganizationManagerRequiredMixin


def error_text(error: ValidationError) -> str:
    """A service's refusal as one sentence for a message."""
    return " ".join(error.messages)


class OrganizationActionView(OrganizationManagerRequiredMixin, View):
    """A one-button POST: calls a service, reports with a message, goes back."""

    http_method_names = ["post"]
    success_message = ""

    def perform(self) -> None:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return reverse("portal:people", kwargs={"slug": self.organization.slug})

    def post(self, request, *args, **kwargs):
        try:
            self.perform()
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, self.success_message)
        return redirect(self.get_success_url())
