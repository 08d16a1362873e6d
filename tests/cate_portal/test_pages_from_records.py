"""The home and About pages draw on the records the director keeps: values, sponsor, funders."""

import pytest
from django.urls import reverse

from partners.models import Visibility
from tests.factories import (
    FiscalSponsorshipFactory,
    FunderFactory,
    OrganizationFactory,
    adopted_version,
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
