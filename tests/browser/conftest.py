"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every browser test is marked ``browser`` and uses a transactional database (the live server
runs in another thread). The rows of the data migrations (areas, taxonomy, timeline), which
each transactional test empties, are loaded again by an autouse fixture in tests/conftest.py.
On failure, the test's pages are saved to pytest-playwright's ``--output`` folder
(``test-results/``; `make test` gives each database's suite its own) as a screenshot and HTML
(tests/conftest.py empties it).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import artifacts_dir

# The live server answers in a thread while Playwright's sync API runs an event loop in this
# one: Django would otherwise refuse ORM calls from the test as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
NEUTRAL_SITE = "https://www.weather.gov/"
NEUTRAL_PAGE = (
    '<!doctype html><html lang="en"><head><title>National Weather Service</title></head>'
    "<body><h1>Weather forecast</h1></body></html>"
)
LOCAL_URL = re.compile(r"^(https?://(localhost|127\.0\.0\.1)(:\d+)?/|about:|data:|blob:)")

_CALL_REPORT = pytest.StashKey()


def pytest_collection_modifyitems(items):
    # Outside CI a machine without Chromium skips the browser tests; in CI they must run.
    if not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true":
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install chromium")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when in ("setup", "call") and report.failed:
        item.stash[_CALL_REPORT] = report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "en-US",
        "viewport": {"width": 1280, "height": 900},
    }


def _keep_off_the_internet(route):
    """No test reaches the network: the quick exit's neutral site is served from here."""
    if route.request.url.startswith(NEUTRAL_SITE):
        route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
    elif LOCAL_URL.match(route.request.url):
        route.continue_()
    else:
        route.abort()


def _prepare(context):
    context.route(re.compile(r"^https?://"), _keep_off_the_internet)
    context.set_default_timeout(10_000)
    return context


def save_failure_artifacts(node, pages: list[Page]) -> None:
    if node.stash.get(_CALL_REPORT, None) is None:
        return
    folder = artifacts_dir(node.config)
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", node.nodeid.removeprefix("tests/browser/"))[:150]
    for index, page in enumerate(pages):
        if page.is_closed():
            continue
        stem = folder / f"browser-{name}-{index}"
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # the test's own failure is the one to report
            Path(f"{stem}.error.txt").write_text(repr(error), encoding="utf-8")


@pytest.fixture
def context(new_context):
    """A browser context with the site's CSP enforced and the internet out of reach."""
    return _prepare(new_context())


@pytest.fixture
def page(context, request):
    page = context.new_page()
    yield page
    save_failure_artifacts(request.node, context.pages)


@pytest.fixture
def axe_page(new_context, request):
    """A page whose context bypasses the CSP, so axe-core can be injected; for axe only."""
    context = _prepare(new_context(bypass_csp=True))
    page = context.new_page()
    yield page
    save_failure_artifacts(request.node, context.pages)
