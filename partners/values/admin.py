"""The director's admin for the shared values and the signatures (the fiscal sponsor and funding
are partners/support/admin.py's).

Loaded by partners/admin.py. The text of an adopted version is read-only here, and a
request that tries to change it anyway (the version's fields or its values) is refused with a
message. The compliance report and its CSV are admin views of the version admin.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from cate_portal import reminders
from cate_portal.admin_mixins import ReadOnlyAdminMixin
from cate_portal.csv_export import csv_response
from partners.models import (
    Agreement,
    SharedValue,
    ValuesVersion,
)
from partners.models.values import ADOPTED_TEXT_MESSAGE, TEXT_FIELDS, _normalized
from partners.values import selectors as values_selectors
from partners.values import services as values_services
from partners.values.compliance import compliance_csv, compliance_rows
from partners.values.reminders import AGREEMENT_SIGNING


def _error_text(error: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


# --- Shared values --------------------------------------------------------------------------


class SharedValueInline(admin.TabularInline):
    model = SharedValue
    extra = 0
    fields = ("order", "name", "description")

    def _is_draft(self, obj) -> bool:
        return obj is None or obj.is_draft

    def has_add_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_draft(obj) and super().has_delete_permission(request, obj)


def posted_text_changes(data, version: ValuesVersion) -> list[str]:
    """What a POST to an adopted version's change page tries to change in its text."""
    changed = [
        field
        for field in TEXT_FIELDS
        if field in data and _normalized(data[field]) != _normalized(getattr(version, field))
    ]
    prefix = "shared_values"
    stored = {str(v.pk): v for v in version.shared_values.all()}
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    for i in range(min(total, 1000)):
        key = f"{prefix}-{i}-"
        pk = data.get(f"{key}id", "")
        name, description = data.get(f"{key}name"), data.get(f"{key}description")
        value = stored.get(pk)
        if data.get(f"{key}DELETE"):
            changed.append("values (deleted)")
        elif value is None and (name or description):
            changed.append("values (added)")
        elif value is not None and (
            (name is not None and _normalized(name) != _normalized(value.name))
            or (
                description is not None
                and _normalized(description) != _normalized(value.description)
            )
        ):
            changed.append(f"value “{value.name}”")
    return changed


@admin.register(ValuesVersion)
class ValuesVersionAdmin(admin.ModelAdmin):
    change_list_template = "values/admin/valuesversion_change_list.html"
    list_display = ("label", "status", "adopted_on", "signatures_due_on", "signatures")
    list_filter = ("status",)
    search_fields = ("label", "vision", "mission")
    inlines = (SharedValueInline,)
    actions = ("adopt", "draft_copy")
    fields = (
        "label",
        "slug",
        "status",
        "vision",
        "mission",
        "adoption_note",
        "adopted_on",
        "signatures_due_on",
        "retired_on",
        "adopted_text_hash",
    )
    always_read_only = (
        "status",
        "adopted_on",
        "signatures_due_on",
        "retired_on",
        "adopted_text_hash",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signature_count=Count("agreements"))

    @admin.display(description="signatures", ordering="signature_count")
    def signatures(self, obj) -> int:
        return obj.signature_count

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return (*TEXT_FIELDS, *self.always_read_only)
        return self.always_read_only

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ("label",)} if obj is None or obj.is_draft else {}

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False  # adopted text and its signatures are kept
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset.filter(status="draft"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            version = self.get_object(request, object_id)
            if version is not None and not version.is_draft:
                changes = posted_text_changes(request.POST, version)
                if changes:
                    self.message_user(
                        request,
                        f"Nothing was saved: {ADOPTED_TEXT_MESSAGE} "
                        f"(Tried to change: {', '.join(changes)}.)",
                        messages.ERROR,
                    )
                    return HttpResponseRedirect(request.path)
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(
        description="Adopt the selected draft (today); retires the current version",
        permissions=["change"],
    )
    def adopt(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one draft to adopt.", messages.ERROR)
            return
        try:
            version = values_services.adopt_version(
                version=queryset.get(), acting_user=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, _error_text(error), messages.ERROR)
            return
        self.message_user(
            request,
            f"Version {version.label} is adopted. Every partner must sign it by "
            f"{date_format(version.signatures_due_on)}.",
            messages.SUCCESS,
        )

    @admin.action(description="Start a new draft from the selected version", permissions=["add"])
    def draft_copy(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to copy.", messages.ERROR)
            return
        draft = values_services.draft_new_version(
            based_on=queryset.prefetch_related("shared_values").get(), acting_user=request.user
        )
        self.message_user(request, f"Draft {draft.label} created: edit it, then adopt it.")

    # The compliance report: an admin view, and the same rows as CSV.

    def get_urls(self):
        return [
            path(
                "compliance/",
                self.admin_site.admin_view(self.compliance_view),
                name="partners_values_compliance",
            ),
            path(
                "compliance/send-reminders/",
                self.admin_site.admin_view(self.send_reminders_view),
                name="partners_values_send_reminders",
            ),
            path(
                "compliance.csv",
                self.admin_site.admin_view(self.compliance_csv_view),
                name="partners_values_compliance_csv",
            ),
            *super().get_urls(),
        ]

    def _check_compliance_permission(self, request) -> None:
        if not (request.user.is_staff and request.user.has_perm("partners.view_agreement")):
            raise PermissionDenied

    def compliance_view(self, request):
        self._check_compliance_permission(request)
        rows = compliance_rows()
        context = {
            **self.admin_site.each_context(request),
            "title": "Shared values: compliance report",
            "opts": self.model._meta,
            "version": values_selectors.current_version(),
            "rows": rows,
            "counts": {
                "total": len(rows),
                "signed": sum(1 for r in rows if r.state == "signed_current"),
                "overdue": sum(1 for r in rows if r.days_overdue > 0),
            },
        }
        return TemplateResponse(request, "values/admin/compliance.html", context)

    def send_reminders_view(self, request):
        """POST: sends the signing reminders due now, through the reminder engine, which sends
        each one at most once per interval: pressing the button twice sends nothing twice."""
        self._check_compliance_permission(request)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:partners_values_compliance"))
        outcome = reminders.run(dry_run=False, kinds=[AGREEMENT_SIGNING.name])[
            AGREEMENT_SIGNING.name
        ]
        self.message_user(
            request,
            f"Reminders sent: {outcome.sent}. Skipped: {outcome.skipped} (reminded in the last "
            f"{AGREEMENT_SIGNING.every.days} days, or no primary contact).",
            messages.SUCCESS if outcome.sent else messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:partners_values_compliance"))

    def compliance_csv_view(self, request):
        self._check_compliance_permission(request)
        return csv_response(
            compliance_csv(compliance_rows()),
            filename=f"shared-values-compliance-{timezone.localdate():%Y-%m-%d}.csv",
        )


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: organizations sign in the portal, which checks who may sign."""

    list_display = ("organization", "version", "signer_name", "signer_title", "signed_at")
    list_filter = ("version",)
    list_select_related = ("organization", "version")
    search_fields = ("organization__name", "signer_name", "signed_by__email")
    date_hierarchy = "signed_at"
    readonly_fields = (
        "organization",
        "version",
        "signed_by",
        "signer_name",
        "signer_title",
        "attested",
        "signed_at",
        "text_hash",
        "ip_address",
    )
