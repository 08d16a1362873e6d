"""The public site pages: what each says, the history timeline, the error pages."""

import re

import pytest
from django.test import RequestFactory
from django.views import defaults

from cate_portal.models import TimelineEntry
from partners.models import Visibility
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/about/",
    "/contact/",
    "/safety/",
    "/partners/",
    "/accounts/login/",
    "/accounts/password/reset/",
]

# A street address as people write them: a number, one or more words, a street type.
STREET_ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'-]*\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Place|Pl|Court|Ct|"
    r"Parkway|Pkwy|Highway|Hwy|Suite)\b\.?"
)


def visible_text(response) -> str:
    """The page's text without tags, with whitespace collapsed, for phrase assertions."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def main_text(response) -> str:
    html = response.content.decode()
    main = re.search(r"<main\b.*?</main>", html, flags=re.S)
    assert main, "every page has a <main> landmark"
    return " ".join(re.sub(r"<[^>]+>", " ", main.group(0)).split())


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_answers_200_to_an_anonymous_visitor_in_the_site_layout(client, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'href="#main"' in html, "skip link"
    assert "data-quick-exit" in html, "quick exit on every public page"
    assert html.count("<h1") == 1


def test_home_says_what_cate_does_and_shows_vision_mission_values(client):
    text = visible_text(client.get("/"))

    assert "prevent and respond to all forms of human trafficking and exploitation" in text
    assert "Missouri" in text
    assert "statewide" in text
    for heading in ("Our vision", "Our mission", "Our values"):
        assert heading in text


def test_home_offers_the_three_ways_in(client):
    html = client.get("/").content.decode()

    assert 'href="/partners/"' in html
    assert "Find a partner" in html
    assert "Apply to join" in html
    assert 'href="/apply/"' in html
    assert 'href="/accounts/login/"' in html
    assert "Partner sign-in" in html


def test_about_shows_the_history_timeline_in_order(client):
    html = client.get("/about/").content.decode()

    dates = re.findall(r'<p class="timeline-date[^"]*">\s*([^<]+?)\s*</p>', html)
    assert dates == ["2005", "2014", "2018", "March 2018", "2019"]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "St. Louis Rescue and Restore Coalition" in text
    assert "Healing Action steps in" in text


def test_about_explains_leadership_home_and_support(client):
    from leadership.models import SeatKind
    from tests.leadership.factories import TermFactory

    TermFactory(seat__kind=SeatKind.DIRECTOR, name="Jordan Hawkins")
    text = visible_text(client.get("/about/"))

    assert "equal partners" in text
    assert "Coalition Director, Jordan Hawkins" in text
    assert "Healing Action" in text
    assert "home and fiscal sponsor" in text
    assert "local foundations and corporations" in text


def test_timeline_entries_edited_in_the_database_show_on_about(client):
    entry = TimelineEntry.objects.get(year=2019)
    entry.title = "Across the whole state"
    entry.save(update_fields=["title"])
    TimelineEntry.objects.create(year=2024, title="A new chapter", body="Fifty partners.")
    TimelineEntry.objects.filter(year=2005).delete()

    text = visible_text(client.get("/about/"))

    assert "Across the whole state" in text
    assert "A new chapter" in text
    assert "Fifty partners." in text
    assert "St. Louis Rescue and Restore Coalition" not in text
    assert text.index("Across the whole state") < text.index("A new chapter")


def test_safety_page_explains_private_windows_and_clearing_history(client):
    text = visible_text(client.get("/safety/"))

    assert "private window" in text
    assert "Clear your browsing history" in text
    assert "Shift key three times" in text


@pytest.mark.parametrize("url", ["/", "/about/", "/contact/", "/partners/"])
def test_every_public_page_links_to_the_safety_note(client, url):
    assert 'href="/safety/"' in client.get(url).content.decode()


def test_missing_page_answers_404_in_the_site_style(client):
    response = client.get("/this-page-does-not-exist/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "css/site.css" in html
    assert "data-quick-exit" in html


def test_server_error_page_renders_in_the_site_style():
    request = RequestFactory().get("/")

    response = defaults.server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "css/site.css" in html
    assert "data-quick-exit" in html


def test_permission_denied_page_renders_in_the_site_style(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    request = rf.get("/portal/")
    request.user = AnonymousUser()

    response = defaults.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    html = response.content.decode()
    assert "You are not allowed to see this page" in html
    assert "css/site.css" in html
    assert "data-quick-exit" in html


def test_street_address_pattern_recognises_addresses():
    # The pattern the next test relies on: it must catch what it claims to catch.
    assert STREET_ADDRESS.search("Visit us at 4200 Example Office Road, St. Louis")
    assert STREET_ADDRESS.search("1 N. Main Street")
    assert not STREET_ADDRESS.search("Based in St. Louis, serving organizations statewide.")
    assert not STREET_ADDRESS.search("2005 St. Louis Rescue and Restore Coalition")


def test_no_public_page_shows_a_street_address(client):
    # Healing Action hosts the coalition's office; its street address is for staff only.
    office = OrganizationFactory(
        name="Healing Action",
        street_address="4200 Example Office Road, St. Louis, MO 63101",
        street_address_visibility=Visibility.STAFF,
        mailing_address="PO Box 98765, St. Louis, MO 63101",
        mailing_address_visibility=Visibility.PARTNERS,
    )
    urls = [*PUBLIC_URLS, office.get_absolute_url(), "/no-such-page/"]

    for url in urls:
        response = client.get(url)
        assert response.status_code == (404 if url == "/no-such-page/" else 200), url
        html = response.content.decode()
        assert "4200 Example Office Road" not in html, url
        assert "PO Box 98765" not in html, url
        text = visible_text(response)
        assert not STREET_ADDRESS.search(text), (url, STREET_ADDRESS.search(text))
