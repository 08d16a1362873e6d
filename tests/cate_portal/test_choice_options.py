"""crispy-bootstrap5's radio and checkbox lists, with their options written by
``{% crispy_choice_options %}``, render the same bytes as crispy-bootstrap5's own template."""

import pytest
from django import forms
from django.template.backends.django import DjangoTemplates
from django.template.loader import get_template

TEMPLATE = "bootstrap5/layout/radio_checkbox_select.html"
#: crispy-bootstrap5's own templates only (no project directory overriding them).
STOCK = DjangoTemplates({"DIRS": [], "APP_DIRS": True, "NAME": "stock", "OPTIONS": {}})

CHOICES = [("shelter", "Shelter & housing"), ("legal", 'Legal "aid" <help>'), (3, 3)]
GROUPED = [("Care", CHOICES[:2]), ("Other & more", [("x", "X")])]


class Form(forms.Form):
    services = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    grouped = forms.MultipleChoiceField(
        choices=GROUPED, required=False, widget=forms.CheckboxSelectMultiple
    )
    kind = forms.ChoiceField(
        choices=CHOICES, widget=forms.RadioSelect(attrs={"aria-describedby": "kind-help"})
    )


def test_the_project_template_is_the_one_rendering_choice_lists():
    assert "crispy_choice_options" in get_template(TEMPLATE).template.source


@pytest.mark.parametrize(
    "data",
    [None, {"services": ["legal", "3"], "grouped": ["x"], "kind": "shelter"}, {"kind": "nope"}],
    ids=["unbound", "chosen", "errors"],
)
@pytest.mark.parametrize("inline_class", ["", "inline"])
@pytest.mark.parametrize("name", ["services", "grouped", "kind"])
def test_options_render_the_bytes_of_crispy_bootstrap5(data, inline_class, name):
    form = Form(data=data)
    if data:
        form.is_valid()
    context = {
        "field": form[name],
        "inline_class": inline_class,
        "form_show_errors": True,
        "field_class": "col-8",
    }
    ours = get_template(TEMPLATE).render(context)
    stock = STOCK.get_template(TEMPLATE).render(context)
    assert ours == stock
    if data and "nope" in data.get("kind", "") and name == "kind":
        assert "is-invalid" in ours
