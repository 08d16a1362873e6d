"""The Content Security Policy is enforced in the browser and the site works under it."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/about/", "/contact/", "/safety/", "/partners/", "/accounts/login/"]


def test_pages_run_under_the_enforced_csp_without_console_errors(page: Page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 375, "height": 667})

    for path in PAGES:
        page.goto(path)
        # Bootstrap's script ran (a static file allowed by the CSP): the menu toggler works.
        page.get_by_role("button", name="Toggle navigation").click()
        menu = page.get_by_role("navigation", name="Main")
        expect(menu.get_by_role("link", name="About")).to_be_visible()

        assert errors == [], path


def test_csp_blocks_an_injected_inline_script(page: Page):
    page.goto("/")

    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.__injected = true;";
                document.body.appendChild(script);
            }"""
        )

    assert page.evaluate("window.__injected === true") is False
