"""The Coalition Director's admin for partner organizations, people and the directory's lists."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from cate_portal.admin_mixins import ReadOnlyAdminMixin
from partners.models import (
    Invitation,
    Membership,
    Organization,
    Population,
    Role,
    Sector,
    Service,
)
from partners.organizations.export import OrganizationResource
from partners.organizations.logo import ACCEPT as LOGO_ACCEPT
from partners.organizations.logo import HELP_TEXT as LOGO_HELP_TEXT
from partners.organizations.logo import process_logo, store_logo
from partners.organizations.services import change_organization_status, deactivate_organizations
from partners.people.services import check_primary_contacts_remain


def _is_current_primary(role, ended_on) -> bool:
    return role == Role.PRIMARY_CONTACT and ended_on is None


class MembershipInlineFormSet(forms.BaseInlineFormSet):
    """Applies the last-primary-contact rule to the rows as they will be after the save."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        organization = self.instance
        had = (
            organization.pk is not None
            and Membership.objects.current()
            .filter(organization=organization, role=Role.PRIMARY_CONTACT)
            .exists()
        )
        after = sum(
            1
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("user")
            and _is_current_primary(
                form.cleaned_data.get("role"), form.cleaned_data.get("ended_on")
            )
        )
        check_primary_contacts_remain(
            organization=organization, had_primary_contact=had, primary_contacts_after=after
        )


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "organization", "role", "title", "started_on", "ended_on")

    def clean(self):
        cleaned = super().clean()
        before = self.instance
        if before.pk is None or not _is_current_primary(before.role, before.ended_on):
            return cleaned
        if _is_current_primary(cleaned.get("role"), cleaned.get("ended_on")):
            return cleaned
        others = (
            Membership.objects.current()
            .filter(organization_id=before.organization_id, role=Role.PRIMARY_CONTACT)
            .exclude(pk=before.pk)
            .count()
        )
        check_primary_contacts_remain(
            organization=before.organization,
            had_primary_contact=True,
            primary_contacts_after=others,
        )
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    can_delete = False  # memberships end with a date, never deleted: history stays
    raw_id_fields = ("user",)
    fields = ("user", "role", "title", "started_on", "ended_on")
    show_change_link = True


class OrganizationAdminForm(forms.ModelForm):
    # A plain file field rather than the model's ImageField: the upload is checked by its
    # content, stripped of its metadata and re-encoded by process_logo alone, as in the portal,
    # so both paths refuse the same files with the same message.
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text=LOGO_HELP_TEXT,
        widget=AdminFileWidget(attrs={"accept": LOGO_ACCEPT}),
    )

    # No Meta: the admin builds the form for Organization with the fields of its fieldsets.

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return process_logo(logo)
        return logo  # the current logo, or False when "Clear" is ticked


@admin.register(Organization)
class OrganizationAdmin(ExportMixin, SimpleHistoryAdmin):
    form = OrganizationAdminForm
    # Export only: an import would write rows without the checks of the portal's services.
    resource_classes = [OrganizationResource]
    formats = [CSV]
    export_form_class = ExportForm
    list_display = (
        "name",
        "sector",
        "status",
        "statewide",
        "joined_on",
        "profile_confirmed_on",
    )
    list_filter = ("status", "sector", "statewide", "accepts_referrals")
    list_select_related = ("sector",)
    search_fields = ("name", "slug", "description", "public_email")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("counties", "services", "populations")
    readonly_fields = ("created_at", "updated_at")
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"},
    }
    inlines = (MembershipInline,)
    actions = ("deactivate",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "sector", "description", "website", "logo")}),
        (
            "Contact (each field has its own visibility)",
            {
                "fields": (
                    ("public_email", "public_email_visibility"),
                    ("public_phone", "public_phone_visibility"),
                    ("street_address", "street_address_visibility"),
                    ("mailing_address", "mailing_address_visibility"),
                ),
                "description": "An organization offering shelter or housing never shows its "
                "street address publicly, whatever is chosen here.",
            },
        ),
        (
            "Where and whom they serve",
            {
                "fields": (
                    "statewide",
                    "counties",
                    "services",
                    "populations",
                    ("serves_sex_trafficking", "serves_labor_trafficking"),
                    "languages",
                )
            },
        ),
        (
            "Referrals",
            {
                "fields": (
                    "accepts_referrals",
                    ("open_24_7", "hours"),
                    ("hotline_number", "hotline_number_visibility"),
                    "hotline_hours",
                    "eligibility_notes",
                )
            },
        ),
        (
            "Status",
            {
                "fields": (
                    ("status", "status_changed_on"),
                    "joined_on",
                    "profile_confirmed_on",
                    ("created_at", "updated_at"),
                )
            },
        ),
    )

    def has_delete_permission(self, request, obj=None):
        # Organizations are deactivated or withdrawn, not deleted: people and history point here.
        return False

    def has_export_permission(self, request):
        # The export carries confidential fields: coalition staff only.
        return (
            request.user.is_active and request.user.is_staff and self.has_view_permission(request)
        )

    def save_model(self, request, obj, form, change):
        if "logo" in form.changed_data:
            # Stored as the portal stores it: the replaced file deleted, the new one (already
            # re-encoded by the form) under logos/<slug>.png.
            obj.logo = form.initial.get("logo") or ""
            store_logo(obj, form.cleaned_data["logo"])
        # A change of status goes through the service, so the leadership seat follows it.
        status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if not change or "status" in form.changed_data:
            change_organization_status(organization=obj, status=status, acting_user=request.user)
            obj.refresh_from_db()

    @admin.action(description="Deactivate the selected organizations", permissions=["change"])
    def deactivate(self, request, queryset):
        count = deactivate_organizations(queryset=queryset, acting_user=request.user)
        self.message_user(
            request,
            f"{count} organization{'s' if count != 1 else ''} deactivated.",
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    form = MembershipAdminForm
    list_display = ("user", "organization", "role", "title", "started_on", "ended_on")
    list_filter = ("role", ("ended_on", admin.EmptyFieldListFilter))
    list_select_related = ("user", "organization")
    search_fields = ("user__email", "user__full_name", "organization__name", "title")
    raw_id_fields = ("user", "organization")
    date_hierarchy = "started_on"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: invitations are sent, re-sent and revoked from the portal, which sends the
    e-mail and keeps the token; the admin shows them for the record."""

    list_display = ("email", "organization", "role", "state", "created_at", "expires_at")
    list_filter = ("role",)
    list_select_related = ("organization",)
    search_fields = ("email", "full_name", "organization__name")
    readonly_fields = (
        "organization",
        "email",
        "full_name",
        "role",
        "token_hash",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )


class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Sector)
class SectorAdmin(TaxonomyAdmin):
    pass


@admin.register(Service)
class ServiceAdmin(TaxonomyAdmin):
    list_display = ("name", "slug", "order", "is_residential")
    list_editable = ("order", "is_residential")
    list_filter = ("is_residential",)


@admin.register(Population)
class PopulationAdmin(TaxonomyAdmin):
    pass
