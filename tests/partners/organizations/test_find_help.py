"""Find help near me (issue 11): search by place, the two groups, the new filters, the
neighbouring counties, the service-delivery default, the footer's numbers, caching."""

import json

import pytest

from cate_portal.geo import ADJACENCY_FILE, neighbours
from partners.models import Language, Sector
from tests.factories import OrganizationFactory, area, service

DIRECTORY = "/partners/"
pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [entry.organization.name for entry in response.context["entries"]]


@pytest.fixture
def rural():
    phelps, crawford = area("Phelps County"), area("Crawford County")
    spanish = Language.objects.get(slug="spanish")
    orgs = {
        "rolla": OrganizationFactory(
            name="Rolla Survivor Services",
            counties=[phelps],
            services=[service("case-management")],
            open_24_7=True,
        ),
        "zeta": OrganizationFactory(
            name="Zeta Statewide Legal",
            statewide=True,
            services=[service("legal-services"), service("case-management")],
            accepts_referrals=True,
        ),
        "alpha": OrganizationFactory(
            name="Alpha Statewide Hotline", statewide=True, services=[service("hotline")]
        ),
        "crawford": OrganizationFactory(
            name="Crawford Shelter Network",
            counties=[crawford],
            services=[service("emergency-shelter")],
        ),
        "funder": OrganizationFactory(
            name="Missouri Giving Fund",
            statewide=True,
            sector=Sector.objects.get(slug="funder"),
        ),
        "business": OrganizationFactory(
            name="Ozark Freight Inc",
            counties=[phelps],
            sector=Sector.objects.get(slug="business"),
        ),
    }
    orgs["rolla"].spoken_languages.set([spanish])
    orgs["zeta"].spoken_languages.set([spanish, Language.objects.get(slug="english")])
    return orgs


@pytest.mark.parametrize("text", ["Rolla", "  rolla ", "65401", "Phelps County", "phelps"])
def test_a_place_finds_local_partners_then_statewide_ones(client, rural, text):
    response = client.get(DIRECTORY, {"q": text})

    assert names(response) == [
        "Rolla Survivor Services",
        "Alpha Statewide Hotline",
        "Zeta Statewide Legal",
    ]
    groups = [entry.organization.names_area for entry in response.context["entries"]]
    assert groups == [True, False, False]
    html = response.content.decode()
    assert "Partners that name Phelps County" in html
    assert "Statewide partners" in html


def test_the_page_says_what_was_understood(client, rural):
    html = client.get(DIRECTORY, {"q": "Rolla"}).content.decode()
    assert "Partners serving Phelps County, for Rolla" in html


def test_an_unknown_place_says_so_and_points_to_the_county_list(client, rural):
    response = client.get(DIRECTORY, {"q": "Atlantis"})
    html = response.content.decode()
    assert response.context["unknown_place"]
    assert "We don't know “Atlantis” as a Missouri town, ZIP code or county" in html
    assert 'href="#id_county"' in html


def test_words_of_a_name_still_search_names(client, rural):
    assert names(client.get(DIRECTORY, {"q": "shelter network"})) == ["Crawford Shelter Network"]


def test_a_language_name_in_the_search_box_finds_partners_listing_it(client, rural):
    assert names(client.get(DIRECTORY, {"q": "spanish"})) == [
        "Rolla Survivor Services",
        "Zeta Statewide Legal",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"language": "spanish"}, ["Rolla Survivor Services", "Zeta Statewide Legal"]),
        ({"language": "english"}, ["Zeta Statewide Legal"]),
        ({"open_24_7": "on"}, ["Rolla Survivor Services"]),
        ({"accepts_referrals": "on"}, ["Zeta Statewide Legal"]),
        ({"sector": "funder"}, ["Missouri Giving Fund"]),
        ({"service": "hotline"}, ["Alpha Statewide Hotline"]),
        (
            {"county": "29161", "service": "case-management"},
            ["Rolla Survivor Services", "Zeta Statewide Legal"],
        ),
    ],
)
def test_every_filter(client, rural, params, expected):
    assert names(client.get(DIRECTORY, params)) == expected


def test_funders_and_businesses_appear_only_when_asked(client, rural):
    plain = names(client.get(DIRECTORY))
    assert "Missouri Giving Fund" not in plain
    assert "Ozark Freight Inc" not in plain
    everyone = names(client.get(DIRECTORY, {"all": "on"}))
    assert {"Missouri Giving Fund", "Ozark Freight Inc"} <= set(everyone)


def test_no_local_partner_offering_it_shows_the_neighbouring_counties(client, rural):
    response = client.get(DIRECTORY, {"q": "Rolla", "service": "emergency-shelter"})

    assert names(response) == []
    assert [e.organization.name for e in response.context["neighbour_entries"]] == [
        "Crawford Shelter Network"
    ]
    assert area("Crawford County") in response.context["neighbour_areas"]
    html = response.content.decode()
    assert "try a neighbouring county" in html
    assert 'href="tel:+18883737888"' in html


def test_neighbours_are_not_suggested_when_the_county_has_a_partner(client, rural):
    response = client.get(DIRECTORY, {"county": "29161"})
    assert response.context["neighbour_entries"] == []


def test_the_adjacency_is_symmetric_and_boone_has_its_seven_neighbours():
    document = json.loads(ADJACENCY_FILE.read_text())
    adjacency = document["neighbours"]
    assert len(adjacency) == 115
    assert "source" in document
    for fips, others in adjacency.items():
        for other in others:
            assert fips in adjacency[other]
    boone = {
        area(name).fips
        for name in (
            "Howard County",
            "Randolph County",
            "Audrain County",
            "Callaway County",
            "Cole County",
            "Moniteau County",
            "Cooper County",
        )
    }
    assert set(neighbours(area("Boone County").fips)) == boone
    # Corners do not count: St. Louis City touches only St. Louis County.
    assert neighbours(area("St. Louis City").fips) == (area("St. Louis County").fips,)


def test_the_footer_numbers_are_tappable(client, db):
    html = client.get("/").content.decode()
    assert 'href="tel:911"' in html
    assert 'href="tel:+18883737888"' in html
    assert 'href="sms:233733"' in html


def test_the_public_directory_may_be_cached(client, rural):
    response = client.get(DIRECTORY, {"q": "Rolla"})
    # Stored by a shared cache, but revalidated before each reuse: never stale.
    assert "public" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "max-age" not in response["Cache-Control"]


def test_a_signed_in_directory_is_not_marked_public(client, rural, other_partner):
    client.force_login(other_partner)
    response = client.get(DIRECTORY)
    assert "public" not in response.get("Cache-Control", "")
