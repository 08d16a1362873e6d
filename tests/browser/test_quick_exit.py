"""The quick exit: one click or Shift three times replaces the page, and Back cannot return."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NEUTRAL_SITE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXIT_NAME = re.compile(r"^Exit this page quickly")


def exit_control(page: Page):
    """The exit link, once its script listens: a press before that would test nothing."""
    expect(page.locator("[data-quick-exit-ready]")).to_be_attached()
    return page.get_by_role("link", name=EXIT_NAME)


def open_in_fresh_tab(page: Page, live_server, path: str) -> None:
    """Opens a portal page as the first page of a new tab, after nothing but about:blank."""
    assert page.url == "about:blank"
    page.goto(live_server.url + path)


def press_shift(page: Page, times: int) -> None:
    exit_control(page)  # wait until the script listens for the key presses
    for _ in range(times):
        page.keyboard.press("Shift")


def test_exit_control_comes_right_after_the_skip_link_and_is_announced(page: Page):
    page.goto("/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    control = exit_control(page)
    expect(control).to_be_focused()
    # Its accessible name tells screen-reader users what it does and about the shortcut.
    expect(control).to_have_accessible_name(
        "Exit this page quickly: opens a weather site. You can also press Shift three times."
    )
    expect(page.get_by_role("complementary", name="Quick exit")).to_be_visible()
    expect(page.locator("[data-quick-exit-status]")).to_have_attribute("aria-live", "assertive")


def test_click_leaves_and_back_does_not_return_to_the_portal(page: Page, live_server):
    open_in_fresh_tab(page, live_server, "/safety/")

    exit_control(page).click()

    expect(page).to_have_url(NEUTRAL_SITE)
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()
    page.go_back()
    expect(page).to_have_url("about:blank")
    assert live_server.url not in page.url


def test_enter_on_the_focused_control_leaves(page: Page, live_server):
    open_in_fresh_tab(page, live_server, "/")
    exit_control(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")

    page.keyboard.press("Enter")

    expect(page).to_have_url(NEUTRAL_SITE)


def test_shift_three_times_leaves_and_back_does_not_return_to_the_portal(page: Page, live_server):
    open_in_fresh_tab(page, live_server, "/partners/")
    expect(exit_control(page)).to_be_visible()

    press_shift(page, 3)

    expect(page).to_have_url(NEUTRAL_SITE)
    page.go_back()
    expect(page).to_have_url("about:blank")


def test_leaving_replaces_the_page_in_history_so_back_skips_it(page: Page, live_server):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a partner").click()
    expect(page).to_have_url(f"{live_server.url}/partners/")
    length_before = page.evaluate("history.length")

    press_shift(page, 3)

    expect(page).to_have_url(NEUTRAL_SITE)
    assert page.evaluate("history.length") == length_before
    page.go_back()
    # The directory, where the exit happened, is gone from history: Back lands on the page
    # before it.
    expect(page).to_have_url(f"{live_server.url}/")


def test_shift_while_typing_capitals_does_not_leave(page: Page):
    page.goto("/contact/")
    name = page.get_by_label("Name")
    name.click()

    for letter in "ABC":
        page.keyboard.down("Shift")
        page.keyboard.press(letter)
        page.keyboard.up("Shift")

    expect(name).to_have_value("ABC")
    expect(page.locator("body")).not_to_have_class(re.compile("quick-exit--leaving"))
    expect(page).to_have_url(re.compile(r"/contact/$"))


def test_shift_presses_spread_over_more_than_a_second_do_not_leave(page: Page):
    page.clock.install()
    page.goto("/")

    for _ in range(3):
        page.keyboard.press("Shift")
        page.clock.fast_forward(1200)

    expect(page.locator("body")).not_to_have_class(re.compile("quick-exit--leaving"))
    expect(page).to_have_url(re.compile(r"/$"))


def test_exit_control_stays_in_view_on_a_phone_after_scrolling(page: Page):
    page.set_viewport_size({"width": 375, "height": 667})

    for path in ["/", "/about/", "/contact/", "/safety/", "/partners/", "/accounts/login/"]:
        page.goto(path)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        assert page.evaluate("window.scrollY") > 0, f"{path} is long enough to scroll"

        expect(exit_control(page)).to_be_in_viewport()
        expect(page.get_by_role("link", name="How to browse safely")).to_be_in_viewport()


# --- The same in Spanish -----------------------------------------------------------------------

SPANISH_EXIT_NAME = re.compile(r"^Salir de esta página rápidamente")


def test_in_spanish_the_exit_control_is_announced_in_spanish_and_leaves(page: Page, live_server):
    open_in_fresh_tab(page, live_server, "/es/safety/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("[data-quick-exit-ready]")).to_be_attached()
    control = page.get_by_role("link", name=SPANISH_EXIT_NAME)
    expect(control).to_have_accessible_name(
        "Salir de esta página rápidamente: abre un sitio del clima. También puede pulsar la "
        "tecla Mayúsculas (Shift) tres veces."
    )
    expect(page.get_by_role("complementary", name="Salida rápida")).to_be_visible()
    expect(page.locator("[data-quick-exit-status]")).to_have_attribute(
        "data-quick-exit-message", "Saliendo de esta página."
    )

    control.click()

    expect(page).to_have_url(NEUTRAL_SITE)
    page.go_back()
    expect(page).to_have_url("about:blank")


def test_in_spanish_shift_three_times_leaves(page: Page, live_server):
    open_in_fresh_tab(page, live_server, "/es/partners/?q=Rolla")

    press_shift(page, 3)

    expect(page).to_have_url(NEUTRAL_SITE)
    page.go_back()
    expect(page).to_have_url("about:blank")
