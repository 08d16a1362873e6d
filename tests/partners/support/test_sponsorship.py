"""The fiscal sponsor: one current sponsorship held by the database, history kept, and what the
About page may show (never the sponsor's address)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from partners.models import FiscalSponsorship, OrganizationStatus, Visibility
from partners.support.selectors import about_context, current_fiscal_sponsor
from tests.factories import FiscalSponsorshipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

SPONSOR_ADDRESS = "4100 Sponsor Sentinel Avenue, St. Louis, MO 63110"


@pytest.fixture
def healing_action():
    return OrganizationFactory(
        name="Healing Action",
        slug="healing-action",
        street_address=SPONSOR_ADDRESS,
        street_address_visibility=Visibility.STAFF,
        mailing_address="PO Box 99 Sentinel Mail",
    )


def test_database_refuses_a_second_current_sponsorship(healing_action):
    FiscalSponsorshipFactory(organization=healing_action)
    with pytest.raises(IntegrityError), transaction.atomic():
        FiscalSponsorship.objects.create(
            organization=OrganizationFactory(), started_on=datetime.date(2025, 1, 1)
        )
    assert FiscalSponsorship.objects.current().count() == 1


def test_ended_sponsorships_are_kept_alongside_the_current_one(healing_action):
    earlier = OrganizationFactory(name="Earlier Sponsor")
    FiscalSponsorshipFactory(
        organization=earlier,
        started_on=datetime.date(2015, 1, 1),
        ended_on=datetime.date(2016, 1, 1),
    )
    FiscalSponsorshipFactory(
        organization=earlier,
        started_on=datetime.date(2016, 2, 1),
        ended_on=datetime.date(2017, 12, 31),
    )
    current = FiscalSponsorshipFactory(organization=healing_action)
    assert FiscalSponsorship.objects.count() == 3
    assert current_fiscal_sponsor() == current


def test_full_clean_explains_the_one_current_rule(healing_action):
    FiscalSponsorshipFactory(organization=healing_action)
    second = FiscalSponsorship(
        organization=OrganizationFactory(), started_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError, match="already a current fiscal sponsorship"):
        second.full_clean()
    second.ended_on = datetime.date(2025, 6, 1)
    second.full_clean()  # an ended one is fine


def test_database_refuses_a_sponsorship_ending_before_it_starts(healing_action):
    with pytest.raises(IntegrityError), transaction.atomic():
        FiscalSponsorshipFactory(
            organization=healing_action,
            started_on=datetime.date(2020, 1, 1),
            ended_on=datetime.date(2019, 1, 1),
        )


def test_no_current_sponsor_when_all_have_ended(healing_action):
    FiscalSponsorshipFactory(organization=healing_action, ended_on=datetime.date(2024, 1, 1))
    assert current_fiscal_sponsor() is None


def test_about_section_names_the_sponsor_and_what_it_provides_but_not_its_address(
    healing_action,
):
    FiscalSponsorshipFactory(organization=healing_action, started_on=datetime.date(2018, 1, 1))
    html = render_to_string("values/_about_support.html", about_context())
    assert "Healing Action" in html
    assert "since 2018" in html
    assert "home office" in html and "fiscal agent" in html and "staff" in html
    assert healing_action.get_absolute_url() in html
    assert "Sponsor Sentinel" not in html
    assert "Sentinel Mail" not in html


def test_about_section_does_not_link_an_inactive_sponsor(healing_action):
    healing_action.status = OrganizationStatus.INACTIVE
    healing_action.save()
    FiscalSponsorshipFactory(organization=healing_action)
    html = render_to_string("values/_about_support.html", about_context())
    assert "Healing Action" in html
    assert healing_action.get_absolute_url() not in html


def test_sponsorship_notes_stay_in_admin(client, healing_action):
    FiscalSponsorshipFactory(organization=healing_action, notes="Fee sentinel 8 percent")
    html = render_to_string("values/_about_support.html", about_context())
    assert "Fee sentinel" not in html
    assert b"Fee sentinel" not in client.get(reverse("about")).content


def test_sponsorships_cannot_be_deleted_in_admin(director_client, healing_action):
    sponsorship = FiscalSponsorshipFactory(organization=healing_action)
    url = reverse("admin:partners_fiscalsponsorship_delete", args=[sponsorship.pk])
    assert director_client.post(url, {"post": "yes"}).status_code == 403


def test_admin_form_explains_a_second_current_sponsorship(director_client, healing_action):
    FiscalSponsorshipFactory(organization=healing_action)
    other = OrganizationFactory()
    response = director_client.post(
        reverse("admin:partners_fiscalsponsorship_add"),
        {"organization": other.pk, "started_on": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "already a current fiscal sponsorship" in response.content.decode()
    assert FiscalSponsorship.objects.count() == 1
