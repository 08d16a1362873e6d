"""The county picker: its options, written in Python, region by region, with one query."""

import re

import pytest
from django import forms
from django.utils import translation

from cate_portal.models import Area, Region
from cate_portal.widgets import CountyPicker

pytestmark = pytest.mark.django_db


class Form(forms.Form):
    counties = forms.ModelMultipleChoiceField(
        queryset=Area.objects.order_by("name"), widget=CountyPicker
    )


def test_the_picker_renders_with_the_one_query_of_its_choices(django_assert_num_queries):
    boone = Area.objects.get(name="Boone County")
    form = Form(initial={"counties": [boone.pk]})
    with django_assert_num_queries(1):  # the areas; their regions come with them
        html = str(form["counties"])
    assert html.count('type="checkbox" name="counties"') == Area.objects.count()
    assert html.count(" checked>") == 1


def test_each_county_sits_in_its_region_with_the_template_markup():
    boone = Area.objects.get(name="Boone County")
    index = list(Area.objects.order_by("name")).index(boone)
    # In English whatever an earlier test's request left active (the count's wording).
    with translation.override("en"):
        html = str(Form(initial={"counties": [boone.pk]})["counties"])
    option = (
        '\n          <div class="form-check">'
        f'\n            <input class="form-check-input" type="checkbox" name="counties"'
        f' value="{boone.pk}" id="id_counties_{index}" data-label="Boone County" checked>'
        f'\n            <label class="form-check-label" for="id_counties_{index}">Boone County'
        "</label>\n          </div>\n        "
    )
    assert option in html
    region = re.search(
        rf'<details[^>]*data-region="{boone.region}" open>.*?</details>', html, re.S
    ).group(0)
    assert option in region
    assert "(1 chosen of" in region
    codes = re.findall(r'data-region="([^"]+)"', html)
    assert codes == [code for code, _label in Region.choices if code in codes]


def test_plain_choices_are_grouped_with_one_query_for_the_regions(django_assert_num_queries):
    area = Area.objects.get(name="Boone County")
    widget = CountyPicker()
    widget.choices = [(area.pk, 'Boone <"County">')]
    with django_assert_num_queries(1):
        html = widget.render("counties", [str(area.pk)], {"id": "id_counties"})
    assert 'data-label="Boone &lt;&quot;County&quot;&gt;"' in html
    assert f'data-region="{area.region}" open' in html
