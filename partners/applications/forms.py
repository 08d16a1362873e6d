"""The public application form. It validates and renders; partners.applications.services stores."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cate_portal.form_conventions import ConventionsMixin
from cate_portal.form_fields import SafeModelChoiceField, SafeModelMultipleChoiceField
from cate_portal.widgets import CountyPicker
from partners.applications.pdf import MAX_PDF_BYTES, check_pdf
from partners.models import Application, ValuesVersion

VALUES_CHANGED_MESSAGE = _(
    "The shared values were updated while you were filling in the form. Please read the current "
    "version above and confirm your organization adheres to it."
)
WHERE_MESSAGE = _("Choose the counties your organization serves, or tick “Serves all of Missouri”")
TRAFFICKING_MESSAGE = _("Tick at least one form of trafficking your organization responds to")

PHONE_FIELDS = ("public_phone", "contact_phone")
M2M_FIELDS = ("counties", "services", "populations")


class ApplicationForm(ConventionsMixin, forms.ModelForm):
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    supporting_document = forms.FileField(
        label=_("Supporting document"),
        required=False,
        help_text=format_lazy(
            _(
                "A PDF of at most {megabytes} MB, for example an annual report or a letter of "
                "support. Only coalition staff can read it."
            ),
            megabytes=MAX_PDF_BYTES // (1024 * 1024),
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    # Which version of the shared values the form showed; checked against the current one.
    values_version = forms.CharField(required=False, widget=forms.HiddenInput)
    # A honeypot: people never see it, bots fill it in.
    fax = forms.CharField(required=False, label=_("Leave this field empty"))

    honeypot_fields = ("fax",)
    # How messages name each field: several fields share a word ("e-mail"), so each says whose.
    field_names = {
        "organization_name": _("your organization's name"),
        "sector": _("your organization's sector"),
        "website": _("your organization's website"),
        "description": _("a short description of your organization"),
        "public_email": _("the public e-mail address"),
        "public_phone": _("the public phone number"),
        "counties": _("counties your organization serves"),
        "services": _("services your organization offers"),
        "populations": _("populations your organization serves"),
        "contact_name": _("the contact person's full name"),
        "contact_title": _("the contact person's title"),
        "contact_email": _("the contact person's e-mail address"),
        "contact_phone": _("the contact person's phone number"),
        "executive_name": _("the executive leader's full name"),
        "executive_title": _("the executive leader's title"),
        "executive_email": _("the executive leader's e-mail address"),
        "priority_how": _("how anti-trafficking interventions are a priority"),
        "sharing_how": _("how you will share responsibility and resources"),
        "supporting_document": _("the supporting document"),
    }

    class Meta:
        model = Application
        fields = [
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
            "contact_name",
            "contact_title",
            "contact_email",
            "contact_phone",
            "executive_name",
            "executive_title",
            "executive_email",
            "commits_priority",
            "priority_how",
            "commits_values",
            "commits_sharing",
            "sharing_how",
            "privacy_consent",
        ]
        field_classes = {
            "sector": SafeModelChoiceField,
            "counties": SafeModelMultipleChoiceField,
            "services": SafeModelMultipleChoiceField,
            "populations": SafeModelMultipleChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "priority_how": forms.Textarea(attrs={"rows": 3}),
            "sharing_how": forms.Textarea(attrs={"rows": 3}),
            "counties": CountyPicker,
            "services": forms.CheckboxSelectMultiple,
            "populations": forms.CheckboxSelectMultiple,
        }
        labels = {
            "organization_name": _("Organization name"),
            "sector": _("Sector"),
            "description": _("Short description for the directory"),
            "public_email": _("Public e-mail address"),
            "public_phone": _("Public phone number"),
            "statewide": _("Serves all of Missouri"),
            "counties": _("Counties served"),
            "services": _("Services offered"),
            "populations": _("Populations served"),
            "serves_sex_trafficking": _("Sex trafficking"),
            "serves_labor_trafficking": _("Labor trafficking"),
            "contact_name": _("Contact person's full name"),
            "contact_title": _("Contact person's title"),
            "contact_email": _("Contact person's e-mail address"),
            "contact_phone": _("Contact person's phone number"),
            "executive_name": _("Executive leader's full name"),
            "executive_title": _("Executive leader's title"),
            "executive_email": _("Executive leader's e-mail address"),
            "commits_priority": _(
                "Anti-trafficking interventions are a priority of our organization"
            ),
            "priority_how": _("How is it a priority? (briefly)"),
            "commits_values": _("Our organization adheres to the shared values shown above"),
            "commits_sharing": _("Our organization will share responsibility and resources"),
            "sharing_how": _("How will you share responsibility and resources? (briefly)"),
            "privacy_consent": _(
                "I have read the privacy notice and agree that the coalition "
                "stores this application to review it"
            ),
        }
        error_messages = {
            "commits_priority": {
                "required": _(
                    "Tick the box to confirm anti-trafficking interventions are a "
                    "priority of your organization"
                )
            },
            "commits_values": {
                "required": _(
                    "Tick the box to confirm your organization adheres to the shared values"
                )
            },
            "commits_sharing": {
                "required": _(
                    "Tick the box to confirm your organization will share "
                    "responsibility and resources"
                )
            },
            "privacy_consent": {
                "required": _("Tick the box to agree that the coalition stores this application")
            },
        }
        help_texts = {
            "public_email": _("Shown in the public directory if you are approved."),
            "public_phone": _("A U.S. number, shown in the public directory if you are approved."),
            "contact_phone": _("A U.S. number with its area code."),
            "contact_email": _("We send the confirmation and a private status link here."),
            "executive_email": _("May be the same as the contact person's."),
        }

    def __init__(self, *args, current_values: ValuesVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_values = current_values
        self.initial["values_version"] = str(current_values.pk) if current_values else ""
        for name in (
            "commits_priority",
            "commits_values",
            "commits_sharing",
            "privacy_consent",
            "services",
            "priority_how",
            "sharing_how",
            "description",
        ):
            self.fields[name].required = True
        self.fields["sector"].empty_label = _("Choose a sector")
        self.fields["counties"].queryset = self.fields["counties"].queryset.order_by("name")
        autocomplete = {
            "organization_name": "organization",
            "website": "url",
            "contact_name": "name",
            "contact_title": "organization-title",
            "contact_email": "email",
            "contact_phone": "tel",
            "executive_name": "off",
            "executive_title": "off",
            "executive_email": "off",
            "public_email": "off",
            "public_phone": "off",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["fax"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(
            Fieldset(
                _("Your organization"),
                "organization_name",
                "sector",
                "website",
                "description",
                "public_email",
                "public_phone",
            ),
            Fieldset(
                _("What you offer and where"),
                "services",
                "populations",
                HTML(
                    format_lazy('<p class="mb-1">{}</p>', _("Forms of trafficking you respond to"))
                ),
                "serves_sex_trafficking",
                "serves_labor_trafficking",
                "statewide",
                "counties",
            ),
            Fieldset(
                _("Contact person"),
                "contact_name",
                "contact_title",
                "contact_email",
                "contact_phone",
            ),
            Fieldset(
                _("Executive leader"),
                "executive_name",
                "executive_title",
                "executive_email",
            ),
            Fieldset(
                _("The three commitments of a Collaborative Partner"),
                "commits_priority",
                "priority_how",
                "commits_values",
                "commits_sharing",
                "sharing_how",
            ),
            Fieldset(_("Supporting document"), "supporting_document"),
            Fieldset(_("Privacy"), "privacy_consent"),
            "values_version",
        )
        self.helper.add_input(Submit("submit", _("Send the application")))

    def clean_organization_name(self):
        return self.cleaned_data["organization_name"].strip()

    def clean_supporting_document(self):
        upload = self.cleaned_data.get("supporting_document")
        if not upload:
            return None
        check_pdf(upload)
        return upload

    def clean_values_version(self):
        shown = (self.cleaned_data.get("values_version") or "").strip()
        expected = str(self.current_values.pk) if self.current_values else ""
        if shown != expected:
            raise ValidationError(VALUES_CHANGED_MESSAGE, code="values_changed")
        return self.current_values

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("statewide")
            and not cleaned.get("counties")
            and "counties" not in self.errors
        ):
            self.add_error("counties", WHERE_MESSAGE)
        if not (cleaned.get("serves_sex_trafficking") or cleaned.get("serves_labor_trafficking")):
            self.add_error("serves_sex_trafficking", TRAFFICKING_MESSAGE)
        return cleaned

    def full_clean(self):
        super().full_clean()
        if self.is_bound and "values_version" in self._errors:
            # Show the error beside the commitment, and send the current version next time.
            self._errors["commits_values"] = self._errors.pop("values_version")
            self.data = self.data.copy()
            self.data["values_version"] = self.initial["values_version"]

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("fax"))

    def service_kwargs(self) -> dict:
        """What to hand to partners.applications.services.submit_application."""
        data = self.cleaned_data
        return {
            "fields": {name: data[name] for name in self.Meta.fields if name not in M2M_FIELDS},
            "counties": data["counties"],
            "services": data["services"],
            "populations": data["populations"],
            "values_version": data["values_version"],
            "supporting_document": data.get("supporting_document"),
        }


class _NoteField(forms.CharField):
    """A free-text note; an invisible null character (never typed by a person) is dropped
    rather than refused."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class WithdrawApplicationForm(ConventionsMixin, forms.Form):
    """The applicant's withdrawal on the status page: an optional reason of at most
    `NOTE_MAX_LENGTH` characters, refused with a message (never cut short) when longer."""

    NOTE_MAX_LENGTH = 2000

    note = _NoteField(
        label=_("Reason"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only coalition staff read it."),
    )
    field_names = {"note": _("the reason")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
