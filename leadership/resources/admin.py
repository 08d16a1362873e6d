"""The director's admin for the resource library: resources (added, edited, approved, declined
and deleted through leadership.resources.services) and the list of topics."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from cate_portal.admin_mixins import SavesThroughServicesAdminMixin
from cate_portal.forms import add_refusal_to_form
from cate_portal.private_files import serve_private_file
from leadership.models import Resource, ResourceTopic
from leadership.resources import services
from leadership.resources.forms import ResourceAdminForm


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label="Reason (when declining; optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Sent to the contributor with the decision.",
    )


@admin.register(ResourceTopic)
class ResourceTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_es", "slug", "order"]
    list_editable = ["name_es", "order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_es"]


@admin.register(Resource)
class ResourceAdmin(SavesThroughServicesAdminMixin, SimpleHistoryAdmin):
    """Saves through the services: a resource added here is approved at once; a partner's
    contribution waits under "Waiting for approval" until approved (action or button)."""

    form = ResourceAdminForm
    list_display = ["title", "organization", "visibility", "status", "kind", "created_at"]
    list_filter = ["status", "visibility", "topics"]
    search_fields = ["title", "description", "organization__name"]
    list_select_related = ["organization"]

    class Media:
        css = {"all": ["css/admin_resources.css"]}

    actions = ["approve", "decline"]
    readonly_fields = [
        "current_file",
        "status",
        "contributed_by",
        "reviewed_by",
        "reviewed_at",
        "decline_reason",
        "created_at",
    ]

    def get_fields(self, request, obj=None):
        fields = ["title", "description", "topics", "visibility", "upload", "link"]
        fields += ["organization"]
        if obj is not None:
            fields = [*fields[:4], "current_file", *fields[4:], *self.readonly_fields[1:]]
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")

    @admin.display(description="file or link")
    def kind(self, resource):
        return "File" if resource.file else "Link"

    @admin.display(description="current file")
    def current_file(self, resource):
        if not resource.file:
            return "None (a link)"
        url = reverse("admin:leadership_resource_file", args=[resource.pk])
        return format_html('<a href="{}">Download the file</a> ({} bytes)', url, resource.file_size)

    # --- Saving through the services -----------------------------------------------------

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {
            "title": data["title"],
            "description": data.get("description", ""),
            "topics": data.get("topics") or [],
            "visibility": data["visibility"],
            "link": data.get("link", ""),
            "upload": data.get("upload") or None,
            "organization": data.get("organization"),
        }
        if change:
            saved = services.update_resource(resource=obj, acting_user=request.user, **fields)
        else:
            saved = services.add_resource(acting_user=request.user, **fields)
        obj.pk = saved.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The topics were set by the service; the form's own m2m save would write them again.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.delete_resource(resource=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for resource in queryset:
            services.delete_resource(resource=resource, acting_user=request.user)

    # --- Review -----------------------------------------------------------------------------

    def _review(self, request, queryset, *, service, done: str):
        for resource in queryset:
            try:
                service(resource=resource, acting_user=request.user)
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{resource}: {text}", messages.ERROR)
            else:
                self.message_user(request, f"{resource}: {done}.", messages.SUCCESS)

    @admin.action(
        description="Approve: show to everyone its visibility names", permissions=["change"]
    )
    def approve(self, request, queryset):
        self._review(request, queryset, service=services.approve_resource, done="approved")

    @admin.action(
        description="Decline: keep it from everyone but its contributors", permissions=["change"]
    )
    def decline(self, request, queryset):
        self._review(request, queryset, service=services.decline_resource, done="declined")

    # --- The file, for the director ----------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="leadership_resource_review",
            ),
            path(
                "<int:pk>/file/",
                self.admin_site.admin_view(self.file_view),
                name="leadership_resource_file",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        resource = self.get_object(request, object_id)
        if resource is not None and self.has_change_permission(request, resource):
            extra_context["review_url"] = reverse(
                "admin:leadership_resource_review", args=[resource.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def review_view(self, request, pk: int):
        """GET: the resource and a reason box; POST "Approve" or "Decline": the service."""
        resource = get_object_or_404(Resource.objects.select_related("organization"), pk=pk)
        if not (request.user.is_staff and self.has_change_permission(request, resource)):
            raise PermissionDenied
        change_url = reverse("admin:leadership_resource_change", args=[pk])
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            decision = request.POST.get("decision")
            try:
                if decision == "Approve":
                    services.approve_resource(resource=resource, acting_user=request.user)
                elif decision == "Decline":
                    services.decline_resource(
                        resource=resource,
                        acting_user=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                else:
                    raise ValidationError("Choose Approve or Decline.")
            except (ValidationError, PermissionDenied) as error:
                add_refusal_to_form(form, error)
            else:
                self.message_user(request, f"{resource}: {decision.lower()}d.", messages.SUCCESS)
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Approve or decline: {resource.title}",
            "opts": self.model._meta,
            "resource": resource,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/leadership/resource/review.html", context)

    def file_view(self, request, pk: int):
        resource = get_object_or_404(Resource, pk=pk)
        if not (request.user.is_staff and self.has_view_permission(request, resource)):
            raise PermissionDenied
        return serve_private_file(resource.file, title=resource.title)
