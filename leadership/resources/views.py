"""Pages of the resource library: the list (searched by words and topic, the filters in the
query string), a resource's page, its download, and a partner's contribution. What each viewer
may see is leadership.permissions' to decide; the file is served by
cate_portal.private_files.serve_private_file only after that check."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from cate_portal.forms import add_refusal_to_form
from cate_portal.private_files import serve_private_file
from leadership.models import Resource, ResourceTopic
from leadership.permissions import (
    may_see_resource,
    visible_resources,
)
from leadership.resources import services
from leadership.resources.filters import ResourceFilter
from leadership.resources.forms import ContributeResourceForm
from partners.permissions import (
    MANAGER_ONLY_MESSAGE,
    OrganizationManagerRequiredMixin,
    managed_organizations,
)
from partners.visibility import viewer_for_request


class ResourceListView(ListView):
    """The resources the viewer may see, by title; a fixed number of queries per page."""

    template_name = "resources/resource_list.html"
    paginate_by = 20

    def get_queryset(self):
        viewer = viewer_for_request(self.request)
        queryset = (
            visible_resources(viewer)
            .select_related("organization")
            .prefetch_related("topics")
            .order_by("title", "pk")
        )
        self.filterset = ResourceFilter(self.request.GET, queryset=queryset)
        if not self.filterset.is_valid():
            self.filterset.flag_errors()
            return queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        for key in [k for k, values in query.lists() if not any(v.strip() for v in values)]:
            del query[key]
        user = self.request.user
        context.update(
            form=self.filterset.form,
            query_string=query.urlencode(),
            is_filtered=bool(query),
            topics=ResourceTopic.objects.all(),
            contributing=list(managed_organizations(user)) if user.is_authenticated else [],
        )
        return context


class ResourceAccessMixin:
    """The resource of the URL, if the viewer may see it: anonymous visitors are sent to sign
    in (a partner following a link), anyone else who may not see it gets 404 (its existence is
    not confirmed)."""

    def get_resource(self) -> Resource:
        resource = get_object_or_404(
            Resource.objects.select_related("organization"), pk=self.kwargs["pk"]
        )
        if not may_see_resource(viewer_for_request(self.request), resource):
            if not self.request.user.is_authenticated:
                raise _SignInFirst
            raise Http404
        return resource

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())


class _SignInFirst(Exception):
    pass


class ResourceDetailView(ResourceAccessMixin, DetailView):
    template_name = "resources/resource_detail.html"
    context_object_name = "resource"

    def get_object(self, queryset=None):
        return self.get_resource()


class ResourceDownloadView(ResourceAccessMixin, View):
    """The file, as an attachment with nosniff and no caching; only for those who may see it."""

    def get(self, request, *args, **kwargs):
        resource = self.get_resource()
        if not resource.file:
            raise Http404
        return serve_private_file(resource.file, title=resource.title)


class ContributeResourceView(OrganizationManagerRequiredMixin, FormView):
    """A primary contact or executive leader contributes a resource for their organization."""

    template_name = "resources/resource_form.html"
    form_class = ContributeResourceForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            resource = services.contribute_resource(
                organization=self.organization,
                acting_user=self.request.user,
                title=data["title"],
                description=data["description"],
                topics=data["topics"],
                visibility=data["visibility"],
                link=data["link"],
                upload=data["upload"],
            )
        except PermissionDenied as error:
            raise PermissionDenied(MANAGER_ONLY_MESSAGE) from error
        except ValidationError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Thank you. “%(title)s” waits for the Coalition Director's approval; until then "
                "only your organization sees it."
            )
            % {"title": resource.title},
        )
        return redirect(resource.get_absolute_url())
