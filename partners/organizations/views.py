"""The public directory and profile pages (what each viewer sees is decided in
partners/visibility.py), and the portal pages where a manager edits and confirms the profile."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.http import http_date, quote_etag
from django.utils.translation import pgettext
from django.views.generic import DetailView, FormView, ListView, TemplateView

from cate_portal.forms import add_refusal_to_form
from cate_portal.held_files import KeepsFilesMixin
from cate_portal.page_cache import cache_public_page
from partners.models import Organization
from partners.organizations import selectors, services
from partners.organizations.filters import CoverageFilter, DirectoryFilter
from partners.organizations.forms import OrganizationProfileForm
from partners.permissions import OrganizationManagerRequiredMixin
from partners.views import OrganizationActionView
from partners.visibility import (
    ContactField,
    logo_is_public,
    public_logo_url,
    viewer_for_request,
    visible_contacts,
)


@dataclass(frozen=True)
class DirectoryEntry:
    organization: Organization
    contacts: list[ContactField]
    logo_url: str = ""  # visibility.public_logo_url: "" when there is no logo to show


def mark_public_but_revalidated(request, response) -> None:
    """An anonymous directory or map page may be stored by a shared cache, which must ask this
    server again before each reuse (`no-cache`): when a partner hides an address, no cache may
    keep showing it, not even for minutes. Signed-in pages are never marked public."""
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, no_cache=True)


@method_decorator(cache_public_page, name="dispatch")
class DirectoryView(ListView):
    """The directory: local partners, then statewide ones; the neighbouring counties' partners
    when none in the county offers what was asked. The response depends only on the query
    string and the data (plus, for a signed-in viewer, the contact fields they may see), so the
    anonymous public's pages may be cached (see `get`)."""

    template_name = "partners/organization_list.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        mark_public_but_revalidated(request, response)
        return response

    def get_queryset(self):
        # Always bound (an empty query is valid): the service-delivery default applies then too.
        self.filterset = DirectoryFilter(
            self.request.GET, queryset=Organization.objects.for_directory()
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            # An unknown county or service: say so next to the field rather than show
            # a list that silently ignores it.
            self.filterset.flag_errors()
            return self.filterset.queryset.none()
        return selectors.in_groups(self.filterset.qs, self.filterset.areas)

    def neighbours(self, areas) -> tuple[list, list[Organization]]:
        """The neighbouring areas and their partners offering what was asked."""
        data = self.request.GET.copy()
        data.pop("county", None)
        if self.filterset.place:
            data.pop("q", None)
        others = DirectoryFilter(data, queryset=Organization.objects.for_directory())
        if not others.is_valid():
            return [], []
        return list(areas), selectors.neighbour_partners(others.qs, areas)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        viewer = viewer_for_request(self.request)
        query = self.request.GET.copy()
        query.pop("page", None)
        for key in [k for k, values in query.lists() if not any(v.strip() for v in values)]:
            del query[key]
        entries = [
            DirectoryEntry(
                organization,
                visible_contacts(organization, viewer),
                public_logo_url(organization),
            )
            for organization in context["object_list"]
        ]
        areas = getattr(self.filterset, "areas", ())
        place = getattr(self.filterset, "place", None)
        text = " ".join(self.request.GET.get("q", "").split())
        neighbour_areas, neighbour_entries = [], []
        # Local partners come first: none on the first page means none in the county.
        if (
            areas
            and context["page_obj"].number == 1
            and not any(entry.organization.names_area for entry in entries)
        ):
            neighbour_areas, found = self.neighbours(selectors.neighbouring_areas(areas))
            neighbour_entries = [
                DirectoryEntry(
                    organization,
                    visible_contacts(organization, viewer),
                    public_logo_url(organization),
                )
                for organization in found
            ]
        context.update(
            filter=self.filterset,
            form=self.filterset.form,
            is_filtered=bool(query),
            # The filters' disclosure starts open when a filter beyond the search box is set.
            filters_open=bool(set(query) - {"q"}),
            query_string=query.urlencode(),
            entries=entries,
            areas=areas,
            area_names=pgettext("between area names", " or ").join(area.name for area in areas),
            place=place,
            unknown_place=bool(text and not place and not context["paginator"].count),
            searched=text,
            neighbour_areas=neighbour_areas,
            neighbour_entries=neighbour_entries,
        )
        return context


@method_decorator(cache_public_page, name="dispatch")
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
        context["logo_url"] = public_logo_url(self.object)
        return context


class ProfileUpdateView(OrganizationManagerRequiredMixin, KeepsFilesMixin, FormView):
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
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        self.release_held_files()
        messages.success(self.request, "The profile was saved.")
        return redirect("portal:dashboard")


class ConfirmProfileView(OrganizationActionView):
    success_message = "Thank you: the profile is confirmed as current."

    def get_success_url(self) -> str:
        return reverse("portal:dashboard")

    def perform(self) -> None:
        services.confirm_profile(organization=self.organization, acting_user=self.request.user)


@method_decorator(cache_public_page, name="dispatch")
class CoverageView(TemplateView):
    """/coverage/: Missouri's 115 areas shaded by the number of local partners, drawn as inline
    SVG on the server (no JavaScript, no tile server), the gaps, and the same figures as a
    table. Depends only on the query string and the data: cacheable for everyone."""

    template_name = "partners/coverage.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        mark_public_but_revalidated(request, response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = CoverageFilter(self.request.GET or None, queryset=Organization.objects.active())
        if filterset.is_bound and not filterset.is_valid():
            filterset.flag_errors()
            organizations = Organization.objects.none()
        else:
            organizations = filterset.qs
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        query = {
            name: (value.slug if hasattr(value, "slug") else value)
            for name, value in data.items()
            if value
        }
        context.update(
            form=filterset.form,
            coverage=selectors.coverage(organizations),
            shades=selectors.SHADES,
            service=data.get("service"),
            directory_query=urlencode(query),
            is_filtered=bool(query),
        )
        return context


def organization_logo(request, slug: str):
    """The logo of an organization whose profile is public (``visibility.logo_is_public``),
    else 404 for everyone: the file under MEDIA_ROOT is never linked directly, so a deactivated
    partner's logo stops being served. One query. A shared cache may keep it but asks again
    before each reuse (as for the directory), answered 304 while it has not changed."""
    organization = get_object_or_404(
        Organization.objects.only("slug", "logo", "status", "updated_at"), slug=slug
    )
    if not logo_is_public(organization):
        raise Http404("No public logo.")
    etag = quote_etag(f"{organization.logo.name}-{organization.updated_at.timestamp()}")
    last_modified = organization.updated_at.timestamp()
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        try:
            file = organization.logo.open("rb")
        except FileNotFoundError:
            raise Http404("No public logo.") from None
        response = FileResponse(file, content_type="image/png")
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, no_cache=True)
    return response
