"""The Coalition Director's admin for partner organizations, people and the directory's lists."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
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
    ReminderLog,
    Role,
    Sector,
    Service,
)
from partners.organizations.export import OrganizationResource
from partners.organizations.services import (
    RELEASE_REASON_MAX_LENGTH,
    change_organization_status,
    check_shelter_address,
    deactivate_organizations,
    release_street_address_protection,
)
from partners.people.services import check_primary_contacts_remain
from partners.visibility import offers_residential_service


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


class OrganizationAdminForm(forms.ModelForm):
    """The shelter rule, as in the portal's form: a public street address is refused for an
    organization that offers shelter or housing after this save, or whose address is protected
    (it offered one before, even if this very save unticks it).

    No Meta: the admin builds the form's fields from OrganizationAdmin.fieldsets."""

    def clean(self):
        cleaned = super().clean()
        services = cleaned.get("services")
        visibility = cleaned.get("street_address_visibility")
        if services is not None and visibility:
            try:
                check_shelter_address(
                    services=services,
                    street_address_visibility=visibility,
                    protected=self.instance.street_address_protected,
                )
            except ValidationError as error:
                self.add_error(
                    "street_address_visibility", error.message_dict["street_address_visibility"]
                )
        return cleaned


class ReleaseStreetAddressForm(forms.Form):
    reason = forms.CharField(
        label="Why is the protection released?",
        max_length=RELEASE_REASON_MAX_LENGTH,
        help_text="Kept in the organization's history with your name, e.g. “The shelter "
        "program closed in March; this is now an office only.”",
        widget=forms.TextInput(attrs={"size": 80}),
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    can_delete = False  # memberships end with a date, never deleted: history stays
    raw_id_fields = ("user",)
    fields = ("user", "role", "title", "started_on", "ended_on")
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(ExportMixin, SimpleHistoryAdmin):
    # Export only: an import would write rows without the checks of the portal's services.
    form = OrganizationAdminForm
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
    list_filter = ("status", "sector", "statewide", "accepts_referrals", "street_address_protected")
    list_select_related = ("sector",)
    search_fields = ("name", "slug", "description", "public_email")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("counties", "services", "populations")
    readonly_fields = ("street_address_protection", "created_at", "updated_at")
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
                    "street_address_protection",
                    ("mailing_address", "mailing_address_visibility"),
                ),
                "description": "An organization that offers (or once offered) shelter or "
                "housing never shows its street address publicly: its address stays protected "
                "until you release it.",
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

    @admin.display(description="Street address protection")
    def street_address_protection(self, obj):
        if obj is None or obj.pk is None:
            return "Set when the organization offers shelter or housing."
        if not obj.street_address_protected:
            return "Not protected: the organization has not offered shelter or housing."
        if offers_residential_service(obj):
            return "Protected: the organization offers shelter or housing."
        url = reverse("admin:partners_organization_release_street_address", args=[obj.pk])
        return format_html(
            "Protected: the organization has offered shelter or housing. "
            '<a href="{}">Release the protection…</a>',
            url,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/release-street-address/",
                self.admin_site.admin_view(self.release_street_address_view),
                name="partners_organization_release_street_address",
            ),
            *super().get_urls(),
        ]

    def release_street_address_view(self, request, pk: int):
        """The director releases a protected street address, saying why (kept in history)."""
        organization = get_object_or_404(Organization, pk=pk)
        if not self.has_change_permission(request, organization):
            raise PermissionDenied
        change_url = reverse("admin:partners_organization_change", args=[pk])
        form = ReleaseStreetAddressForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                release_street_address_protection(
                    organization=organization,
                    acting_user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"The street address of {organization} is no longer protected. It keeps "
                    "its visibility until someone changes it.",
                    messages.SUCCESS,
                )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Release the street address of {organization}",
            "opts": self.model._meta,
            "organization": organization,
            "form": form,
            "change_url": change_url,
            "releasable": organization.street_address_protected
            and not offers_residential_service(organization),
        }
        return TemplateResponse(
            request, "admin/partners/organization/release_street_address.html", context
        )

    def has_export_permission(self, request):
        # The export carries confidential fields: coalition staff only.
        return (
            request.user.is_active and request.user.is_staff and self.has_view_permission(request)
        )

    def save_model(self, request, obj, form, change):
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


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("organization", "kind", "sent_at")
    list_filter = ("kind",)
    list_select_related = ("organization",)
    search_fields = ("organization__name", "recipients")
    date_hierarchy = "sent_at"
