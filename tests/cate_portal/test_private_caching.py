import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_for_a_signed_in_partner_are_never_stored_by_caches(client, other_partner):
    client.force_login(other_partner)
    for url in (reverse("partners:directory"), reverse("portal:dashboard")):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url


def test_public_pages_for_anonymous_visitors_are_not_marked_private(client):
    assert "private" not in client.get(reverse("partners:directory")).get("Cache-Control", "")
