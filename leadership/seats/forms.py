"""Forms of seats and terms (the admin's): they validate and render."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from leadership.models import Term
from leadership.models.seats import OVERLAP_MESSAGE


class TermForm(forms.ModelForm):
    """A term of a seat (admin inline). Term.clean refuses overlaps with saved terms."""

    class Meta:
        model = Term
        fields = ["person", "name", "title", "email", "started_on", "ended_on"]


class TermInlineFormSet(forms.BaseInlineFormSet):
    """Refuses overlaps among the terms being added or changed in one submission.

    Each term's own clean() then skips the seat's other terms shown in this formset (their
    stored dates may be about to change); this formset compares them with their new values.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._term_pks = frozenset(obj.pk for obj in self.get_queryset())

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance._terms_checked_by_formset = self._term_pks
        return form

    def clean(self):
        super().clean()
        spans = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE") or not form.cleaned_data.get("started_on"):
                continue
            start, end = form.cleaned_data["started_on"], form.cleaned_data.get("ended_on")
            if end is not None and end <= start:
                continue  # an empty term overlaps nothing (and a reversed one is refused)
            for other_start, other_end, label in spans:
                if (other_end is None or start < other_end) and (end is None or other_start < end):
                    raise ValidationError(OVERLAP_MESSAGE.format(other=label))
            label = form.cleaned_data.get("name") or form.cleaned_data.get("person") or "another"
            spans.append((start, end, f"{label}, from {date_format(start)}"))
