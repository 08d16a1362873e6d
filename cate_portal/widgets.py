"""Form widgets shared by every app's forms."""

from collections import defaultdict

from django import forms
from django.utils.translation import gettext_lazy as _

from cate_portal.models import Area, Region


class CountyPicker(forms.SelectMultiple):
    """Missouri's 115 areas, grouped by the coalition's seven regions (`Region`, loaded with
    the areas), for a `ModelMultipleChoiceField` of `Area`.

    Without JavaScript: one collapsed <details> per region holding its counties' checkboxes
    and an "add all of this region" box (`<name>__region`, expanded to the region's counties
    on submit). static/js/county-picker.js then enhances it into a searchable tom-select box
    (keyboard: type a county or a region), keeping these checkboxes as what is submitted.
    Renders with one query for the areas' regions.
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
        context = super().get_context(name, value, attrs)
        selected = {str(v) for v in (value or [])}
        region_of = dict(Area.objects.values_list("pk", "region"))
        groups = defaultdict(list)
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        for index, (pk, label) in enumerate(
            (str(choice_value), choice_label) for choice_value, choice_label in self.choices
        ):
            if not pk:
                continue
            groups[region_of.get(int(pk))].append(
                {
                    "value": pk,
                    "label": label,
                    "id": f"{base_id}_{index}",
                    "checked": pk in selected,
                }
            )
        context["widget"]["regions"] = [
            {
                "code": code,
                "label": label,
                "options": groups[code],
                "selected_count": sum(1 for o in groups[code] if o["checked"]),
                "all_label": _("Add all of %(region)s") % {"region": label},
            }
            for code, label in Region.choices
            if groups.get(code)
        ]
        context["widget"]["base_id"] = base_id
        context["widget"]["region_name"] = name + self.region_suffix
        context["widget"]["statewide_id"] = f"id_{self.statewide_field}"
        return context
