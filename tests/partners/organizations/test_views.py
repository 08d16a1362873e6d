"""The public directory /partners/ and the profile page /partners/<slug>/."""

import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.formats import date_format
from PIL import Image

from partners.models import Organization, OrganizationStatus, Population, Sector, Visibility
from tests.conftest import sign_in_with_second_factor
from tests.factories import MembershipFactory, OrganizationFactory, area, service

DIRECTORY = "/partners/"


def names(response) -> list[str]:
    return [entry.organization.name for entry in response.context["entries"]]


@pytest.fixture
def boone(db):
    return area("Boone County")


@pytest.fixture
def spread(db, boone):
    """A small directory with one distinguishing trait per organization."""
    cole = area("Cole County")
    orgs = {
        "boone": OrganizationFactory(name="Boone Care", counties=[boone]),
        "statewide": OrganizationFactory(name="Missouri Wide", statewide=True, counties=[cole]),
        "cole": OrganizationFactory(
            name="Capitol Legal Aid",
            counties=[cole],
            services=[service("legal-services")],
            description="Immigration and T-visa help.",
            serves_labor_trafficking=True,
            sector=Sector.objects.get(slug="legal-services"),
        ),
        "shelter": OrganizationFactory(
            name="Harbor House",
            counties=[boone],
            services=[service("emergency-shelter")],
            serves_sex_trafficking=True,
        ),
    }
    orgs["shelter"].populations.set([Population.objects.get(slug="minors")])
    return orgs


def test_directory_lists_only_active_partners(client, spread):
    OrganizationFactory(name="Paused Org", status=OrganizationStatus.INACTIVE)
    OrganizationFactory(name="Gone Org", status=OrganizationStatus.WITHDRAWN)

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert names(response) == ["Boone Care", "Capitol Legal Aid", "Harbor House", "Missouri Wide"]
    html = response.content.decode()
    assert "Paused Org" not in html
    assert "Gone Org" not in html
    assert "4 partners found" in html


def test_directory_says_a_listing_is_not_an_endorsement(client, spread):
    assert "not an endorsement" in client.get(DIRECTORY).content.decode()


def test_county_filter_includes_statewide_partners(client, spread, boone):
    response = client.get(DIRECTORY, {"county": boone.fips})
    assert names(response) == ["Boone Care", "Harbor House", "Missouri Wide"]


def test_statewide_partner_with_the_county_also_named_is_listed_once(client, spread, boone):
    spread["statewide"].counties.add(boone)
    response = client.get(DIRECTORY, {"county": boone.fips})
    assert names(response).count("Missouri Wide") == 1
    assert response.context["paginator"].count == 3


def test_service_filter(client, spread):
    response = client.get(DIRECTORY, {"service": "legal-services"})
    assert names(response) == ["Capitol Legal Aid"]


def test_population_filter(client, spread):
    assert names(client.get(DIRECTORY, {"population": "minors"})) == ["Harbor House"]


@pytest.mark.parametrize(
    ("kind", "expected"), [("sex", ["Harbor House"]), ("labor", ["Capitol Legal Aid"])]
)
def test_trafficking_type_filter(client, spread, kind, expected):
    assert names(client.get(DIRECTORY, {"trafficking": kind})) == expected


def test_sector_filter(client, spread):
    assert names(client.get(DIRECTORY, {"sector": "legal-services"})) == ["Capitol Legal Aid"]


@pytest.mark.parametrize("text", ["capitol", "T-VISA", "  legal aid  "])
def test_text_search_over_name_and_description_ignores_case(client, spread, text):
    assert names(client.get(DIRECTORY, {"q": text})) == ["Capitol Legal Aid"]


def test_filters_combine(client, spread, boone):
    response = client.get(
        DIRECTORY, {"county": boone.fips, "service": "emergency-shelter", "trafficking": "sex"}
    )
    assert names(response) == ["Harbor House"]
    response = client.get(DIRECTORY, {"county": boone.fips, "service": "legal-services"})
    assert names(response) == []


