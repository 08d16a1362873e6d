"""The brand as the browser draws it (issue 16): no Bootstrap blue in any computed colour of the
public pages, at rest or with a form control focused; buttons and links in the brand purple."""

import re

import pytest
from playwright.sync_api import Page

from tests.factories import OrganizationFactory, area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Bootstrap's blue and the focus colours it derives from it, as computed styles spell them.
BLUE = re.compile(r"rgba?\((13, 110, 253|134, 183, 254|10, 88, 202|11, 94, 215)\b")
BRAND_PURPLE = "rgb(91, 42, 134)"

COMPUTED_COLOURS = """() => {
    const found = [];
    for (const element of document.querySelectorAll("body *")) {
        const style = getComputedStyle(element);
        for (const name of ["color", "background-color", "border-top-color", "outline-color",
                            "box-shadow", "text-decoration-color"]) {
            const tag = `${element.tagName.toLowerCase()}.${element.className}`;
            found.push(`${tag}: ${name} ${style[name]}`);
        }
    }
    return found;
}"""


def blue_in(page: Page) -> list[str]:
    return [line for line in page.evaluate(COMPUTED_COLOURS) if BLUE.search(line)]


@pytest.mark.parametrize("path", ["/", "/contact/", "/partners/?q=Columbia", "/apply/"])
def test_no_bootstrap_blue_is_drawn_at_rest_or_on_focus(page: Page, live_server, path):
    for index in range(25):  # two pages of results: the pagination shows
        OrganizationFactory(name=f"Brand Partner {index:02}", counties=[area("Boone County")])
    page.goto(path)

    assert blue_in(page) == []
    for control in page.locator(
        "main input:visible, main select:visible, main textarea:visible"
    ).all()[:6]:
        control.focus()
        assert blue_in(page) == [], control.get_attribute("name")


def test_buttons_and_links_wear_the_brand_purple(page: Page, live_server):
    page.goto("/contact/")

    send = page.get_by_role("button", name="Send message")
    assert send.evaluate("(e) => getComputedStyle(e).backgroundColor") == BRAND_PURPLE
    link = page.locator("main a[href^='mailto:']")
    assert link.evaluate("(e) => getComputedStyle(e).color") == BRAND_PURPLE
    send.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard: :focus-visible applies
    ring = send.evaluate(
        "(e) => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineColor]; }"
    )
    assert ring == ["solid", "rgb(63, 29, 94)"], ring
