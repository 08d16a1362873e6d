"""``{% crispy_choice_options %}``: the options of a radio or checkbox list rendered by
crispy-bootstrap5 (templates/bootstrap5/layout/radio_checkbox_select.html), written in Python.

crispy-bootstrap5's template renders each option through a loop body and an include of its
``attrs.html``; this tag writes the same bytes (whitespace included) from the same
``field|optgroups``, so a form's 30 checkboxes cost one tag instead of 60 template renders
(docs/performance.md, "Rendering choice widgets"). The field's error block after the last
option is still rendered by crispy's own template. tests/cate_portal/test_choice_options.py
holds the output equal to crispy-bootstrap5's template.
"""

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from cate_portal.form_renderer import escaped_attrs, escaped_text

register = template.Library()

ERRORS_BLOCK = "bootstrap5/layout/field_errors_block.html"


def _unlocalized(value) -> str:
    """``{{ value|unlocalize }}``: not localized, escaped unless marked safe."""
    return conditional_escape(str(localize(value, use_l10n=False)))


@register.simple_tag(takes_context=True)
def crispy_choice_options(context, field) -> SafeString:
    """The two ``{% for %}`` loops (groups, then options) of crispy-bootstrap5's
    ``radio_checkbox_select.html`` for BoundField `field`, byte for byte."""
    inline = " form-check-inline" if context.get("inline_class") else ""
    invalid = " is-invalid" if field.errors else ""
    name = escaped_text(field.html_name)
    groups = optgroups(field)
    parts = []
    for group_number, (group, options, _index) in enumerate(groups, start=1):
        parts.append("\n    ")
        if group:
            parts.append(f"<strong>{escaped_text(group)}</strong>")
        parts.append("\n    ")
        for option_number, option in enumerate(options, start=1):
            parts.append(
                f'\n      <div class="form-check{inline}">'
                f'\n        <input type="{escaped_text(option["type"])}"'
                f' class="form-check-input{invalid}"  name="{name}"'
                f' value="{_unlocalized(option["value"])}" {escaped_attrs(option["attrs"])}>'
                f'\n        <label for="{escaped_text(option["attrs"].get("id", ""))}"'
                ' class="form-check-label">'
                f"\n            {_unlocalized(option['label'])}"
                "\n        </label>\n        "
            )
            last = option_number == len(options) and group_number == len(groups)
            if field.errors and last and not inline:
                errors = context.template.engine.get_template(ERRORS_BLOCK)
                parts.append(f"\n            {errors.render(context)}\n        ")
            parts.append("\n     </div>\n    ")
        parts.append("\n    ")
    # Every piece above is escaped (escaped_text, _unlocalized, escaped_attrs), or is the
    # errors template's output.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
