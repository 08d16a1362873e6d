"""Find help on a phone (issue 11): the results come before the filters, within the first
screen at 390 pixels wide; the filters fold into a disclosure; the emergency numbers are links.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import OrganizationFactory, area, service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def partners():
    OrganizationFactory(
        name="Rolla Survivor Services",
        counties=[area("Phelps County")],
        services=[service("case-management")],
    )
    OrganizationFactory(name="Statewide Legal Help", statewide=True)


def test_on_a_phone_the_results_are_above_the_fold_and_the_filters_fold(page: Page, partners):
    page.set_viewport_size(PHONE)
    page.goto("/partners/?q=Rolla")

    heading = page.get_by_role("heading", name="Partners serving Phelps County, for Rolla")
    expect(heading).to_be_visible()
    first = page.get_by_role("link", name="Rolla Survivor Services")
    box = first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], box
    # The filters come after the results and start folded.
    county = page.get_by_label("County", exact=True)
    expect(county).to_be_hidden()
    page.get_by_text("Filters: county, service").click()
    expect(county).to_be_visible()
    # Measured in the same scroll position (opening the filters may scroll them into view).
    assert county.bounding_box()["y"] > first.bounding_box()["y"]


def test_on_a_wide_screen_the_filters_stay_open_beside_the_results(page: Page, partners):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/partners/?q=Rolla")
    expect(page.get_by_label("County", exact=True)).to_be_visible()


def test_the_emergency_numbers_are_links_on_every_page(page: Page, partners):
    page.set_viewport_size(PHONE)
    page.goto("/coverage/")
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    expect(footer.get_by_role("link", name="1-888-373-7888")).to_have_attribute(
        "href", "tel:+18883737888"
    )
    expect(footer.get_by_role("link", name="233733")).to_have_attribute("href", "sms:233733")
