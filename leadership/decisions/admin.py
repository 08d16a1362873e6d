"""The director's admin for proposals, votes and voting delegates (seats and terms are
leadership/seats/admin.py's)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from cate_portal.admin_mixins import ReadOnlyAdminMixin, SavesThroughServicesAdminMixin
from cate_portal.forms import add_refusal_to_form
from cate_portal.private_files import PDF_ONLY, CheckedFileField
from leadership.decisions import confirmations, documents, services
from leadership.decisions.selectors import proposals_awaiting_confirmation
from leadership.models import (
    Delegation,
    Proposal,
    ProposalDocument,
    ProposalKind,
    Vote,
    VoteChoice,
)
from partners.models import Application, ValuesVersion, ValuesVersionStatus
from partners.models.applications import OPEN_STATUSES


def _counts_annotation():
    return {
        f"{choice}_votes": Count("votes", filter=Q(votes__choice=choice))
        for choice in VoteChoice.values
    }


class ProposalStateFilter(admin.SimpleListFilter):
    """Open, upcoming or closed now; and the passed proposals waiting for the director."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("open", "Open"),
            ("upcoming", "Upcoming"),
            ("closed", "Closed"),
            ("awaiting-confirmation", "Passed, waiting for your confirmation"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "open":
            return queryset.open()
        if value == "upcoming":
            return queryset.upcoming()
        if value == "closed":
            return queryset.closed()
        if value == "awaiting-confirmation":
            services.settle_closed_proposals()
            waiting = [proposal.pk for proposal in proposals_awaiting_confirmation()]
            return queryset.filter(pk__in=waiting)
        return queryset


class ProposalDocumentForm(forms.ModelForm):
    """A new document: its title and the PDF (checked by content). Saved by
    leadership.decisions.documents through ProposalAdmin.save_formset, never by the form."""

    upload = CheckedFileField(label="PDF", required=False, allowed=PDF_ONLY, subject="The document")

    class Meta:
        model = ProposalDocument
        fields = ["title"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and not cleaned.get("upload") and not self.has_error("upload"):
            self.add_error("upload", "Choose the PDF to attach.")
        return cleaned

    def _post_clean(self):
        # The model's own validation (the stored file) is the service's, once it is stored.
        pass


class ProposalDocumentInline(admin.TabularInline):
    """Documents are added (until voting closes) or removed (until it opens), never edited."""

    model = ProposalDocument
    form = ProposalDocumentForm
    extra = 0
    fields = ["title", "upload", "download"]
    readonly_fields = ["download"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or not obj.is_closed())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.opens_at > timezone.now()
        )

    @admin.display(description="PDF")
    def upload(self, document):
        # Shown for a stored document (its rows are read only); new rows get the file input.
        return f"{document.file_size or 0} bytes"

    @admin.display(description="download")
    def download(self, document):
        if document.pk is None:
            return "-"
        return format_html('<a href="{}">Download</a>', document.get_absolute_url())


@admin.register(Proposal)
class ProposalAdmin(SavesThroughServicesAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "opens_at", "closes_at", "state", "yes", "no", "abstain"]
    list_filter = [ProposalStateFilter, "kind"]
    search_fields = ["title", "text"]
    date_hierarchy = "closes_at"
    actions = ["confirm_adoption", "confirm_admission"]
    inlines = [ProposalDocumentInline]
    fields = [
        "title",
        "text",
        "kind",
        "values_version",
        "application",
        "opens_at",
        "closes_at",
        "quorum",
        "threshold",
        "requires_comment_for_no",
    ]
    result_fields = [
        "created_by",
        "state",
        "result_summary",
        "non_voters",
        "adoption",
        "admission",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**_counts_annotation())

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("application")
        if field is not None:
            # Only an open application can be put to the vote (plus the one already named).
            condition = Q(status__in=OPEN_STATUSES)
            if obj is not None and obj.application_id:
                condition |= Q(pk=obj.application_id)
            field.queryset = Application.objects.filter(condition).order_by("-submitted_at")
        return form

    def get_fields(self, request, obj=None):
        return self.fields + (self.result_fields if obj else [])

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.opens_at <= timezone.now():
            # Once voting has opened, the question and its rules no longer change.
            return self.fields + self.result_fields
        return self.result_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "values_version":
            # Only a draft can be put to the vote; adopted text never changes.
            kwargs["queryset"] = ValuesVersion.objects.filter(status=ValuesVersionStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.opens_at > timezone.now() and not obj.votes.exists()

    def save_formset(self, request, form, formset, change):
        """Documents go through leadership.decisions.documents: new rows are attached, rows
        marked for deletion removed; a refusal names the document's row."""
        if formset.model is not ProposalDocument:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these lists, which formset.save() would fill.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            title = row.cleaned_data.get("title") or "(untitled)"
            try:
                if row.instance.pk and formset.can_delete and formset._should_delete_form(row):
                    documents.remove_proposal_document(
                        document=row.instance, acting_user=request.user
                    )
                    formset.deleted_objects.append(row.instance)
                elif row.instance.pk is None and row.has_changed():
                    attached = documents.attach_proposal_document(
                        proposal=form.instance,
                        title=row.cleaned_data["title"],
                        upload=row.cleaned_data["upload"],
                        acting_user=request.user,
                    )
                    formset.new_objects.append(attached)
            except ValidationError as error:
                raise ValidationError(f"Document “{title}”: {' '.join(error.messages)}") from error
        return None

    @admin.display(description="status")
    def state(self, proposal):
        return proposal.status().capitalize()

    @admin.display(description="yes")
    def yes(self, proposal):
        return proposal.yes_votes

    @admin.display(description="no")
    def no(self, proposal):
        return proposal.no_votes

    @admin.display(description="abstain")
    def abstain(self, proposal):
        return proposal.abstain_votes

    @admin.display(description="result")
    def result_summary(self, proposal):
        result = services.result_for(proposal)
        return format_html(
            "Yes {} · No {} · Abstain {} · turnout {} of {} ({}) · quorum {} · {}",
            result.yes,
            result.no,
            result.abstain,
            result.votes_cast,
            result.eligible,
            result.turnout_percent,
            "met" if result.quorum_met else "not met",
            ("passed" if result.passed else "not passed")
            if proposal.is_closed()
            else ("would pass" if result.passed else "would not pass") + " so far",
        )

    @admin.display(description="active partners that have not voted")
    def non_voters(self, proposal):
        organizations = services.non_voting_organizations(proposal)
        if not organizations:
            return "None"
        return format_html_join(", ", "{}", ((o.name,) for o in organizations))

    @admin.display(description="adoption of the values version")
    def adoption(self, proposal):
        if proposal.kind != ProposalKind.ADOPT_VALUES:
            return "-"
        if proposal.adoption_confirmed_at:
            confirmed_on = timezone.localtime(proposal.adoption_confirmed_at)
            return f"Confirmed by {proposal.adoption_confirmed_by} on {date_format(confirmed_on)}"
        return "Not confirmed (use the action “Confirm adoption” once the proposal has passed)"

    @admin.display(description="admission of the organization")
    def admission(self, proposal):
        if proposal.kind != ProposalKind.ADMIT_ORGANIZATION or proposal.application_id is None:
            return "-"
        application = proposal.application
        link = format_html(
            '<a href="{}">{}</a>',
            reverse("admin:partners_application_change", args=[application.pk]),
            application,
        )
        if proposal.admission_confirmed_at:
            confirmed_on = timezone.localtime(proposal.admission_confirmed_at)
            return format_html(
                "Application {} approved by {} on {}",
                link,
                proposal.admission_confirmed_by,
                date_format(confirmed_on),
            )
        return format_html(
            "Application {} ({}). Not approved yet: use “Approve the application” once the "
            "proposal has passed.",
            link,
            application.get_status_display().lower(),
        )

    @admin.action(
        description="Approve the application (passed proposals to admit an organization)",
        permissions=["change"],
    )
    def confirm_admission(self, request, queryset):
        for proposal in queryset:
            self._confirm_admission(request, proposal)

    def _confirm_admission(self, request, proposal) -> bool:
        try:
            proposal = confirmations.confirm_admission(proposal=proposal, acting_user=request.user)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            self.message_user(request, f"{proposal}: {text}", messages.ERROR)
            return False
        application = proposal.application
        self.message_user(
            request,
            f"{proposal}: application {application.reference} approved; "
            f"{application.organization_name} is now an active partner and its people were "
            "invited.",
            messages.SUCCESS,
        )
        return True

    # --- The "Approve the application" button of a proposal to admit an organization ------

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve-application/",
                self.admin_site.admin_view(self.approve_application_view),
                name="leadership_proposal_approve_application",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if (
            proposal is not None
            and proposal.kind == ProposalKind.ADMIT_ORGANIZATION
            and proposal.admission_confirmed_at is None
            and proposal.is_closed()
            and self.has_change_permission(request, proposal)
        ):
            extra_context["approve_application_url"] = reverse(
                "admin:leadership_proposal_approve_application", args=[proposal.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def approve_application_view(self, request, pk: int):
        """GET: what approving does, and a button; POST: confirm_admission."""
        proposal = get_object_or_404(Proposal.objects.select_related("application"), pk=pk)
        if not (request.user.is_staff and self.has_change_permission(request, proposal)):
            raise PermissionDenied
        change_url = reverse("admin:leadership_proposal_change", args=[pk])
        if request.method == "POST":
            self._confirm_admission(request, proposal)
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Approve the application: {proposal}",
            "opts": self.model._meta,
            "proposal": proposal,
            "application": proposal.application,
            "result": services.result_for(proposal) if proposal.is_closed() else None,
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/leadership/proposal/approve_application.html", context
        )

    @admin.action(
        description="Confirm adoption of the values version (passed proposals)",
        permissions=["change"],
    )
    def confirm_adoption(self, request, queryset):
        for proposal in queryset:
            try:
                confirmations.confirm_adoption(proposal=proposal, acting_user=request.user)
            except (ValidationError, PermissionDenied, ImportError) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{proposal}: {text}", messages.ERROR)
            else:
                self.message_user(request, f"{proposal}: adoption confirmed.", messages.SUCCESS)


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only: votes are cast by the partners and never changed or deleted here."""

    list_display = ["proposal", "organization", "choice", "cast_by", "cast_at", "updated_at"]
    list_filter = ["choice", "proposal"]
    search_fields = ["organization__name", "proposal__title"]
    list_select_related = ["proposal", "organization", "cast_by"]


class DelegationAdminForm(forms.ModelForm):
    """Names a delegate (a new row) or ends the current one (its end date).

    The delegate must be one of the current people of an active organization: the same rule,
    in the same words, as the portal (services.check_may_be_delegate), said here before saving.
    """

    class Meta:
        model = Delegation
        fields = ["organization", "user", "ended_on"]

    def clean(self):
        cleaned = super().clean()
        organization, user = cleaned.get("organization"), cleaned.get("user")
        if self.instance._state.adding and organization and user:
            try:
                services.check_may_be_delegate(organization=organization, user=user)
            except ValidationError as error:
                add_refusal_to_form(self, error)
        return cleaned


@admin.register(Delegation)
class DelegationAdmin(SavesThroughServicesAdminMixin, SimpleHistoryAdmin):
    """Saves through services.name_delegate and services.end_delegation, like the portal: the
    director (coalition staff) may name any current person of an active partner."""

    form = DelegationAdminForm
    list_display = ["organization", "user", "named_by", "started_on", "ended_on"]
    list_filter = [("ended_on", admin.EmptyFieldListFilter)]
    search_fields = ["organization__name", "user__full_name", "user__email"]
    autocomplete_fields = ["organization", "user"]
    list_select_related = ["organization", "user", "named_by"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organization", "user"]  # starts today; named by the director
        return ["organization", "user", "named_by", "started_on", "ended_on"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.ended_on is not None:
            return ["organization", "user", "named_by", "started_on", "ended_on"]
        return ["organization", "user", "named_by", "started_on"]

    def save_model(self, request, obj, form, change):
        if not change:
            # Naming a new delegate ends the current one, as in the portal.
            named = services.name_delegate(
                organization=obj.organization, user=obj.user, acting_user=request.user
            )
            obj.pk = named.pk
            obj._state.adding = False
        elif "ended_on" in form.changed_data and obj.ended_on is not None:
            ended = services.end_delegation(
                organization=obj.organization, acting_user=request.user, ended_on=obj.ended_on
            )
            if ended is None or ended.pk != obj.pk:
                raise ValidationError(
                    "This delegation is no longer the organization's current one."
                )
        obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None):
        return False
