"""The site's form renderer writes the choice widgets' options in Python, byte-equal to Django's
own templates (cate_portal/form_renderer.py)."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend
from django.test.signals import template_rendered
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from cate_portal.form_renderer import ChoiceWidgetsRenderer
from cate_portal.models import Area, Region

STOCK = DjangoTemplates()
FAST = ChoiceWidgetsRenderer()

FLAT = [
    ("", "Any county"),
    ("29019", "Boone County"),
    ("a&b", 'Tom & "Jerry" <b>'),
    (3, gettext_lazy("Sector")),
    ("safe", mark_safe("<em>kept</em>")),
    (Decimal("1234.5"), 1234.5),
    ("day", datetime.date(2026, 12, 1)),
]
GROUPED = [
    ("", "Any"),
    ("Central", [("29019", "Boone County"), ("29051", "Cole County")]),
    ("Kansas City & <area>", [("29095", "Jackson County"), ("x", "Other")]),
    (None, "None as value"),
]
ATTRS = [
    {},
    {"id": "id_county", "class": "form-select", "form": "directory-form"},
    {"id": "id_county", "aria-describedby": "help err", "required": True, "disabled": False},
    {"class": 'quote"s & more', "data-n": 3, "autofocus": True},
]
VALUES = [None, "", "29019", ["29019", "x"], ["a&b", 3], "nothing-matches"]


def both(widget: forms.Widget, name: str, value, attrs) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs, renderer=STOCK),
        widget.render(name, value, attrs, renderer=FAST),
    )


WIDGETS = [
    forms.Select,
    forms.SelectMultiple,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
]


@pytest.mark.parametrize("widget_class", WIDGETS, ids=lambda w: w.__name__)
@pytest.mark.parametrize("choices", [FLAT, GROUPED], ids=["flat", "optgroups"])
@pytest.mark.parametrize("attrs", ATTRS, ids=["no-attrs", "id-class", "aria", "escaped"])
def test_every_choice_widget_renders_the_bytes_of_djangos_templates(widget_class, choices, attrs):
    for value in VALUES:
        widget = widget_class(choices=choices, attrs={"title": "t"})
        stock, fast = both(widget, "county", value, attrs)
        assert fast == stock, value


@pytest.mark.parametrize("widget_class", WIDGETS, ids=lambda w: w.__name__)
def test_disabled_options_and_per_widget_attrs_render_like_django(widget_class):
    class WithDisabledOption(widget_class):
        def create_option(self, name, value, label, selected, index, **kwargs):
            option = super().create_option(name, value, label, selected, index, **kwargs)
            if value == "29051":
                option["attrs"]["disabled"] = True
            return option

    widget = WithDisabledOption(choices=GROUPED, attrs={"class": "c", "disabled": True})
    stock, fast = both(widget, "county", ["29051"], {"id": "id_c"})
    assert fast == stock
    assert "disabled" in fast


def test_a_radio_option_without_its_label_wrapped_renders_like_django():
    class Unwrapped(forms.RadioSelect):
        def create_option(self, *args, **kwargs):
            return {**super().create_option(*args, **kwargs), "wrap_label": False}

    stock, fast = both(Unwrapped(choices=FLAT), "kind", "29019", {"id": "id_kind"})
    assert fast == stock


def test_the_null_boolean_select_renders_like_django():
    for value in (None, True, False, "unknown"):
        stock, fast = both(forms.NullBooleanSelect(), "open", value, {"id": "id_open"})
        assert fast == stock


def test_labels_follow_the_active_language_as_in_templates():
    widget = forms.Select(choices=[("any", gettext_lazy("Any county"))])
    with override("es"):
        stock, fast = both(widget, "s", "any", {})
    assert fast == stock
    assert "Cualquier condado" in fast


@pytest.mark.django_db
def test_model_choices_render_like_django_with_the_areas():
    field = forms.ModelMultipleChoiceField(queryset=Area.objects.all(), to_field_name="fips")
    field.widget.choices = field.choices
    for widget in (field.widget, forms.CheckboxSelectMultiple(choices=field.choices)):
        stock, fast = both(widget, "county", ["29019", "29051"], {"id": "id_county"})
        assert fast == stock
        assert fast.count('value="29') == Area.objects.count()
    grouped = [
        (label, [(a.fips, a.name) for a in Area.objects.filter(region=code)])
        for code, label in Region.choices
    ]
    stock, fast = both(forms.Select(choices=grouped), "county", "29019", {"id": "id_county"})
    assert fast == stock


def test_no_per_option_template_is_rendered():
    """What makes it fast: a 115-option select renders no template at all (Django renders one
    per option, and one per option's attributes)."""
    widget = forms.Select(choices=[(str(n), f"County {n}") for n in range(115)])
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        widget.render("county", "3", {"id": "id_county"}, renderer=STOCK)
        stock_count = len(rendered)
        rendered.clear()
        widget.render("county", "3", {"id": "id_county"}, renderer=FAST)
    finally:
        template_rendered.disconnect(record)
    assert stock_count > 115
    assert rendered == []


def test_every_form_of_the_site_uses_it():
    assert isinstance(get_default_renderer(), ChoiceWidgetsRenderer)

    class Form(forms.Form):
        kind = forms.ChoiceField(choices=FLAT[1:], widget=forms.RadioSelect)

    form = Form(data={"kind": "29019"})
    assert isinstance(form.renderer, ChoiceWidgetsRenderer)
    assert str(form["kind"]) == str(Form(data={"kind": "29019"}, renderer=STOCK)["kind"])


def test_a_widget_with_its_own_option_template_renders_through_templates(tmp_path):
    class OwnOption(forms.Select):
        option_template_name = "django/forms/widgets/input.html"  # any other template

    stock, fast = both(OwnOption(choices=FLAT), "county", "29019", {"id": "id_county"})
    assert fast == stock
    assert "<input" in fast


def test_an_overridden_widget_template_is_respected(tmp_path):
    """An app overriding Django's select template gets its own markup, not ours."""
    override_dir = tmp_path / "django" / "forms" / "widgets"
    override_dir.mkdir(parents=True)
    (override_dir / "select.html").write_text("<p>custom {{ widget.name }}</p>")

    class Overriding(ChoiceWidgetsRenderer):
        @cached_property
        def engine(self):
            stock = DjangoTemplates().engine
            return DjangoTemplatesBackend(
                {
                    "APP_DIRS": True,
                    "DIRS": [tmp_path, *stock.engine.dirs],
                    "NAME": "overriding",
                    "OPTIONS": {},
                }
            )

    rendered = forms.Select(choices=FLAT).render("county", "", {}, renderer=Overriding())
    assert rendered == "<p>custom county</p>"


def test_a_context_without_options_is_left_to_the_template():
    class NotAChoiceWidget(forms.TextInput):
        template_name = "django/forms/widgets/select.html"

    stock, fast = both(NotAChoiceWidget(), "county", "x", {})
    assert fast == stock == '<select name="county">\n</select>'
