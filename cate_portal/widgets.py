"""Form widgets shared by every app's forms."""

from collections import defaultdict

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from cate_portal.models import Area, Region


class CountyPicker(forms.SelectMultiple):
    """Missouri's 115 areas, grouped by the coalition's seven regions (`Region`, loaded with
    the areas), for a `ModelMultipleChoiceField` of `Area`.

    Without JavaScript: one collapsed <details> per region holding its counties' checkboxes
    and an "add all of this region" box (`<name>__region`, expanded to the region's counties
    on submit). static/js/county-picker.js then enhances it into a searchable tom-select box
    (keyboard: type a county or a region), keeping these checkboxes as what is submitted.
    Renders with no query of its own when its choices are the field's `Area` instances (their
    region is read from them), else one for the areas' regions; the options are written in
    Python (`_options_html`), as the site's renderer does for Django's choice widgets.
    """

    template_name = "cate_portal/widgets/county_picker.html"

    class Media:
        css = {"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select/js/tom-select.complete.min.js", "js/county-picker.js"]

    use_fieldset = True
    region_suffix = "__region"

    def __init__(self, attrs=None, statewide_field: str = "statewide"):
        super().__init__(attrs)
        self.statewide_field = statewide_field

    def id_for_label(self, id_, index=None):
        return f"{id_}_0" if id_ else ""

    def value_from_datadict(self, data, files, name):
        values = list(super().value_from_datadict(data, files, name) or [])
        # A form may be bound to a plain dict (tests, imports), as SelectMultiple allows.
        getter = getattr(data, "getlist", data.get)
        chosen = getter(name + self.region_suffix) or []
        if isinstance(chosen, str):
            chosen = [chosen]
        regions = [r for r in chosen if r in Region.values]
        if regions:
            pks = Area.objects.filter(region__in=regions).values_list("pk", flat=True)
            values += [str(pk) for pk in pks if str(pk) not in values]
        return values

    def get_context(self, name, value, attrs):
        # Django's optgroups (a dict per option) are not built: this template does not read
        # them, and writes the options region by region, in Python (_options_html).
        context = forms.Widget.get_context(self, name, value, attrs)
        selected = {str(v) for v in (value or [])}
        region_of = None
        groups = defaultdict(list)
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        for index, (choice_value, label) in enumerate(self.choices):
            pk = str(choice_value)
            if not pk:
                continue
            # A ModelChoiceField's values carry their Area; other choices are looked up once.
            instance = getattr(choice_value, "instance", None)
            if isinstance(instance, Area):
                region = instance.region
            else:
                if region_of is None:
                    region_of = dict(Area.objects.values_list("pk", "region"))
                region = region_of.get(int(pk))
            groups[region].append((pk, label, f"{base_id}_{index}", pk in selected))
        context["widget"]["regions"] = [
            {
                "code": code,
                "label": label,
                "options": groups[code],
                "options_html": _options_html(name, groups[code]),
                "selected_count": sum(1 for option in groups[code] if option[3]),
                "all_label": _("Add all of %(region)s") % {"region": label},
            }
            for code, label in Region.choices
            if groups.get(code)
        ]
        context["widget"]["base_id"] = base_id
        context["widget"]["region_name"] = name + self.region_suffix
        context["widget"]["statewide_id"] = f"id_{self.statewide_field}"
        return context


_OPTION = (
    '\n          <div class="form-check">'
    '\n            <input class="form-check-input" type="checkbox" name="{}" value="{}"'
    ' id="{}" data-label="{}"{}>'
    '\n            <label class="form-check-label" for="{}">{}</label>'
    "\n          </div>\n        "
)


def _options_html(name: str, options: list[tuple[str, str, str, bool]]) -> SafeString:
    """A region's checkboxes, each (value, label, id, checked), escaped, in the markup and the
    indentation that a template loop wrote before (the same bytes): one template render for
    the 115 counties instead of a loop body each."""
    return format_html_join(
        "",
        _OPTION,
        (
            (name, pk, option_id, label, _CHECKED if checked else "", option_id, label)
            for pk, label, option_id, checked in options
        ),
    )


_CHECKED = format_html("{}", " checked")  # nothing to escape in it
