"""The site's form renderer (``FORM_RENDERER``): Django's own, except that the choice widgets'
markup is built in Python instead of through one template include per option.

Django renders a ``<select>`` by including ``select_option.html`` (which includes
``attrs.html``) once per ``<option>``, and radio buttons and checkbox lists by including
``multiple_input.html`` then ``input_option.html``, ``input.html`` and ``attrs.html`` per choice:
a 115-county select costs hundreds of template renders, about half of the directory's render
time (docs/performance.md, "Rendering choice widgets"). ``ChoiceWidgetsRenderer`` writes the
same bytes as those templates, from the same widget context, for:

- ``django/forms/widgets/select.html`` (``Select``, ``SelectMultiple``, ``NullBooleanSelect``,
  and any widget using that template: the admin's, django-filter's, allauth's);
- ``django/forms/widgets/radio.html`` and ``checkbox_select.html`` (``RadioSelect``,
  ``CheckboxSelectMultiple``).

It applies site-wide, since every form without a renderer of its own uses ``FORM_RENDERER``.
Anything else, and these templates too whenever one of them (or an option template) is not
Django's own file (an app overriding ``django/forms/widgets/select.html``, a widget with its own
``option_template_name``), renders through the templates as before. Values and labels are
converted and escaped as the templates do (localized, ``conditional_escape``: a label marked
safe stays unescaped); tests/cate_portal/test_form_renderer.py holds the output byte-equal to
Django's stock renderer.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

_WIDGETS = "django/forms/widgets/"
SELECT = _WIDGETS + "select.html"
SELECT_OPTION = _WIDGETS + "select_option.html"
RADIO = _WIDGETS + "radio.html"
CHECKBOX_SELECT = _WIDGETS + "checkbox_select.html"
RADIO_OPTION = _WIDGETS + "radio_option.html"
CHECKBOX_OPTION = _WIDGETS + "checkbox_option.html"
#: Every template whose output is reproduced here (the ones the widget templates include).
REPRODUCED = (
    SELECT,
    SELECT_OPTION,
    RADIO,
    CHECKBOX_SELECT,
    RADIO_OPTION,
    CHECKBOX_OPTION,
    _WIDGETS + "multiple_input.html",
    _WIDGETS + "input_option.html",
    _WIDGETS + "input.html",
    _WIDGETS + "attrs.html",
)
_DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"


def escaped_text(value) -> str:
    """``{{ value }}`` in a template: localized, then escaped unless marked safe."""
    if type(value) is str:
        return escape(value)
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _string(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s`` formatting, escaped unless marked safe."""
    if type(value) is str:
        return escape(value)
    try:
        formatted = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        return ""
    # stringformat (is_safe=True) keeps a safe string safe; anything else is escaped.
    return formatted if isinstance(value, SafeData) else escape(formatted)


def escaped_attrs(attrs: dict) -> str:
    """``attrs.html``: ` name="value"` per attribute, ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escaped_text(name)}")
        else:
            parts.append(f' {escaped_text(name)}="{_string(value)}"')
    return "".join(parts)


def _select(widget: dict) -> str:
    """``select.html`` with ``select_option.html`` for every option."""
    parts = [f'<select name="{escaped_text(widget["name"])}"{escaped_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escaped_text(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_string(option["value"])}"{escaped_attrs(option["attrs"])}>'
                f"{escaped_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_option(option: dict) -> str:
    """``radio_option.html``/``checkbox_option.html`` (``input_option.html`` around
    ``input.html``), with their trailing newlines."""
    value = option["value"]
    value_attr = "" if value is None else f' value="{_string(value)}"'
    tag = (
        f'<input type="{escaped_text(option["type"])}" name="{escaped_text(option["name"])}"'
        f"{value_attr}{escaped_attrs(option['attrs'])}>\n"
    )
    if not option["wrap_label"]:
        return tag + "\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{escaped_text(option_id)}"' if option_id else ""
    return f"<label{label_for}>{tag} {escaped_text(option['label'])}</label>\n\n"


def _multiple_input(widget: dict) -> str:
    """``multiple_input.html`` (radio buttons, checkbox lists)."""
    widget_id = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{escaped_text(widget_id)}"' if widget_id else "",
        f' class="{escaped_text(css_class)}"' if css_class else "",
        ">",
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{escaped_text(group_name)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_input_option(option)}</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


#: Each reproduced widget template: the option template it expects, and its Python rendering.
_RENDERINGS = {
    SELECT: ({SELECT_OPTION}, _select),
    RADIO: ({RADIO_OPTION, CHECKBOX_OPTION}, _multiple_input),
    CHECKBOX_SELECT: ({RADIO_OPTION, CHECKBOX_OPTION}, _multiple_input),
}


class ChoiceWidgetsRenderer(DjangoTemplates):
    """Django's ``DjangoTemplates`` form renderer, rendering the choice widgets' templates
    (module docstring) in Python with the same output; every other template as Django does."""

    @cached_property
    def reproduces_templates(self) -> bool:
        """True when every reproduced template resolves to Django's own file (no app overrides
        one), so that the Python rendering is what the templates would write."""
        for name in REPRODUCED:
            origin = Path(self.get_template(name).origin.name)
            if origin != _DJANGO_TEMPLATES / name:
                return False
        return True

    def render(self, template_name, context, request=None):
        rendering = _RENDERINGS.get(template_name)
        if rendering is not None and self.reproduces_templates:
            option_templates, render_widget = rendering
            widget = context.get("widget")
            groups = widget.get("optgroups") if isinstance(widget, dict) else None
            # A context these templates were not written for (no optgroups, an option with
            # its own template) is left to the templates.
            if groups is not None and all(
                option.get("template_name") in option_templates
                for _group, options, _index in groups
                for option in options
            ):
                return render_widget(widget)
        return super().render(template_name, context, request=request)
