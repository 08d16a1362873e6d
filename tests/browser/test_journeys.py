"""End-to-end journeys of issue 7, each added as its feature lands."""

import re

import pytest
from playwright.sync_api import Page, expect

from partners.models import OrganizationStatus, Visibility
from tests.factories import OrganizationFactory, area, service

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def directory(db):
    boone, jackson = area("Boone County"), area("Jackson County")
    case_management, hotline = service("case-management"), service("hotline")
    return {
        "match": OrganizationFactory(
            name="Columbia Survivor Advocates",
            description="Case management for survivors in mid-Missouri.",
            counties=[boone],
            services=[case_management],
            street_address="1200 Hidden Shelter Lane, Columbia, MO 65201",
            street_address_visibility=Visibility.STAFF,
        ),
        "other_service": OrganizationFactory(
            name="Boone Crisis Line", counties=[boone], services=[hotline]
        ),
        "other_county": OrganizationFactory(
            name="Kansas City Case Workers", counties=[jackson], services=[case_management]
        ),
        "inactive": OrganizationFactory(
            name="Former Boone Partner",
            counties=[boone],
            services=[case_management],
            status=OrganizationStatus.INACTIVE,
        ),
    }


def test_visitor_finds_a_partner_by_county_and_service_and_opens_its_profile(
    page: Page, directory, live_server
):
    page.goto("/")
    page.get_by_role("link", name=re.compile(r"^Find help near you")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner directory")

    page.get_by_label("County").select_option(label="Boone County")
    page.get_by_label("Service").select_option(label="Case management")
    page.get_by_role("button", name="Show partners").click()

    # The search lives in the address, so it can be shared.
    expect(page).to_have_url(re.compile(r"county=29019"))
    expect(page).to_have_url(re.compile(r"service=case-management"))
    expect(page.get_by_role("status")).to_have_text("1 partner found.")
    results = page.get_by_role("list").filter(has=page.get_by_role("article"))
    expect(results.get_by_role("heading", level=3)).to_have_text(["Columbia Survivor Advocates"])
    expect(page.get_by_label("County")).to_have_value("29019")

    results.get_by_role("link", name="Columbia Survivor Advocates").click()

    expect(page).to_have_url(f"{live_server.url}{directory['match'].get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Columbia Survivor Advocates")
    expect(page.get_by_text("Case management for survivors in mid-Missouri.")).to_be_visible()
    # The street address is for the organization's staff only.
    expect(page.locator("body")).not_to_contain_text("Hidden Shelter Lane")
