"""The Coalition Director's admin for partner organizations, people and the directory's lists."""

from collections.abc import Callable
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Value
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from cate_portal.admin_mixins import ReadOnlyAdminMixin, SavesThroughServicesAdminMixin
from cate_portal.csv_export import csv_response
from cate_portal.page_cache import cache_private_page
from cate_portal.text import validate_single_line
from partners.models import (
    Agreement,
    Invitation,
    Language,
    Membership,
    Organization,
    Population,
    Role,
    Sector,
    Service,
    ValuesVersion,
)
from partners.organizations.export import OrganizationResource
from partners.organizations.forms import apply_shelter_rule
from partners.organizations.logo import ACCEPT as LOGO_ACCEPT
from partners.organizations.logo import HELP_TEXT as LOGO_HELP_TEXT
from partners.organizations.logo import process_logo
from partners.organizations.people_export import people_csv
from partners.organizations.reminders import organizations_due_for_profile_review
from partners.organizations.services import (
    RELEASE_REASON_MAX_LENGTH,
    deactivate_organizations,
    release_street_address_protection,
    save_organization,
)
from partners.people import services as people_services
from partners.values import selectors as values_selectors
from partners.visibility import offers_residential_service

# --- Memberships: every change through the people services ---------------------------------
#
# The admin never saves a Membership row itself. Each form (the Membership admin's, or a row of
# the Organization admin's inline) becomes calls to partners.people.services, which record the
# director as the actor, keep the last-primary-contact rule and announce the change (so the
# partner seat follows its executive leader, and a delegation ends with its membership). A
# refusal rolls the whole save back and shows the form again (SavesThroughServicesAdminMixin).

# The order in which one save's changes are made, so that several rows changed at once are
# judged as they will be after the save: whoever gains the primary-contact role gains it
# before anyone loses it (a swap of primary contacts in the inline is allowed; demoting both
# is not).
_ADD, _DETAILS, _BECOMES_PRIMARY, _OTHER_ROLE, _END = range(5)


def _membership_steps(form, *, acting_user) -> list[tuple[int, Callable[[], object]]]:
    """What saving this validated membership form asks of the services, each with its turn."""
    membership = form.instance
    data = form.cleaned_data
    changed = set(form.changed_data)
    if membership._state.adding:

        def add():
            added = people_services.add_membership(
                organization=membership.organization,
                user=membership.user,
                role=membership.role,
                title=membership.title,
                started_on=membership.started_on,
                acting_user=acting_user,
            )
            # The admin logs and links to the row the service created.
            membership.pk = added.pk
            membership._state.adding = False

        return [(_ADD, add)]

    steps: list[tuple[int, Callable[[], object]]] = []
    if changed & {"title", "started_on"}:
        steps.append(
            (
                _DETAILS,
                partial(
                    people_services.update_membership_details,
                    membership=membership,
                    title=membership.title,
                    started_on=membership.started_on,
                    acting_user=acting_user,
                ),
            )
        )
    if "role" in changed:
        turn = _BECOMES_PRIMARY if data["role"] == Role.PRIMARY_CONTACT else _OTHER_ROLE
        steps.append(
            (
                turn,
                partial(
                    people_services.change_role,
                    membership=membership,
                    role=data["role"],
                    acting_user=acting_user,
                ),
            )
        )
    if "ended_on" in changed and data.get("ended_on"):
        steps.append(
            (
                _END,
                partial(
                    people_services.end_membership,
                    membership=membership,
                    ended_on=data["ended_on"],
                    acting_user=acting_user,
                ),
            )
        )
    return steps


def _save_memberships(forms, *, acting_user, name_the_person: bool) -> None:
    """Makes every change the forms ask for, in the order of their turns."""
    steps = []
    for form in forms:
        steps.extend(
            (turn, form, step) for turn, step in _membership_steps(form, acting_user=acting_user)
        )
    for _turn, form, step in sorted(steps, key=lambda item: item[0]):
        try:
            step()
        except ValidationError as error:
            if not name_the_person:
                raise
            # An inline row: say whose row was refused, above the form.
            person = form.instance.user
            raise ValidationError([f"{person}: {message}" for message in error.messages]) from error