def test_empty_state_is_clear(client, spread):
    response = client.get(DIRECTORY, {"q": "no such partner anywhere"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 partners found" in html
    assert "No partner matches these filters" in html
    assert 'href="/partners/"' in html  # a way back to every partner


@pytest.mark.parametrize(
    "params",
    [
        {"county": "99999"},
        {"service": "not-a-service"},
        {"trafficking": "other"},
        {"sector": "<script>"},
    ],
)
def test_unknown_filter_values_show_an_error_not_a_500(client, spread, params):
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    assert names(response) == []
    assert 'aria-invalid="true"' in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main")[1].split("</main>")[0]


def test_filter_form_is_accessible_and_keeps_what_was_chosen(client, spread, boone):
    html = client.get(DIRECTORY, {"county": boone.fips, "q": "care"}).content.decode()
    assert "<fieldset" in html
    for field in ("q", "county", "service", "population", "trafficking", "sector"):
        assert f'for="id_{field}"' in html
    assert 'type="submit"' in html
    assert f'<option value="{boone.fips}" selected>' in html
    assert 'value="care"' in html


def test_pagination_keeps_the_filters(client, db):
    for i in range(25):
        OrganizationFactory(name=f"Legal Partner {i:02}", services=[service("legal-services")])
    OrganizationFactory(name="Unrelated Partner")

    first = client.get(DIRECTORY, {"service": "legal-services", "q": "partner"})
    assert first.context["paginator"].count == 25
    assert len(first.context["entries"]) == 20
    assert first.context["query_string"] == "service=legal-services&q=partner"
    html = first.content.decode()
    assert "?service=legal-services&amp;q=partner&amp;page=2" in html

    next_url = "?service=legal-services&q=partner&page=2"
    second = client.get(DIRECTORY + next_url)
    assert len(second.context["entries"]) == 5
    assert "Unrelated Partner" not in second.content.decode()
    previous = second.context["query_string"]
    assert parse_qs(previous) == {"service": ["legal-services"], "q": ["partner"]}


def test_query_string_drops_empty_filters(client, spread):
    response = client.get(DIRECTORY, {"q": "", "county": "", "service": "legal-services"})
    assert response.context["query_string"] == "service=legal-services"


def test_page_out_of_range_is_a_404(client, spread):
    assert client.get(DIRECTORY, {"page": "99"}).status_code == 404
    assert client.get(DIRECTORY, {"page": "abc"}).status_code == 404


def test_card_shows_sector_counties_or_statewide_and_services(client, spread):
    html = client.get(DIRECTORY).content.decode()
    assert "Statewide" in html
    assert "Boone County" in html
    assert "Legal services" in html
    assert "Nonprofit service provider" in html
    assert 'href="/partners/capitol-legal-aid/"' in html


def test_card_shows_contacts_by_visibility(client, spread, other_partner):
    Organization.objects.filter(pk=spread["boone"].pk).update(
        public_email="hello@boone.example",
        mailing_address="PO Box 77",
        mailing_address_visibility=Visibility.PARTNERS,
    )
    public_html = client.get(DIRECTORY).content.decode()
    assert "hello@boone.example" in public_html
    assert "PO Box 77" not in public_html

    client.force_login(other_partner)
    assert "PO Box 77" in client.get(DIRECTORY).content.decode()


# --- The profile page ---


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "purple").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_profile_shows_everything_the_public_may_see(client, db, boone):
    org = OrganizationFactory(
        name="Full Profile Partner",
        description="We walk with survivors.",
        website="https://full.example.org",
        counties=[boone, area("Cole County")],
        services=[service("case-management"), service("hotline")],
        serves_sex_trafficking=True,
        serves_labor_trafficking=True,
        languages="English, Spanish",
        accepts_referrals=True,
        open_24_7=True,
        hotline_number="+15735550123",
        hotline_hours="Around the clock",
        eligibility_notes="Adults 18 and over.",
        public_email="intake@full.example.org",
        logo=_png(),
    )
    org.populations.set([Population.objects.get(slug="adults")])

    response = client.get(f"/partners/{org.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Full Profile Partner",
        "We walk with survivors.",
        "https://full.example.org",
        "Boone County, Cole County",
        "Case management, Hotline",
        "Adults",
        "Sex trafficking, Labor trafficking",
        "English, Spanish",
        "Accepts referrals",
        "Open 24 hours a day, 7 days a week",
        "(573) 555-0123",
        "Around the clock",
        "Adults 18 and over.",
        "intake@full.example.org",
        f"Profile last confirmed on {date_format(org.profile_confirmed_on)}",
        "not an endorsement",
        'alt="Logo of Full Profile Partner"',
    ):
        assert text in html, text


def test_profile_of_a_statewide_partner_says_statewide(client, spread):
    html = client.get("/partners/missouri-wide/").content.decode()
    assert "Statewide (all of Missouri)" in html
    assert "Cole County" not in html


def test_hotline_hours_follow_the_hotline_visibility(client, db):
    org = OrganizationFactory(
        hotline_number="+15735550123",
        hotline_number_visibility=Visibility.PARTNERS,
        hotline_hours="Weeknights only",
    )
    html = client.get(org.get_absolute_url()).content.decode()
    assert "Weeknights only" not in html
    assert "555-0123" not in html


@pytest.mark.parametrize("status", [OrganizationStatus.INACTIVE, OrganizationStatus.WITHDRAWN])
def test_profile_of_an_organization_not_active_is_a_404(client, director, status):
    org = OrganizationFactory(status=status)
    assert client.get(org.get_absolute_url()).status_code == 404
    sign_in_with_second_factor(client, director)
    assert client.get(org.get_absolute_url()).status_code == 404


def test_profile_of_an_unknown_slug_is_a_404(client, db):
    assert client.get("/partners/no-such-partner/").status_code == 404


def test_unconfirmed_profile_says_so(client, db):
    org = OrganizationFactory(profile_confirmed_on=None)
    assert "not yet been confirmed" in client.get(org.get_absolute_url()).content.decode()


# --- Query budget: the same number of queries with 10 and with 200 organizations ---


def _populate(count: int) -> Organization:
    areas = [area("Boone County"), area("Cole County"), area("Greene County")]
    services = [service("case-management"), service("emergency-shelter"), service("hotline")]
    populations = list(Population.objects.all()[:2])
    existing = Organization.objects.count()
    last = None
    for i in range(existing, count):
        last = OrganizationFactory(
            name=f"Budget Partner {i:03}",
            counties=areas[: 1 + i % 3],
            services=services[: 1 + i % 3],
            public_email=f"p{i}@budget.example",
            mailing_address="PO Box 1",
            mailing_address_visibility=Visibility.PARTNERS,
            statewide=i % 7 == 0,
        )
        last.populations.set(populations)
        MembershipFactory(organization=last)
        MembershipFactory(organization=last)
    return last


def _count_queries(client, url, django_assert_num_queries, expected=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if expected is None:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    return expected


BUDGET_URLS = (
    DIRECTORY,
    DIRECTORY + "?county=29019&service=case-management&population=adults&q=budget",
    "/partners/budget-partner-005/",
)


def test_page_query_counts_do_not_grow_with_organizations(
    client, other_partner, django_assert_num_queries
):
    """Directory (plain and filtered) and profile, for the public and for a partner."""
    partner_client = Client()
    partner_client.force_login(other_partner)
    viewers = {"anonymous": client, "partner": partner_client}

    _populate(10 + 1)  # other_partner's organization is the first
    small = {
        (name, url): _count_queries(viewer, url, django_assert_num_queries)
        for name, viewer in viewers.items()
        for url in BUDGET_URLS
    }
    _populate(200 + 1)
    assert Organization.objects.count() == 201
    for (name, url), expected in small.items():
        _count_queries(viewers[name], url, django_assert_num_queries, expected=expected)
        assert expected <= 20, (name, url, small)


def test_query_string_round_trips_through_urlparse(client, spread, boone):
    response = client.get(DIRECTORY, {"county": boone.fips, "page": "1"})
    assert "page" not in parse_qs(urlparse("?" + response.context["query_string"]).query)
