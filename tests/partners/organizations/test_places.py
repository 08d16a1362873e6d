"""Place resolution for the directory's search box (issue 11), table-tested."""

import pytest

from partners.organizations.places import resolve_place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "kind", "counties", "description"),
    [
        ("Rolla", "city", ["Phelps County"], "Phelps County, for Rolla"),
        ("  rOLLa  ", "city", ["Phelps County"], "Phelps County, for rOLLa"),
        (
            "Kansas City",
            "city",
            ["Clay County", "Jackson County", "Platte County"],
            "Clay County, Jackson County or Platte County, for Kansas City",
        ),
        ("63401", "zip", ["Marion County"], "Marion County, for 63401"),
        ("65401-1234", "zip", ["Phelps County"], "Phelps County, for 65401-1234"),
        ("Boone County", "county", ["Boone County"], "Boone County"),
        ("boone", "county", ["Boone County"], "Boone County"),
        ("  PHELPS   county ", "county", ["Phelps County"], "Phelps County"),
        ("St Louis County", "county", ["St. Louis County"], "St. Louis County"),
        ("saint louis county", "county", ["St. Louis County"], "St. Louis County"),
        ("St. Louis city", "county", ["St. Louis City"], "St. Louis City"),
        ("city of St. Louis", "county", ["St. Louis City"], "St. Louis City"),
        ("Ste. Genevieve County", "county", ["Ste. Genevieve County"], "Ste. Genevieve County"),
        ("Jefferson City", "city", ["Cole County"], "Cole County, for Jefferson City"),
        # Both a town (in Cape Girardeau County) and a county: the town, unless "County" is said.
        ("Jackson", "city", ["Cape Girardeau County"], "Cape Girardeau County, for Jackson"),
        ("jackson county", "county", ["Jackson County"], "Jackson County"),
    ],
)
def test_a_place_resolves_to_its_counties(text, kind, counties, description):
    place = resolve_place(text)

    assert place is not None
    assert place.kind == kind
    assert [area.name for area in place.areas] == counties
    assert place.description == description


@pytest.mark.parametrize("text", ["Nowhere", "90210", "12345", "", "   ", "Topeka", "shelter"])
def test_an_unknown_place_is_none(text):
    assert resolve_place(text) is None


def test_st_louis_spans_the_city_and_the_county():
    place = resolve_place("St. Louis")

    assert place is not None
    assert {area.name for area in place.areas} >= {"St. Louis City"}
