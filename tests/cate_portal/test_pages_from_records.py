"""The home, About and contact pages draw on the records the director keeps: values, sponsor,
funders, the Coalition Director's seat, and the partners' records for the home's figures."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.models import Term
from partners.models import Organization, OrganizationStatus, Visibility
from tests.cate_portal.test_pages import STREET_ADDRESS, visible_text
from tests.factories import (
    FiscalSponsorshipFactory,
    FunderFactory,
    OrganizationFactory,
    adopted_version,
    area,
)

pytestmark = pytest.mark.django_db


def test_home_shows_the_current_values_version(client):
    adopted_version(
        vision="Every Missourian free from exploitation.",
        mission="Partners acting together, statewide.",
        values=[("Dignity", "Every person is treated with respect.")],
    )
    text = client.get(reverse("home")).content.decode()
    assert "Every Missourian free from exploitation." in text
    assert "Partners acting together, statewide." in text
    assert "Dignity" in text and "Every person is treated with respect." in text


def test_home_shows_the_newest_adopted_version_not_the_retired_one(client):
    adopted_version(vision="The old vision.")
    adopted_version(vision="The new vision.")
    text = client.get(reverse("home")).content.decode()
    assert "The new vision." in text
    assert "The old vision." not in text


def test_about_names_the_current_sponsor_but_never_its_address(client):
    sponsor = OrganizationFactory(
        name="Healing Action",
        street_address="742 Sponsor Office Row",
        street_address_visibility=Visibility.PUBLIC,
        mailing_address="PO Box 9000",
    )
    FiscalSponsorshipFactory(organization=sponsor)
    text = client.get(reverse("about")).content.decode()
    assert "Healing Action" in text
    assert "home and fiscal sponsor, since 2018" in text
    assert "742 Sponsor Office Row" not in text
    assert "PO Box 9000" not in text


def test_about_lists_only_the_funders_acknowledged_publicly(client):
    FunderFactory(name="Gateway Community Foundation", publicly_acknowledged=True)
    FunderFactory(name="Quiet Donor Trust", publicly_acknowledged=False)
    text = client.get(reverse("about")).content.decode()
    assert "Gateway Community Foundation" in text
    assert "Quiet Donor Trust" not in text
    assert "local foundations and corporations" in text


# --- Issue 16: the home's figures, home and director; the contact page ---------------------------


def director_term(name: str = "Jordan Hawkins", **kwargs):
    from leadership.models import SeatKind
    from tests.leadership.factories import TermFactory

    return TermFactory(
        seat__kind=SeatKind.DIRECTOR, seat__title="Coalition Director", name=name, **kwargs
    )


def figure_values(html: str) -> dict[str, int]:
    return {
        key: int(value)
        for key, value in re.findall(
            r'data-figure="([\w-]+)">\s*<div class="figure-card">\s*'
            r'<span class="figure-card__value">(\d+)</span>',
            html,
        )
    }


def test_home_figures_equal_the_records(client):
    OrganizationFactory(counties=[area("Boone County"), area("Cole County")])
    OrganizationFactory(counties=[area("Boone County")])
    OrganizationFactory(statewide=True)
    OrganizationFactory(counties=[area("Greene County")], status=OrganizationStatus.INACTIVE)

    html = client.get(reverse("home")).content.decode()

    assert figure_values(html) == {"partners": 3, "areas": 2, "trainings": 0}
    assert Organization.objects.active().count() == 3
    assert "of Missouri&#x27;s 115 areas have a local partner" in html
    assert "1 statewide partner serves every area." in html


def test_home_names_the_fiscal_sponsor_and_the_coalition_director_from_the_records(client):
    sponsor = OrganizationFactory(name="Healing Action")
    FiscalSponsorshipFactory(organization=sponsor)
    director_term("Morgan Ellis")

    text = visible_text(client.get(reverse("home")))

    assert "Healing Action , itself a Collaborative Partner, is the coalition's home" in text
    assert "Morgan Ellis leads the coalition" in text


def test_home_follows_a_new_director_and_says_nothing_false_when_the_seat_is_vacant(client):
    term = director_term("Morgan Ellis", ended_on=timezone.localdate())
    director_term("Sam Okoye", seat=term.seat, started_on=timezone.localdate())

    text = visible_text(client.get(reverse("home")))
    assert "Sam Okoye leads the coalition" in text
    assert "Morgan Ellis" not in text

    Term.objects.update(ended_on=timezone.localdate())
    text = visible_text(client.get(reverse("home")))
    assert "Sam Okoye" not in text
    assert "led by the Coalition Director with the executive leaders" in text


def test_home_shows_the_statewide_reach_map(client):
    OrganizationFactory(counties=[area("Boone County")])

    html = client.get(reverse("home")).content.decode()

    map_svg = re.search(r'<svg class="coverage-map".*?</svg>', html, flags=re.S).group(0)
    assert map_svg.count("<path") == 115
    assert 'role="img"' in map_svg and 'aria-labelledby="reach-heading"' in map_svg
    assert 'href="/coverage/"' in html


def test_home_keeps_its_query_count_at_two_sizes(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FiscalSponsorshipFactory(organization=OrganizationFactory(name="Healing Action"))
    director_term()
    for index in range(3):
        OrganizationFactory(counties=[area("Boone County")], name=f"Small {index}")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for index in range(40):
        OrganizationFactory(
            counties=[area("Cole County"), area("Jasper County")],
            statewide=index % 9 == 0,
            name=f"Large {index}",
        )

    with django_assert_num_queries(len(small)):
        html = client.get(reverse("home")).content.decode()
    assert figure_values(html)["partners"] == 44


def test_about_names_the_director_from_the_records(client):
    director_term("Morgan Ellis")

    text = visible_text(client.get(reverse("about")))

    assert "together with the Coalition Director, Morgan Ellis." in text
    assert "Jordan Hawkins" not in text


def test_contact_gives_the_coalition_email_a_named_contact_and_the_answer_time(client, settings):
    settings.COALITION_EMAIL = "hello@coalition.example.org"
    settings.CONTACT_RESPONSE_WORKING_DAYS = 3
    director_term("Morgan Ellis")

    response = client.get(reverse("contact"))

    html = response.content.decode()
    text = visible_text(response)
    assert 'href="mailto:hello@coalition.example.org"' in html
    assert "Morgan Ellis, Coalition Director" in text
    assert "Within 3 working days" in text
    assert 'id="id_message"' in html, "the form is still there"


def test_contact_without_a_director_still_names_the_role(client):
    text = visible_text(client.get(reverse("contact")))

    assert "The Coalition Director" in text


@pytest.mark.parametrize("url", ["/contact/", "/", "/about/"])
def test_no_address_of_healing_action_appears_even_when_its_profile_publishes_one(client, url):
    sponsor = OrganizationFactory(
        name="Healing Action",
        street_address="4200 Example Office Road, St. Louis, MO 63101",
        street_address_visibility=Visibility.PUBLIC,
        mailing_address="PO Box 98765, St. Louis, MO 63101",
        mailing_address_visibility=Visibility.PUBLIC,
    )
    FiscalSponsorshipFactory(organization=sponsor)
    director_term()

    response = client.get(url)

    html = response.content.decode()
    assert "Healing Action" in html or url == "/contact/"
    assert "Example Office Road" not in html
    assert "PO Box 98765" not in html
    assert "63101" not in html
    assert not STREET_ADDRESS.search(visible_text(response))