class MembershipAdminForm(forms.ModelForm):
    """What a form may ask of a membership here; the services judge the rest when it is saved.

    A membership keeps its person and organization (end it and add another); an ended one keeps
    its role and end; a new one starts current (save it, then end it with a date).
    """

    class Meta:
        model = Membership
        fields = ("user", "organization", "role", "title", "started_on", "ended_on")

    def clean(self):
        cleaned = super().clean()
        before = self.instance
        changed = set(self.changed_data)
        if before._state.adding:
            if cleaned.get("ended_on"):
                self.add_error(
                    "ended_on",
                    "A new membership starts current: save it first, then end it with a date.",
                )
            return cleaned
        for name in changed & {"user", "organization"}:
            self.add_error(
                name,
                "A membership keeps its person and organization: end this one and add a new "
                "membership instead.",
            )
        if before.ended_on is not None:
            for name in changed & {"role", "ended_on"}:
                self.add_error(
                    name,
                    f"This membership ended on {before.ended_on}: its role and end stay as "
                    "recorded.",
                )
        return cleaned


class OrganizationAdminForm(forms.ModelForm):
    """The admin's organization form holds the portal's rules:

    - the logo is a plain file field rather than the model's ImageField: the upload is checked
      by its content, stripped of its metadata and re-encoded by process_logo alone, as in the
      portal, so both paths refuse the same files with the same message;
    - the shelter rule: a public street address is refused for an organization that offers
      shelter or housing after this save, or whose address is protected (it offered one
      before, even if this very save unticks it).

    No Meta: the admin builds the form's fields from OrganizationAdmin.fieldsets."""

    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text=LOGO_HELP_TEXT,
        widget=AdminFileWidget(attrs={"accept": LOGO_ACCEPT}),
    )

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return process_logo(logo)
        return logo  # the current logo, or False when "Clear" is ticked

    def clean(self):
        cleaned = super().clean()
        apply_shelter_rule(self)
        return cleaned


