"""Forms of the resource library: validate and render; the services store and change."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cate_portal.private_files import DOCUMENT_KINDS, CheckedFileField, max_upload_bytes
from leadership.models import Resource, ResourceTopic, ResourceVisibility


class ResourceFields(forms.Form):
    """The fields a resource is made of, shared by the partners' form and the admin's."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter the resource's title.")},
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it is, who it is for, and when it was last updated."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics (optional)"),
        queryset=ResourceTopic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=ResourceVisibility.choices,
        initial=ResourceVisibility.PARTNERS,
        widget=forms.RadioSelect,
        help_text=_(
            "Everyone: the public too. Partners: people of active partner organizations. "
            "Leadership: executive leaders of the partners and the Coalition Director."
        ),
    )
    upload = CheckedFileField(
        # One of the two is needed: each is optional when the other is given.
        label=_("File (optional when you give a link)"),
        required=False,
        allowed=DOCUMENT_KINDS,
        subject="The file",
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, or a PNG or JPEG image; up to %(size)s."
        ),
    )
    link = forms.URLField(
        label=_("Or a link (optional when you attach a file)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of a page or document on another site, starting https://."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["upload"]
        field.help_text = field.help_text % {"size": filesizeformat(max_upload_bytes())}

    def clean_link(self):
        link = self.cleaned_data.get("link", "")
        if link and not link.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a web address starting with https://."))
        return link

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("upload")) or bool(getattr(self, "current_file", None))
        if cleaned.get("link") and cleaned.get("upload"):
            self.add_error("link", _("Attach a file or give a link, not both."))
        elif not has_file and not cleaned.get("link") and not self.has_error("upload"):
            self.add_error("upload", _("Attach a file or give a link."))
        return cleaned


class ContributeResourceForm(ResourceFields):
    """A partner's contribution (leadership.resources.services.contribute_resource)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Send for approval")))


class ResourceAdminForm(forms.ModelForm):
    """The admin's form: the model's editable fields plus the checked file upload. Saved by
    leadership.resources.admin through the services, never by `form.save()`."""

    upload = CheckedFileField(
        label="File",
        required=False,
        allowed=DOCUMENT_KINDS,
        subject="The file",
    )

    link = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Instead of a file: the address of a page on another site.",
    )

    class Meta:
        model = Resource
        fields = ["title", "description", "topics", "visibility", "link", "organization"]

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("upload")) or bool(self.instance.file)
        if cleaned.get("link") and cleaned.get("upload"):
            self.add_error("link", "Attach a file or give a link, not both.")
        elif not has_file and not cleaned.get("link") and not self.has_error("upload"):
            self.add_error("upload", "Attach a file or give a link.")
        return cleaned

    def _post_clean(self):
        # The model's own clean (file or link) is the services' to run once the file is stored.
        pass
