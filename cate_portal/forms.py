from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .form_conventions import ConventionsMixin
from .models import ContactMessage


def add_refusal_to_form(form, error: ValidationError | PermissionDenied) -> None:
    """A service's refusal as the form's errors, so a page shows it with what was typed: on the
    field it names when the form has that field, otherwise above the form. Every view and
    admin that calls a service from a form uses this."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or gettext("You may not make this change."))
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ContactForm(ConventionsMixin, forms.ModelForm):
    # A honeypot: people never see it, bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    honeypot_fields = ("website",)
    field_names = {
        "name": _("your name"),
        "email": _("your e-mail address"),
        "organization": _("your organization"),
        "message": _("your message"),
    }

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "organization", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        labels = {
            "name": _("Your name"),
            "email": _("Your e-mail address"),
            "organization": _("Your organization"),
            "message": _("Your message"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organization"].widget.attrs["autocomplete"] = "organization"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        # The honeypot is rendered apart, hidden from people and from assistive technology.
        self.helper.layout = Layout(*self.Meta.fields)
        self.helper.add_input(Submit("submit", _("Send message")))

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