class ReleaseStreetAddressForm(forms.Form):
    reason = forms.CharField(
        label="Why is the protection released?",
        max_length=RELEASE_REASON_MAX_LENGTH,
        validators=[validate_single_line],
        help_text="Kept in the organization's history with your name, e.g. “The shelter "
        "program closed in March; this is now an office only.”",
        widget=forms.TextInput(attrs={"size": 80}),
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    extra = 0
    can_delete = False  # memberships end with a date, never deleted: history stays
    raw_id_fields = ("user",)
    fields = ("user", "role", "title", "started_on", "ended_on")
    show_change_link = True


# --- The organization list's filters (the director's dashboard links to them) ---------------


class AgreementFilter(admin.SimpleListFilter):
    """Where each organization stands with the current shared values (values.selectors)."""

    title = "shared values agreement"
    parameter_name = "agreement"

    def lookups(self, request, model_admin):
        return list(values_selectors.AGREEMENT_FILTERS.items())

    def queryset(self, request, queryset):
        if self.value() in values_selectors.AGREEMENT_FILTERS:
            return values_selectors.organizations_in_agreement_state(
                self.value(), organizations=queryset
            )
        return queryset


class ProfileReviewFilter(admin.SimpleListFilter):
    """Active partners whose profile is due for review (never confirmed, or not in 12 months):
    the same rule as the profile-review reminder."""

    title = "profile last confirmed"
    parameter_name = "profile"

    def lookups(self, request, model_admin):
        return [("due", "Not confirmed in 12 months (active)"), ("never", "Never confirmed")]

    def queryset(self, request, queryset):
        if self.value() == "due":
            due = organizations_due_for_profile_review(timezone.localdate())
            return queryset.filter(pk__in=due.values("pk"))
        if self.value() == "never":
            return queryset.filter(profile_confirmed_on__isnull=True)
        return queryset


class PrimaryContactFilter(admin.SimpleListFilter):
    title = "primary contact"
    parameter_name = "primary_contact"

    def lookups(self, request, model_admin):
        return [("yes", "Has a primary contact"), ("no", "No primary contact")]

    def queryset(self, request, queryset):
        has = Exists(
            Membership.objects.current().filter(
                organization=OuterRef("pk"), role=Role.PRIMARY_CONTACT
            )
        )
        if self.value() == "yes":
            return queryset.filter(has)
        if self.value() == "no":
            return queryset.exclude(has)
        return queryset


@admin.register(Organization)
class OrganizationAdmin(SavesThroughServicesAdminMixin, ExportMixin, SimpleHistoryAdmin):
    form = OrganizationAdminForm
    # Export only: an import would write rows without the checks of the portal's services.
    resource_classes = [OrganizationResource]
    formats = [CSV]
    export_form_class = ExportForm
    list_display = (
        "name",
        "sector",
        "status",
        "primary_contact",
        "agreement_status",
        "profile_confirmed_on",
    )
    list_filter = (
        "status",
        "sector",
        AgreementFilter,
        ProfileReviewFilter,
        PrimaryContactFilter,
        "statewide",
        "accepts_referrals",
        "street_address_protected",
    )
    list_select_related = ("sector",)
    # Found by its name, a person's e-mail or name, a city (in its addresses) or a county.
    search_fields = (
        "name",
        "slug",
        "description",
        "public_email",
        "street_address",
        "mailing_address",
        "counties__name",
        "memberships__user__email",
        "memberships__user__full_name",
    )
    search_help_text = (
        "Search by name, e-mail, a person's name or e-mail, a city or street, or a county."
    )
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("counties", "services", "populations", "spoken_languages")
    readonly_fields = ("street_address_protection", "created_at", "updated_at")
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"},
    }
    inlines = (MembershipInline,)
    actions = ("deactivate", "export_people")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "sector",
                    "description",
                    "description_es",
                    "website",
                    "logo",
                )
            },
        ),
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
                    "spoken_languages",
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

    @method_decorator(cache_private_page)
    def changelist_view(self, request, extra_context=None):
        """The list, kept per worker and per session until the data changes
        (cate_portal.page_cache); the admin site's sign-in and two-factor checks run first."""
        return super().changelist_view(request, extra_context)

    def has_delete_permission(self, request, obj=None):
        # Organizations are deactivated or withdrawn, not deleted: people and history point here.
        return False

    def get_queryset(self, request):
        """The list's columns in a fixed number of queries: the current version's signature as
        an annotation, the current primary contacts prefetched."""
        version = _current_version(request)
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.current()
                    .filter(role=Role.PRIMARY_CONTACT)
                    .select_related("user")
                    .order_by("started_on", "pk"),
                    to_attr="current_primary_contacts",
                )
            )
        )
        if version is not None:
            queryset = queryset.annotate(
                signed_current_version=Exists(
                    Agreement.objects.filter(organization=OuterRef("pk"), version=version)
                ),
                # The dates the column judges by, carried by each row (no state on the admin).
                values_adopted_on=Value(version.adopted_on, output_field=models.DateField()),
                values_due_on=Value(version.signatures_due_on, output_field=models.DateField()),
            )
        return queryset

    @admin.display(description="primary contact")
    def primary_contact(self, obj):
        contacts = getattr(obj, "current_primary_contacts", None)
        if not contacts:
            return "—"
        return ", ".join(f"{m.user.full_name or m.user.email} <{m.user.email}>" for m in contacts)

    @admin.display(description="shared values")
    def agreement_status(self, obj):
        if not obj.is_active or getattr(obj, "values_adopted_on", None) is None:
            return "Not required"
        if obj.signed_current_version:
            return "Signed"
        version = ValuesVersion(
            adopted_on=obj.values_adopted_on, signatures_due_on=obj.values_due_on
        )
        due_on = values_selectors.due_date(obj, version)
        if due_on and timezone.localdate() > due_on:
            return f"Overdue (due {date_format(due_on)})"
        return f"Due {date_format(due_on)}" if due_on else "Must sign"

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
                "directory.csv",
                self.admin_site.admin_view(self.directory_csv_view),
                name="partners_organization_directory_csv",
            ),
            path(
                "people.csv",
                self.admin_site.admin_view(self.people_csv_view),
                name="partners_organization_people_csv",
            ),
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
        if "logo" in form.changed_data:
            # The form re-encoded it; the service stores it as the portal does.
            obj.logo = form.initial.get("logo") or ""
            logo = form.cleaned_data["logo"]
        else:
            logo = None
        save_organization(organization=obj, acting_user=request.user, logo=logo)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        # commit=False saves no row: it lists what changed, for the admin's log.
        formset.save(commit=False)
        _save_memberships(
            [f for f in formset.forms if f.has_changed()],
            acting_user=request.user,
            name_the_person=True,
        )

    def people_csv_view(self, request):
        """People and their roles in every organization (current memberships), as CSV."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        return _people_download(Organization.objects.all())

    def directory_csv_view(self, request):
        """The directory (active partners, as listed) with every field, as CSV: the export's
        resource, so every cell is neutralized (cate_portal.csv_export)."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        dataset = OrganizationResource().export(queryset=Organization.objects.for_directory())
        return csv_response(dataset.csv, filename=f"directory-{timezone.localdate():%Y-%m-%d}.csv")

    @admin.action(description="Download people and roles (CSV)", permissions=["export"])
    def export_people(self, request, queryset):
        return _people_download(queryset)

    @admin.action(description="Deactivate the selected organizations", permissions=["change"])
    def deactivate(self, request, queryset):
        count = deactivate_organizations(queryset=queryset, acting_user=request.user)
        self.message_user(
            request,
            f"{count} organization{'s' if count != 1 else ''} deactivated.",
            messages.SUCCESS if count else messages.WARNING,
        )


