"""The Coalition Director's review of applications: the list with counts, the application in
full with its flags and history, and Start review, Approve and Decline, which call the services.

Applications are read-only here: what the applicant sent is kept as sent. The supporting
document is stored where no URL serves it and is downloaded through `document_view`, which only
staff with the view permission reach.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from cate_portal.private_files import KINDS, serve_private_file
from partners.applications import services
from partners.models import Application, ApplicationStatus, ApplicationTransition


class ApplicationTransitionInline(admin.TabularInline):
    model = ApplicationTransition
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "status change"
    verbose_name_plural = "History of the status"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by_user")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="by")
    def actor(self, obj):
        return obj.actor


class ReviewNoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


# action name -> (target status, title, label of the note, explanation)
ACTIONS = {
    "review": (
        ApplicationStatus.IN_REVIEW,
        "Start the review",
        "Note (optional, for the record)",
        "The application is marked as in review. The applicant sees this on their status page.",
    ),
    "approve": (
        ApplicationStatus.APPROVED,
        "Approve",
        "Note (optional, for the record)",
        "Approving creates the organization as an active partner (joined today) from the "
        "submitted profile, with its street address visible to coalition staff only; invites "
        "the contact person as primary contact and the executive leader as executive leader; "
        "records its agreement to the shared values it was shown; and e-mails the applicant.",
    ),
    "decline": (
        ApplicationStatus.DECLINED,
        "Decline",
        "Reason (optional: e-mailed to the applicant when given)",
        "The applicant is told by e-mail that the application was declined, with the reason "
        "when you give one.",
    ),
}


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    change_list_template = "admin/partners/application/change_list.html"
    change_form_template = "admin/partners/application/change_form.html"
    list_display = (
        "reference",
        "organization_name",
        "status",
        "is_flagged",
        "submitted_at",
        "organization",
    )
    list_display_links = ("reference", "organization_name")
    list_filter = ("status", "is_flagged", "sector")
    search_fields = ("reference", "organization_name", "contact_name", "contact_email")
    list_select_related = ("organization",)
    date_hierarchy = "submitted_at"
    inlines = [ApplicationTransitionInline]
    fieldsets = (
        (
            "Application",
            {
                "fields": (
                    "reference",
                    "status",
                    "status_changed_at",
                    "submitted_at",
                    "submitted_from_ip",
                    "organization_link",
                )
            },
        ),
        ("Flags", {"fields": ("is_flagged", "flag_reason")}),
        (
            "The organization",
            {
                "fields": (
                    "organization_name",
                    "sector",
                    "website",
                    "description",
                    "public_email",
                    "public_phone",
                    "statewide",
                    "counties",
                    "services",
                    "populations",
                    "serves_sex_trafficking",
                    "serves_labor_trafficking",
                )
            },
        ),
        (
            "Contact person",
            {"fields": ("contact_name", "contact_title", "contact_email", "contact_phone")},
        ),
        ("Executive leader", {"fields": ("executive_name", "executive_title", "executive_email")}),
        (
            "Commitments",
            {
                "fields": (
                    "commits_priority",
                    "priority_how",
                    "commits_values",
                    "values_version",
                    "commits_sharing",
                    "sharing_how",
                    "privacy_consent",
                    "document_link",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        names = []
        for _title, options in self.fieldsets:
            names.extend(options["fields"])
        return names

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sector", "values_version")

    def has_add_permission(self, request):
        return False  # applications come in through the public form

    def has_delete_permission(self, request, obj=None):
        return False  # kept, with their history

    @admin.display(description="organization created")
    def organization_link(self, obj):
        if obj.organization_id is None:
            return "—"
        url = reverse("admin:partners_organization_change", args=[obj.organization_id])
        return format_html('<a href="{}">{}</a>', url, obj.organization)

    @admin.display(description="supporting document")
    def document_link(self, obj):
        if not obj.supporting_document:
            return "None"
        url = reverse("admin:partners_application_document", args=[obj.pk])
        return format_html('<a href="{}">Download the PDF</a>', url)

    # --- Counts above the list ------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        counts = services.status_counts()
        flagged_open = (
            Application.objects.open().filter(is_flagged=True).aggregate(n=Count("pk"))["n"]
        )
        extra_context = {
            **(extra_context or {}),
            "status_counts": [
                (value, label, counts[value]) for value, label in ApplicationStatus.choices
            ],
            "flagged_open": flagged_open,
        }
        return super().changelist_view(request, extra_context=extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        actions = []
        if application is not None and self.has_change_permission(request, application):
            for name, (status, title, _label, _help) in ACTIONS.items():
                if status in _allowed_from(application.status):
                    actions.append(
                        (title, reverse(f"admin:partners_application_{name}", args=[object_id]))
                    )
        extra_context = {**(extra_context or {}), "review_actions": actions}
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    # --- Review actions and the document ---------------------------------------------------

    def get_urls(self):
        urls = [
            path(
                f"<int:pk>/{name}/",
                self.admin_site.admin_view(self.review_view),
                {"action": name},
                name=f"partners_application_{name}",
            )
            for name in ACTIONS
        ]
        urls.append(
            path(
                "<int:pk>/document/",
                self.admin_site.admin_view(self.document_view),
                name="partners_application_document",
            )
        )
        return urls + super().get_urls()

    def review_view(self, request, pk: int, action: str):
        application = get_object_or_404(Application, pk=pk)
        if not (request.user.is_staff and self.has_change_permission(request, application)):
            raise PermissionDenied
        status, title, note_label, explanation = ACTIONS[action]
        change_url = reverse("admin:partners_application_change", args=[pk])
        form = ReviewNoteForm(request.POST or None)
        form.fields["note"].label = note_label
        if request.method == "POST" and form.is_valid():
            note = form.cleaned_data["note"]
            try:
                if action == "approve":
                    application = services.approve_application(
                        application=application, acting_user=request.user, note=note
                    )
                elif action == "decline":
                    application = services.decline_application(
                        application=application, acting_user=request.user, reason=note
                    )
                else:
                    application = services.start_review(
                        application=application, acting_user=request.user, note=note
                    )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{application.reference} is now {application.get_status_display().lower()}.",
                    messages.SUCCESS,
                )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}: {application.reference}, {application.organization_name}",
            "opts": self.model._meta,
            "application": application,
            "action_title": title,
            "explanation": explanation,
            "form": form,
            "change_url": change_url,
            "allowed": status in _allowed_from(application.status),
        }
        return TemplateResponse(request, "admin/partners/application/review_action.html", context)

    def document_view(self, request, pk: int):
        application = get_object_or_404(Application, pk=pk)
        if not (request.user.is_staff and self.has_view_permission(request, application)):
            raise PermissionDenied
        # An attachment with nosniff and no caching, like every private file.
        return serve_private_file(
            application.supporting_document, title=application.reference, kind=KINDS["pdf"]
        )


def _allowed_from(status: str) -> frozenset[str]:
    from partners.models.applications import ALLOWED_TRANSITIONS

    return ALLOWED_TRANSITIONS.get(status, frozenset())
