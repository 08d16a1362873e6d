"""The public directory and profile pages (what each viewer sees is decided in
partners/visibility.py), and the portal pages where a manager edits and confirms the profile."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, ListView

from partners.models import Organization
from partners.organizations import services
from partners.organizations.filters import DirectoryFilter
from partners.organizations.forms import OrganizationProfileForm
from partners.permissions import OrganizationManagerRequiredMixin
from partners.views import OrganizationActionView, error_text
from partners.visibility import ContactField, viewer_for_request, visible_contacts


@dataclass(frozen=True)
class DirectoryEntry:
    organization: Organization
    contacts: list[ContactField]


class DirectoryView(ListView):
    template_name = "partners/organization_list.html"
    paginate_by = 20

    def get_queryset(self):
        self.filterset = DirectoryFilter(
            self.request.GET or None, queryset=Organization.objects.for_directory()
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            # An unknown county or service: say so next to the field rather than show
            # a list that silently ignores it.
            self.filterset.flag_errors()
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        viewer = viewer_for_request(self.request)
        query = self.request.GET.copy()
        query.pop("page", None)
        for key in [k for k, values in query.lists() if not any(v.strip() for v in values)]:
            del query[key]
        context.update(
            filter=self.filterset,
            form=self.filterset.form,
            is_filtered=bool(query),
            query_string=query.urlencode(),
            entries=[
                DirectoryEntry(organization, visible_contacts(organization, viewer))
                for organization in context["object_list"]
            ],
        )
        return context


class OrganizationDetailView(DetailView):
    template_name = "partners/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        # Only active organizations: anything else is a 404 to everyone, the director included
        # (the director reads inactive ones in the admin).
        return Organization.objects.for_directory()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contacts"] = visible_contacts(self.object, viewer_for_request(self.request))
        return context


class ProfileUpdateView(OrganizationManagerRequiredMixin, FormView):
    template_name = "portal/organization_form.html"
    form_class = OrganizationProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organization}

    def form_valid(self, form):
        try:
            services.update_profile(
                organization=self.organization,
                acting_user=self.request.user,
                changes=form.changes(),
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
            return self.form_invalid(form)
        messages.success(self.request, "The profile was saved.")
        return redirect("portal:dashboard")


class ConfirmProfileView(OrganizationActionView):
    success_message = "Thank you: the profile is confirmed as current."

    def get_success_url(self) -> str:
        return reverse("portal:dashboard")

    def perform(self) -> None:
        services.confirm_profile(organization=self.organization, acting_user=self.request.user)
