"""Forms of the leadership app: validate and render; the services make the changes."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from cate_portal.form_conventions import ConventionsMixin
from cate_portal.form_fields import SafeModelChoiceField
from leadership.models import VoteChoice
from partners.models import Membership, Role


class VoteForm(ConventionsMixin, forms.Form):
    field_names = {"choice": _("your organization's vote"), "comment": _("a comment")}

    choice = forms.ChoiceField(
        label="Your organization's vote", choices=VoteChoice.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, proposal, **kwargs):
        self.proposal = proposal
        super().__init__(*args, **kwargs)
        if proposal.requires_comment_for_no:
            self.fields["comment"].label = _("Comment (optional, but needed with a no vote)")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("choice") == VoteChoice.NO
            and self.proposal.requires_comment_for_no
            and not (cleaned.get("comment") or "").strip()
        ):
            self.add_error(
                "comment", _("Enter a comment: this proposal asks for one with every no vote")
            )
        return cleaned


class DelegateForm(ConventionsMixin, forms.Form):
    field_names = {"user": _("the voting delegate")}

    user = SafeModelChoiceField(
        label="Voting delegate",
        queryset=None,
        required=False,
        empty_label="Nobody: the executive leader votes",
        help_text="One of your organization's current people, who may then cast its vote.",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        # Executive leaders vote already: never offered as their own (or another's) delegate.
        people = (
            Membership.objects.current()
            .filter(organization=organization)
            .exclude(role=Role.EXECUTIVE_LEADER)
            .values("user_id")
        )
        self.fields["user"].queryset = get_user_model().objects.filter(pk__in=people)
        self.helper = FormHelper()
        self.helper.form_tag = False
