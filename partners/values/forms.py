"""The form a primary contact or executive leader fills in to sign the shared values."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from cate_portal.form_conventions import ConventionsMixin
from cate_portal.form_fields import SafeModelChoiceField
from cate_portal.text import validate_single_line
from partners.models import Organization, ValuesVersion

ATTESTATION = _(
    "I attest that I am authorized to sign on behalf of this organization, that I have read the "
    "coalition's vision, mission and values above, and that the organization commits to adhere "
    "to them."
)


class SignAgreementForm(ConventionsMixin, forms.Form):
    """`organizations` are those the user may sign for: a choice outside them is refused."""

    field_names = {"signer_name": _("your full name"), "signer_title": _("your title")}

    organization = SafeModelChoiceField(
        queryset=Organization.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "You cannot sign for this organization."},
    )
    version = SafeModelChoiceField(
        queryset=ValuesVersion.objects.published(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "This version cannot be signed."},
    )
    signer_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signer_title = forms.CharField(
        label=_("Your title"),
        max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    attested = forms.BooleanField(
        label=ATTESTATION,
        # The message names the box without quoting it whole (issue 14).
        error_messages={"required": _("Tick the box to attest that you may sign")},
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.add_input(Submit("sign", "Sign the shared values", css_class="btn-cate"))

    def clean_signer_name(self) -> str:
        name = self.cleaned_data["signer_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your full name"))
        return name

    def clean_signer_title(self) -> str:
        title = self.cleaned_data["signer_title"].strip()
        if not title:
            raise forms.ValidationError(_("Enter your title"))
        return title
