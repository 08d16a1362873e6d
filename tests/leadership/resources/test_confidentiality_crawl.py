"""Sentinel crawl of the resource library: a partners-only or leadership-only resource (its
title, description and file) reaches no page or download of people not entitled to it."""

import pytest

from leadership.models import ResourceStatus, ResourceVisibility
from tests.leadership.factories import ResourceFactory
from tests.partners.test_confidentiality_crawl import leaks, same_site_links
from tests.sample_files import PDF

pytestmark = pytest.mark.django_db

PARTNERS_SENTINEL = "SENTINEL-RESOURCE-PARTNERS-7c41"
LEADERSHIP_SENTINEL = "SENTINEL-RESOURCE-LEADERSHIP-7c41"
PENDING_SENTINEL = "SENTINEL-RESOURCE-PENDING-7c41"


@pytest.fixture
def secret_resources(organization):
    return [
        ResourceFactory(
            title=f"Guide {PARTNERS_SENTINEL}",
            visibility=ResourceVisibility.PARTNERS,
            with_file=True,
        ),
        ResourceFactory(
            title="Budget briefing",
            description=LEADERSHIP_SENTINEL,
            visibility=ResourceVisibility.LEADERSHIP,
            with_file=True,
        ),
        ResourceFactory(
            title=PENDING_SENTINEL,
            visibility=ResourceVisibility.PUBLIC,
            status=ResourceStatus.PENDING,
            organization=organization,
        ),
        ResourceFactory(title="Open guide", visibility=ResourceVisibility.PUBLIC),
    ]


def crawl(client) -> dict[str, str]:
    """The partner crawl (tests/partners/test_confidentiality_crawl.py) kept to the library:
    from the home page's link to /resources/, every page under /resources/ reached by links."""
    home = client.get("/").content.decode()
    queue = [link for link in same_site_links("/", home) if link.startswith("/resources/")]
    seen, pages = set(queue), {}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages[url] = response.content.decode()
        for link in same_site_links(url, pages[url]):
            if link.startswith("/resources/") and link not in seen and len(seen) < 200:
                seen.add(link)
                queue.append(link)
    return pages


def downloads(client, resources) -> int:
    """How many of these resources' files the client was served."""
    served = 0
    for resource in resources:
        if resource.file:
            response = client.get(resource.get_download_url())
            if response.status_code == 200 and b"".join(response.streaming_content) == PDF:
                served += 1
    return served


@pytest.mark.parametrize(
    ("who", "hidden", "files"),
    [
        ("anonymous", (PARTNERS_SENTINEL, LEADERSHIP_SENTINEL, PENDING_SENTINEL), 0),
        ("director_without_2fa", (PARTNERS_SENTINEL, LEADERSHIP_SENTINEL, PENDING_SENTINEL), 0),
        ("other_partner", (LEADERSHIP_SENTINEL, PENDING_SENTINEL), 1),
    ],
)
def test_restricted_resources_are_on_no_page_for_people_not_entitled(
    client_for_viewer, secret_resources, who, hidden, files
):
    client = client_for_viewer(who)

    pages = crawl(client)

    assert "/resources/" in pages  # the crawl reached the library from the home page
    assert any(path.startswith("/resources/?topic=") or path == "/resources/" for path in pages)
    assert leaks(pages, hidden) == []
    assert downloads(client, secret_resources) == files


def test_the_crawl_finds_them_as_the_director_with_a_second_factor(
    client_for_viewer, secret_resources
):
    """Control: the crawl would have noticed a leak."""
    client = client_for_viewer("director")
    pages = crawl(client)
    found = {
        sentinel
        for _url, sentinel in leaks(
            pages, (PARTNERS_SENTINEL, LEADERSHIP_SENTINEL, PENDING_SENTINEL)
        )
    }
    assert found == {PARTNERS_SENTINEL, LEADERSHIP_SENTINEL, PENDING_SENTINEL}
    assert downloads(client, secret_resources) == 2
