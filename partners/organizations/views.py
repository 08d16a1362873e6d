"""The public directory and profile pages. What each viewer sees is decided in visibility.py."""

from dataclasses import dataclass

from django.views.generic import DetailView, ListView

from partners.models import Organization
from partners.organizations.filters import DirectoryFilter
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
