"""Forms of an organization's people: invitations, roles, accepting an invitation. They
validate and render; partners.people.services makes the changes."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cate_portal.form_conventions import ConventionsMixin
from cate_portal.text import validate_single_line
from partners.models import Role


class InvitationForm(ConventionsMixin, forms.Form):
    field_names = {
        "email": _("the e-mail address of the person to invite"),
        "full_name": _("their full name"),
        "role": _("their role"),
    }

    email = forms.EmailField(label=_("E-mail address"), validators=[validate_single_line])
    full_name = forms.CharField(
        label="Full name", max_length=200, required=False, validators=[validate_single_line]
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.STAFF)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["full_name"].widget.attrs["autocomplete"] = "off"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", "Send invitation"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class RoleForm(ConventionsMixin, forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class AcceptInvitationForm(ConventionsMixin, forms.Form):
    field_names = {
        "full_name": _("your full name"),
        "password1": _("a password"),
        "password2": _("the password again"),
    }

    full_name = forms.CharField(
        label="Full name", max_length=200, validators=[validate_single_line]
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password (again)",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own token
        self.helper.add_input(Submit("submit", "Create account and join"))

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Enter the same password twice: the two do not match"))
        elif password1:
            candidate = get_user_model()(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
