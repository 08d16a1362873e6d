"""The coverage map /coverage/ (issue 11): 115 shapes with titles and links, the gaps, the
table holding exactly the map's figures, the filters, a fixed query count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Language, Organization, Sector
from partners.models.organizations import name_key
from tests.factories import OrganizationFactory, area, service

COVERAGE = "/coverage/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def partners():
    boone, cole = area("Boone County"), area("Cole County")
    spanish = Language.objects.get(slug="spanish")
    a = OrganizationFactory(
        name="Boone Shelter",
        counties=[boone],
        services=[service("emergency-shelter")],
        serves_sex_trafficking=True,
    )
    b = OrganizationFactory(
        name="Mid-Missouri Legal", counties=[boone, cole], services=[service("legal-services")]
    )
    b.spoken_languages.set([spanish])
    OrganizationFactory(name="Statewide Hotline", statewide=True, services=[service("hotline")])
    OrganizationFactory(name="A Funder", counties=[cole], sector=Sector.objects.get(slug="funder"))
    return a, b


def shapes(html: str) -> list[tuple[str, str, str]]:
    """(href, title, path data) of each area of the SVG."""
    svg = html[
        html.index('<svg class="coverage-map"') : html.index(
            "</svg>", html.index('<svg class="coverage-map"')
        )
    ]
    return re.findall(r'<a href="([^"]+)"[^>]*><title>([^<]+)</title><path d="([^"]+)"', svg)


def table_rows(html: str) -> list[tuple[str, str, str, str]]:
    return re.findall(
        r'<tr data-fips="\d+"><th scope="row">([^<]+)</th><td>([^<]+)</td>'
        r"<td>(\d+)</td><td>([^<]*)</td></tr>",
        html,
    )


def test_the_map_has_115_areas_each_with_its_title_and_link(client, partners):
    response = client.get(COVERAGE)

    assert response.status_code == 200
    found = shapes(response.content.decode())
    assert len(found) == 115
    for href, title, path in found:
        assert re.fullmatch(r"/partners/\?county=29\d{3}", href.replace("&amp;", "&"))
        assert re.fullmatch(r".+: \d+ local partners?", title)
        assert path.startswith("M")
    titles = {title.split(":")[0]: title for _href, title, _path in found}
    assert titles["Boone County"] == "Boone County: 2 local partners"
    assert titles["Cole County"] == "Cole County: 1 local partner"  # not the funder
    assert titles["Adair County"] == "Adair County: 0 local partners"


def test_the_table_holds_exactly_the_maps_figures(client, partners):
    html = client.get(COVERAGE).content.decode()
    rows = table_rows(html)
    assert len(rows) == 115
    from_map = {
        title.split(": ")[0]: int(title.split(": ")[1].split()[0]) for _h, title, _p in shapes(html)
    }
    assert {name: int(count) for name, _region, count, _services in rows} == from_map
    boone = next(row for row in rows if row[0] == "Boone County")
    assert boone == ("Boone County", "Central", "2", "Emergency shelter, Legal services")


def test_statewide_partners_are_counted_apart(client, partners):
    response = client.get(COVERAGE)
    assert response.context["coverage"].statewide == 1
    assert response.context["coverage"].covered == 2


@pytest.mark.parametrize(
    ("params", "boone", "cole", "statewide"),
    [
        ({"service": "emergency-shelter"}, 1, 0, 0),
        ({"service": "hotline"}, 0, 0, 1),
        ({"population": "adults"}, 0, 0, 0),
        ({"trafficking": "sex"}, 1, 0, 0),
        ({"language": "spanish"}, 1, 1, 0),
    ],
)
def test_every_filter_of_the_map(client, partners, params, boone, cole, statewide):
    coverage = client.get(COVERAGE, params).context["coverage"]
    counts = {item.area.name: item.partners for item in coverage.areas}
    assert (counts["Boone County"], counts["Cole County"], coverage.statewide) == (
        boone,
        cole,
        statewide,
    )


def test_the_gaps_are_the_areas_without_the_service_grouped_by_region(client, partners):
    response = client.get(COVERAGE, {"service": "legal-services"})
    gaps = dict(response.context["coverage"].gaps_by_region)
    central = [item.area.name for item in gaps["Central"]]
    assert "Boone County" not in central
    assert "Cole County" not in central
    assert "Howard County" in central
    assert sum(len(items) for items in gaps.values()) == 113
    html = response.content.decode()
    assert "Gaps: areas with no local partner offering legal services" in html
    # Links to the directory keep the service asked for.
    assert "/partners/?county=29089&amp;service=legal-services" in html


def test_an_unknown_filter_value_is_an_error_not_a_500(client, partners):
    response = client.get(COVERAGE, {"service": "nope"})
    assert response.status_code == 200
    assert response.context["coverage"].covered == 0


def test_the_home_page_shows_the_statewide_reach(client, partners):
    html = client.get("/").content.decode()
    assert 'href="/coverage/"' in html
    assert "2 of 115" in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add(count: int) -> None:
    """`count` more active organizations, in bulk (2,000 through factories would be slow)."""
    areas = [area("Boone County"), area("Cole County"), area("Phelps County")]
    services = [service("case-management"), service("hotline"), service("emergency-shelter")]
    spanish = Language.objects.get(slug="spanish")
    sector = Sector.objects.get(slug="nonprofit-service-provider")
    start = Organization.objects.count()
    created = Organization.objects.bulk_create(
        Organization(
            name=f"Coverage Budget {i:04}",
            name_key=name_key(f"Coverage Budget {i:04}"),
            slug=f"coverage-budget-{i:04}",
            sector=sector,
            statewide=i % 9 == 0,
            open_24_7=i % 2 == 0,
        )
        for i in range(start, start + count)
    )
    through = Organization
    through.counties.through.objects.bulk_create(
        through.counties.through(organization_id=o.pk, area_id=a.pk)
        for i, o in enumerate(created)
        for a in areas[: 1 + i % 3]
    )
    through.services.through.objects.bulk_create(
        through.services.through(organization_id=o.pk, service_id=s.pk)
        for i, o in enumerate(created)
        for s in services[: 1 + i % 3]
    )
    through.spoken_languages.through.objects.bulk_create(
        through.spoken_languages.through(organization_id=o.pk, language_id=spanish.pk)
        for o in created
    )


@pytest.mark.parametrize(
    "url",
    [
        COVERAGE,
        COVERAGE + "?service=hotline&language=spanish&trafficking=sex&population=adults",
        "/partners/?q=Rolla",
        "/partners/?q=Rolla&service=emergency-shelter&language=spanish&open_24_7=on",
        "/",
    ],
)
def test_query_counts_stay_fixed_from_10_to_2000_organizations(
    client, db, url, django_assert_num_queries
):
    _add(10)
    small = _count(client, url)
    _add(1990)
    assert Organization.objects.count() >= 2000
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
    assert small <= 16, small
