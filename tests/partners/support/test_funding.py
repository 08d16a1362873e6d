"""Funding: the director's totals in admin, and nothing of it on any page outside the admin
except the names of publicly acknowledged funders."""

import datetime
from collections import deque
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partners.models import Role, Support, SupportStatus
from partners.support.selectors import about_context, acknowledged_funders, funding_summary
from tests.factories import (
    FiscalSponsorshipFactory,
    FunderFactory,
    MembershipFactory,
    OrganizationFactory,
    SupportFactory,
    adopted_version,
)

pytestmark = pytest.mark.django_db

SECRET_FUNDER = "Sentinel Quiet Trust 7f3a"
SENTINELS = (
    SECRET_FUNDER,
    "sentinel-notes-7f3a",
    "sentinel-purpose-7f3a",
    "sentinel-restriction-7f3a",
    "sentinel-contact-7f3a",
    "sentinel-7f3a@funder.example",
    "987,654.32",
    "987654.32",
    "123,456.78",
    "123456.78",
    "sentinel-ack-notes-7f3a",
)
SKIPPED = ("/admin/", "/static/", "/media/")


def test_acknowledged_funders_lists_only_marked_names():
    FunderFactory(name="Zeta Foundation", publicly_acknowledged=True)
    FunderFactory(name="alpha Corporation", publicly_acknowledged=True)
    FunderFactory(name="Hidden Donor", publicly_acknowledged=False)
    assert acknowledged_funders() == ["alpha Corporation", "Zeta Foundation"]


def test_funder_names_are_unique_ignoring_case():
    FunderFactory(name="Gateway Foundation")
    with pytest.raises(IntegrityError), transaction.atomic():
        FunderFactory(name="GATEWAY foundation")


def test_database_refuses_a_negative_amount():
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportFactory(amount="-1.00")


def test_summary_totals_awards_overlapping_the_current_year_and_ending_soon():
    today = datetime.date(2026, 6, 15)
    SupportFactory(
        amount="1000.00", started_on=datetime.date(2025, 7, 1), ended_on=datetime.date(2026, 6, 30)
    )  # overlaps, ends in 15 days
    SupportFactory(
        amount="2000.00", started_on=datetime.date(2026, 1, 1), ended_on=datetime.date(2026, 12, 31)
    )  # overlaps, ends later
    SupportFactory(
        amount="4000.00",
        status=SupportStatus.ENDED,
        started_on=datetime.date(2025, 1, 1),
        ended_on=datetime.date(2026, 2, 1),
    )
    SupportFactory(
        amount="8000.00", started_on=datetime.date(2024, 1, 1), ended_on=datetime.date(2025, 12, 31)
    )  # last year only
    SupportFactory(amount="16000.00", status=SupportStatus.DECLINED)
    SupportFactory(amount="32000.00", status=SupportStatus.APPLIED)
    SupportFactory(amount="64000.00", status=SupportStatus.PROSPECT)
    summary = funding_summary(today)
    assert summary["year"] == 2026
    assert summary["awarded_total"] == Decimal("7000.00")
    assert summary["awarded_count"] == 3
    assert summary["pending_total"] == Decimal("32000.00")
    assert [s.amount for s in summary["ending_soon"]] == [Decimal("1000.00")]


def test_support_changelist_shows_the_summary(director_client):
    today = timezone.localdate()
    SupportFactory(
        amount="4321.00",
        funder=FunderFactory(name="Ending Soon Fund"),
        started_on=datetime.date(today.year, 1, 1),
        ended_on=today + datetime.timedelta(days=30),
    )
    html = director_client.get(reverse("admin:partners_support_changelist")).content.decode()
    assert "Funding at a glance" in html
    assert "$4,321" in html  # amounts written as currency (issue 12)
    assert "Ending Soon Fund" in html


def test_funding_admin_is_for_staff_only(client, primary_contact):
    client.force_login(primary_contact)
    for name in ("admin:partners_support_changelist", "admin:partners_funder_changelist"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert b"Funding at a glance" not in response.content


# --- No funding data outside the admin --------------------------------------------------------


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href)


def crawl(client, starts, limit: int = 250) -> dict[str, str]:
    """Every same-site page reachable from `starts` (GET only), outside the admin."""
    pages: dict[str, str] = {}
    seen, queue = set(starts), deque(starts)
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        parser = LinkParser()
        parser.feed(html)
        for href in parser.links:
            parsed = urlparse(urldefrag(urljoin(url, href))[0])
            if parsed.netloc not in ("", "testserver") or parsed.scheme not in ("", "http"):
                continue
            path = (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")
            if path.startswith(SKIPPED) or "logout" in path or path in seen:
                continue
            seen.add(path)
            queue.append(path)
    return pages


@pytest.fixture
def funding_world(organization, primary_contact, staff_member):
    version = adopted_version()
    FiscalSponsorshipFactory(organization=OrganizationFactory(name="Healing Action"))
    secret = FunderFactory(
        name=SECRET_FUNDER,
        notes="sentinel-notes-7f3a",
        contact_name="sentinel-contact-7f3a",
        contact_email="sentinel-7f3a@funder.example",
        publicly_acknowledged=False,
    )
    SupportFactory(
        funder=secret,
        amount="987654.32",
        purpose="sentinel-purpose-7f3a",
        restrictions="sentinel-restriction-7f3a",
    )
    acknowledged = FunderFactory(
        name="Open Hand Foundation", publicly_acknowledged=True, notes="sentinel-ack-notes-7f3a"
    )
    SupportFactory(funder=acknowledged, amount="123456.78", status=SupportStatus.APPLIED)
    return version


STARTS = [
    "/",
    "/about/",
    "/values/",
    "/partners/",
    "/contact/",
    "/safety/",
    "/portal/",
    "/portal/agreement/",
    "/leadership/",
]


@pytest.mark.parametrize("who", ["anonymous", "primary_contact", "staff_member", "director"])
def test_no_funding_data_on_any_page_outside_admin(client, funding_world, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    pages = crawl(client, STARTS)
    assert "/values/" in pages and "/" in pages  # the crawl did reach the site
    if who != "anonymous":
        assert "/portal/agreement/" in pages
    found = [(url, s) for url, html in pages.items() for s in SENTINELS if s in html]
    assert found == []
    assert Support.objects.count() == 2  # the sentinels were really there


def test_about_section_lists_acknowledged_names_only(funding_world):
    html = render_to_string("values/_about_support.html", about_context())
    assert "Open Hand Foundation" in html
    assert [s for s in SENTINELS if s in html] == []


def test_staff_member_of_a_partner_sees_no_funding_in_the_portal(
    client, funding_world, organization
):
    member = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER).user
    client.force_login(member)
    for url in ("/portal/", "/portal/agreement/", "/values/"):
        html = client.get(url).content.decode()
        assert [s for s in SENTINELS if s in html] == []
