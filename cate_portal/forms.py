from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms

from .models import ContactMessage


class ContactForm(forms.ModelForm):
    # A honeypot: people never see it, bots fill it in.
    website = forms.CharField(required=False, label="Leave this field empty")

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "organization", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

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
        self.helper.add_input(Submit("submit", "Send message"))

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
