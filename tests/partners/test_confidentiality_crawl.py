"""Sentinel crawl: a shelter's confidential details appear on no page served to people not
entitled to them.

A shelter gets unique sentinel values in its confidential fields; then every page reachable
from "/" by following same-site links is fetched (GET only) as an anonymous visitor, as a
person of another organization and as the Coalition Director signed in without a second factor
(issue 10, rule 9: staff-only data needs two-factor sign-in), and the HTML is searched for each
sentinel.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from partners.models import Organization, Visibility
from partners.organizations.filters import DirectoryFilter
from tests.factories import MembershipFactory, OrganizationFactory, area, service

SENTINEL_STREET = "SENTINEL-STREET-5e1d 1200 Hidden Lane"
SENTINEL_EMAIL = "sentinel-5e1d@quiet-haven.example"  # coalition staff only
SENTINEL_MAILING = "SENTINEL-MAIL-5e1d PO Box 4"  # partners only
SENTINEL_HOTLINE = ("555-0987", "+15735550987")  # coalition staff only
CRAWL_LIMIT = 300
# The language switcher changes state (it remembers the choice in a cookie), like signing out:
# a crawl stays in the language it started in, and the Spanish site has a crawl of its own.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/accounts/logout/", "/language/")
SPANISH_PREFIX = "/es/"


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def same_site_links(page_url: str, html: str, *, spanish: bool = False) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    links = []
    for href in parser.links:
        url, _fragment = urldefrag(urljoin(page_url, href))
        parsed = urlparse(url)
        if parsed.scheme not in ("", "http", "https") or parsed.netloc not in ("", "testserver"):
            continue
        path = parsed.path or "/"
        if path.startswith(SKIPPED_PREFIXES) or "logout" in path:
            continue
        if path.startswith(SPANISH_PREFIX) != spanish:
            continue
        links.append(path + (f"?{parsed.query}" if parsed.query else ""))
    return links


def crawl(client, start: str = "/") -> dict[str, str]:
    """Breadth-first over same-site links; returns the HTML of every page answered with 200."""
    pages: dict[str, str] = {}
    spanish = start.startswith(SPANISH_PREFIX)
    seen = {start}
    queue = deque([start])
    while queue and len(seen) <= CRAWL_LIMIT:
        url = queue.popleft()
        response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        for link in same_site_links(url, html, spanish=spanish):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def leaks(pages: dict[str, str], sentinels) -> list[tuple[str, str]]:
    return [(url, s) for url, html in pages.items() for s in sentinels if s in html]


@pytest.fixture
def confidential_shelter(shelter):
    """The shelter with sentinels in every confidential field, and two dozen neighbors so
    the directory has several pages."""
    Organization.objects.filter(pk=shelter.pk).update(
        street_address=SENTINEL_STREET,
        public_email=SENTINEL_EMAIL,
        public_email_visibility=Visibility.STAFF,
        mailing_address=SENTINEL_MAILING,
        mailing_address_visibility=Visibility.PARTNERS,
        hotline_number=SENTINEL_HOTLINE[1],
        hotline_number_visibility=Visibility.STAFF,
    )
    for i in range(24):
        OrganizationFactory(name=f"Neighbor {i:02}", counties=[area("Boone County")])
    shelter.refresh_from_db()
    return shelter


STAFF_ONLY = (SENTINEL_EMAIL, *SENTINEL_HOTLINE)


def store_street_visibility(shelter: Organization, visibility: str) -> None:
    """Stores the visibility as it is, around every rule. "Public" for a protected address is
    refused by the database, so that row also clears the protection, as data written behind
    the portal's back could: the shelter rule (it offers shelter) must still hide it."""
    extra = {"street_address_protected": False} if visibility == Visibility.PUBLIC else {}
    Organization.objects.filter(pk=shelter.pk).update(street_address_visibility=visibility, **extra)


EVERY_SENTINEL = (SENTINEL_STREET, SENTINEL_MAILING, *STAFF_ONLY)


@pytest.mark.parametrize(
    ("who", "street_visibility", "sentinels"),
    [
        # The street address stored as public still never reaches the public (shelter rule).
        ("anonymous", Visibility.PUBLIC, EVERY_SENTINEL),
        ("anonymous", Visibility.PARTNERS, EVERY_SENTINEL),
        ("anonymous", Visibility.STAFF, EVERY_SENTINEL),
        ("other_partner", Visibility.STAFF, (SENTINEL_STREET, *STAFF_ONLY)),
        # Staff without a second factor in the session: the public (the director is no member).
        ("director_without_2fa", Visibility.STAFF, EVERY_SENTINEL),
        ("director_without_2fa", Visibility.PUBLIC, EVERY_SENTINEL),
    ],
)
def test_sentinels_are_on_no_page_reachable_by_people_not_entitled(
    client_for_viewer, confidential_shelter, who, street_visibility, sentinels
):
    store_street_visibility(confidential_shelter, street_visibility)
    client = client_for_viewer(who)

    pages = crawl(client)

    # The crawl really reached the shelter's profile and every page of the directory.
    assert confidential_shelter.get_absolute_url() in pages
    assert "/partners/?page=2" in pages
    assert "/coverage/" in pages
    assert len(pages) >= 30
    assert leaks(pages, sentinels) == []