def _current_version(request):
    """The adopted shared values version, read once per request."""
    if not hasattr(request, "_current_values_version"):
        request._current_values_version = values_selectors.current_version_only()
    return request._current_values_version


def _people_download(organizations):
    return csv_response(
        people_csv(organizations),
        filename=f"people-and-roles-{timezone.localdate():%Y-%m-%d}.csv",
    )


@admin.register(Membership)
class MembershipAdmin(SavesThroughServicesAdminMixin, SimpleHistoryAdmin):
    """Adds, changes and ends memberships through the people services, like the portal."""

    form = MembershipAdminForm
    list_display = ("user", "organization", "role", "title", "started_on", "ended_on")
    list_filter = ("role", ("ended_on", admin.EmptyFieldListFilter))
    list_select_related = ("user", "organization")
    search_fields = ("user__email", "user__full_name", "organization__name", "title")
    raw_id_fields = ("user", "organization")
    date_hierarchy = "started_on"

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:
            # A new membership starts current; it is ended afterwards, with a date.
            return [name for name in fields if name != "ended_on"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.ended_on is not None:
            return ("user", "organization", "role", "ended_on")
        return ("user", "organization")

    def save_model(self, request, obj, form, change):
        _save_memberships([form], acting_user=request.user, name_the_person=False)
        obj.refresh_from_db()

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
    list_display = ("name", "name_es", "slug", "order")
    list_editable = ("name_es", "order")
    search_fields = ("name", "name_es", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Sector)
class SectorAdmin(TaxonomyAdmin):
    pass


@admin.register(Service)
class ServiceAdmin(TaxonomyAdmin):
    list_display = ("name", "name_es", "slug", "order", "is_residential")
    list_editable = ("name_es", "order", "is_residential")
    list_filter = ("is_residential",)


@admin.register(Population)
class PopulationAdmin(TaxonomyAdmin):
    pass


@admin.register(Language)
class LanguageAdmin(TaxonomyAdmin):
    pass
