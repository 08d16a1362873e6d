"""The directory profile form. It validates and renders; partners.organizations.services
makes the change."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cate_portal.form_conventions import ConventionsMixin
from cate_portal.form_fields import SafeModelChoiceField, SafeModelMultipleChoiceField
from cate_portal.widgets import CountyPicker
from partners.models import Organization
from partners.organizations.logo import ACCEPT as LOGO_ACCEPT
from partners.organizations.logo import HELP_TEXT as LOGO_HELP_TEXT
from partners.organizations.logo import process_logo
from partners.organizations.services import check_shelter_address

STREET_ADDRESS_HELP = (
    "If your organization offers shelter or housing, this address can never be public: "
    "shelter locations must stay confidential to protect survivors. Coalition staff only is "
    "the safest choice."
)
PROTECTED_STREET_ADDRESS_HELP = (
    "Your organization has offered shelter or housing, so this address stays protected: it "
    "can never be public, even if you remove those services. Only the Coalition Director can "
    "release it. Coalition staff only is the safest choice."
)
PHONE_FIELDS = ("public_phone", "hotline_number")


def apply_shelter_rule(form: forms.ModelForm) -> None:
    """The shelter rule on a form that edits an organization's services and street address
    (the portal's profile form and the admin's): the error goes beside the visibility field.

    Asks partners.organizations.services.check_shelter_address, the one place of the rule.
    """
    services = form.cleaned_data.get("services")
    visibility = form.cleaned_data.get("street_address_visibility")
    if services is None or not visibility:
        return
    try:
        check_shelter_address(
            services=services,
            street_address_visibility=visibility,
            protected=bool(form.instance and form.instance.street_address_protected),
        )
    except ValidationError as error:
        form.add_error("street_address_visibility", error.message_dict["street_address_visibility"])


class OrganizationProfileForm(ConventionsMixin, forms.ModelForm):
    field_names = {
        "description": _("a description of your organization"),
        "website": _("your organization's website"),
        "sector": _("your organization's sector"),
        "logo_upload": _("the logo"),
        "public_email": _("the public e-mail address"),
        "public_phone": _("the public phone number"),
        "hotline_number": _("the hotline number"),
        "counties": _("counties your organization serves"),
        "services": _("services your organization offers"),
        "populations": _("populations your organization serves"),
        "spoken_languages": _("languages you work in"),
    }

    logo_upload = forms.FileField(
        label="Logo",
        required=False,
        help_text=LOGO_HELP_TEXT,
        widget=forms.FileInput(attrs={"accept": LOGO_ACCEPT}),
    )
    website = forms.URLField(label="Website", max_length=200, required=False, assume_scheme="https")
    remove_logo = forms.BooleanField(label="Remove the current logo", required=False)

    class Meta:
        model = Organization
        # Huge ids typed into the query give a form error, not a database overflow.
        field_classes = {
            "sector": SafeModelChoiceField,
            "counties": SafeModelMultipleChoiceField,
            "services": SafeModelMultipleChoiceField,
            "populations": SafeModelMultipleChoiceField,
            "spoken_languages": SafeModelMultipleChoiceField,
        }
        fields = [
            "description",
            "description_es",
            "website",
            "sector",
            "public_email",
            "public_email_visibility",
            "public_phone",
            "public_phone_visibility",
            "street_address",
            "street_address_visibility",
            "mailing_address",
            "mailing_address_visibility",
            "statewide",
            "counties",
            "services",
            "populations",
            "serves_sex_trafficking",
            "serves_labor_trafficking",
            "spoken_languages",
            "languages",
            "accepts_referrals",
            "open_24_7",
            "hours",
            "hotline_number",
            "hotline_number_visibility",
            "hotline_hours",
            "eligibility_notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_es": forms.Textarea(attrs={"rows": 4, "lang": "es"}),
            "street_address": forms.Textarea(attrs={"rows": 3}),
            "mailing_address": forms.Textarea(attrs={"rows": 3}),
            "eligibility_notes": forms.Textarea(attrs={"rows": 3}),
            "counties": CountyPicker,
            "services": forms.CheckboxSelectMultiple,
            "populations": forms.CheckboxSelectMultiple,
            "spoken_languages": forms.CheckboxSelectMultiple,
        }
        labels = {
            "public_email_visibility": "Who may see the e-mail",
            "public_phone_visibility": "Who may see the phone",
            "street_address_visibility": "Who may see the street address",
            "mailing_address_visibility": "Who may see the mailing address",
            "hotline_number_visibility": "Who may see the hotline number",
            "counties": "Counties served",
            "services": "Services offered",
            "populations": "Populations served",
            "spoken_languages": "Languages you work in",
        }
        help_texts = {
            "street_address_visibility": STREET_ADDRESS_HELP,
            "statewide": "Statewide partners are listed under every county.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PHONE_FIELDS:
            self.fields[name].widget.attrs["autocomplete"] = "tel"
        self.fields["public_email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        self.fields["counties"].queryset = self.fields["counties"].queryset.order_by("name")
        if not (self.instance and self.instance.logo):
            del self.fields["remove_logo"]
        if self.instance and self.instance.street_address_protected:
            self.fields["street_address_visibility"].help_text = PROTECTED_STREET_ADDRESS_HELP
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "About",
                "description",
                "description_es",
                "website",
                "sector",
                "logo_upload",
                *(["remove_logo"] if "remove_logo" in self.fields else []),
            ),
            Fieldset(
                "Contact details and who may see them",
                "public_email",
                "public_email_visibility",
                "public_phone",
                "public_phone_visibility",
                "street_address",
                "street_address_visibility",
                "mailing_address",
                "mailing_address_visibility",
            ),
            Fieldset(
                "What you offer",
                "services",
                "populations",
                "serves_sex_trafficking",
                "serves_labor_trafficking",
                "spoken_languages",
                "languages",
            ),
            Fieldset("Where you serve", "statewide", "counties"),
            Fieldset(
                "Referrals",
                "accepts_referrals",
                "open_24_7",
                "hours",
                "hotline_number",
                "hotline_number_visibility",
                "hotline_hours",
                "eligibility_notes",
            ),
        )
        self.helper.add_input(Submit("submit", "Save profile"))

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        return process_logo(upload)

    def clean(self):
        cleaned = super().clean()
        apply_shelter_rule(self)
        return cleaned

    def changes(self) -> dict:
        """What to hand to services.update_profile."""
        changes = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.cleaned_data.get("logo_upload"):
            changes["logo"] = self.cleaned_data["logo_upload"]
        elif self.cleaned_data.get("remove_logo"):
            changes["logo"] = False
        return changes
