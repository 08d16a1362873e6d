"""Forms of events: a partner's proposal, and the director's admin form (attendance, minutes)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cate_portal.form_conventions import ConventionsMixin
from cate_portal.form_fields import SafeModelChoiceField, WallTimeField
from cate_portal.private_files import PDF_ONLY, CheckedFileField
from leadership.events.services import PROPOSAL_FIELDS
from leadership.models import Event, EventKind
from partners.models import Organization, OrganizationStatus


class EventTimesAndLinkFields(forms.Form):
    """The fields a partner's proposal and the director's form share: the times, written and
    read in Missouri time (`WallTimeField`), and the online link (https assumed)."""

    starts_at = WallTimeField(label=_("Starts (Missouri time)"))
    ends_at = WallTimeField(label=_("Ends (Missouri time)"))
    online_link = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to people who may attend."),
    )


class ProposeEventForm(ConventionsMixin, EventTimesAndLinkFields, forms.ModelForm):
    """What a partner's primary contact or executive leader proposes; their organization hosts.
    No leadership meetings: those are the director's. Follows the form conventions
    (docs/forms.md): each message names its field."""

    field_names = {
        "organization": _("the organization that hosts the event"),
        "title": _("the event's title"),
        "kind": _("the kind of event"),
        "description": _("the event's description"),
        "starts_at": _("when the event starts"),
        "ends_at": _("when the event ends"),
        "place_name": _("the place"),
        "address": _("the place's address"),
        "online_link": _("the online link"),
        "visibility": _("who may see the event"),
        "capacity": _("the number of places"),
    }

    organization = SafeModelChoiceField(
        label=_("Hosted by"), queryset=Organization.objects.none(), empty_label=None
    )

    class Meta:
        model = Event
        fields = PROPOSAL_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organization": self.fields.pop("organization"), **self.fields}
        self.fields["organization"].queryset = organizations
        self.fields["kind"].choices = [
            choice for choice in EventKind.choices if choice[0] != EventKind.LEADERSHIP_MEETING
        ]
        self.fields["visibility"].choices = [
            choice for choice in self.fields["visibility"].choices if choice[0] != "leadership"
        ]
        self.fields["online_link"].widget.attrs["inputmode"] = "url"
        self.helper = FormHelper()
        # The server checks and answers with every problem at once, keeping what was typed.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Send the proposal")))

    def _post_clean(self):
        # The host is the chosen organization; the model's clean then sees it.
        self.instance.host = self.cleaned_data.get("organization")
        super()._post_clean()


class EventAdminForm(EventTimesAndLinkFields, forms.ModelForm):
    """The director's form: the event, then (once it took place) the organizations that
    attended, people trained and minutes. Saved by leadership.events.admin through services."""

    attending = forms.ModelMultipleChoiceField(
        label=_("Organizations that attended"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Recorded once the event has taken place."),
    )
    minutes_pdf = CheckedFileField(
        label=_("Minutes (PDF)"), required=False, allowed=PDF_ONLY, subject="The minutes"
    )
    remove_minutes_pdf = forms.BooleanField(label=_("Remove the minutes PDF"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organization.objects.order_by("name")
        recorded = (
            list(self.instance.attendances.values_list("organization_id", flat=True))
            if self.instance.pk
            else []
        )
        # Active partners, and any organization recorded before it left.
        self.fields["attending"].queryset = Organization.objects.filter(
            Q(status=OrganizationStatus.ACTIVE) | Q(pk__in=recorded)
        ).order_by("name")
        self.fields["attending"].initial = recorded

    class Meta:
        model = Event
        fields = [
            "title", "kind", "description", "starts_at", "ends_at", "host", "place_name",
            "address", "at_host_address", "online_link", "visibility", "capacity", "status",
            "decline_reason", "people_trained", "minutes_text",
        ]  # fmt: skip
