"""The form a primary contact or executive leader fills in to sign the shared values."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from cate_portal.form_fields import SafeModelChoiceField
from cate_portal.text import validate_single_line
from partners.models import Organization, ValuesVersion

ATTESTATION = (
    "I attest that I am authorized to sign on behalf of this organization, that I have read the "
    "coalition's vision, mission and values above, and that the organization commits to adhere "
    "to them."
)


class SignAgreementForm(forms.Form):
    """`organizations` are those the user may sign for: a choice outside them is refused."""

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
        label="Your full name",
        max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signer_title = forms.CharField(
        label="Your title",
        max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    attested = forms.BooleanField(
        label=ATTESTATION,
        error_messages={"required": "Tick the attestation to sign."},
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
            raise forms.ValidationError("Type your full name.")
        return name

    def clean_signer_title(self) -> str:
        title = self.cleaned_data["signer_title"].strip()
        if not title:
            raise forms.ValidationError("Type your title.")
        return title