def test_sentinels_are_on_no_spanish_page_reachable_by_the_public(
    client_for_viewer, confidential_shelter
):
    """The Spanish site (/es/) shows the same records through the same rules: crawled from
    /es/ as an anonymous visitor, with the street address stored as public."""
    store_street_visibility(confidential_shelter, Visibility.PUBLIC)

    pages = crawl(client_for_viewer("anonymous"), start="/es/")

    assert f"/es/partners/{confidential_shelter.slug}/" in pages
    assert "/es/partners/?page=2" in pages
    assert "/es/coverage/" in pages
    assert len(pages) >= 30
    assert leaks(pages, EVERY_SENTINEL) == []


def test_the_crawl_finds_a_sentinel_where_it_is_allowed(client, confidential_shelter):
    """Control: the same crawl, signed in as the shelter's own person, does find them."""
    member = MembershipFactory(organization=confidential_shelter).user
    client.force_login(member)

    pages = crawl(client)

    found = {sentinel for _url, sentinel in leaks(pages, (SENTINEL_STREET, SENTINEL_EMAIL))}
    assert found == {SENTINEL_STREET, SENTINEL_EMAIL}


def test_the_crawl_finds_the_staff_only_sentinels_as_the_director_with_a_second_factor(
    client_for_viewer, confidential_shelter
):
    """Control: the same account as "director_without_2fa", after two-factor sign-in, does see
    them: the crawl above would have noticed a leak."""
    pages = crawl(client_for_viewer("director"))

    found = {sentinel for _url, sentinel in leaks(pages, (SENTINEL_STREET, SENTINEL_EMAIL))}
    assert found == {SENTINEL_STREET, SENTINEL_EMAIL}


@pytest.mark.parametrize("who", ["anonymous", "director_without_2fa"])
def test_a_former_shelters_protected_address_is_on_no_page_for_the_public(
    client_for_viewer, confidential_shelter, who
):
    """Issue 10, rule 10: the shelter stopped offering shelter; its address stays protected."""
    confidential_shelter.services.set([service("case-management")])
    store_street_visibility(confidential_shelter, Visibility.PARTNERS)
    confidential_shelter.refresh_from_db()
    assert confidential_shelter.street_address_protected

    pages = crawl(client_for_viewer(who))

    assert confidential_shelter.get_absolute_url() in pages
    assert leaks(pages, (SENTINEL_STREET,)) == []


def _directory_queries(county_fips: str) -> list[dict]:
    form = DirectoryFilter().form
    queries = [{"county": county_fips}]
    for name in ("service", "population", "trafficking", "sector"):
        for value, _label in form.fields[name].choices:
            if value:
                queries.append({"county": county_fips, name: str(value)})
    for text in ("Quiet Haven", "SENTINEL", "Hidden Lane", "quiet-haven.example", "5e1d"):
        queries.append({"county": county_fips, "q": text})
        queries.append({"q": text})
    return queries


@pytest.mark.parametrize(
    ("who", "street_visibility"),
    [
        ("anonymous", Visibility.PUBLIC),
        ("other_partner", Visibility.STAFF),
        ("director_without_2fa", Visibility.STAFF),
    ],
)
def test_directory_with_every_filter_for_the_shelters_county_shows_no_sentinel(
    client_for_viewer, confidential_shelter, who, street_visibility
):
    store_street_visibility(confidential_shelter, street_visibility)
    client = client_for_viewer(who)
    sentinels = (SENTINEL_STREET, *STAFF_ONLY)
    if who != "other_partner":
        sentinels += (SENTINEL_MAILING,)
    county = area("Boone County").fips
    shelter_listed = 0

    for query in _directory_queries(county):
        response = client.get("/partners/", query)
        assert response.status_code == 200, query
        html = response.content.decode()
        for sentinel in sentinels:
            assert sentinel not in html, (query, sentinel)
        shelter_listed += "Quiet Haven Shelter" in html
        # Searching confidential text finds nothing: search never reads addresses or e-mails.
        if query.get("q") in ("SENTINEL", "Hidden Lane", "quiet-haven.example", "5e1d"):
            assert response.context["paginator"].count == 0, query

    assert shelter_listed >= 3  # the shelter was really among the results
