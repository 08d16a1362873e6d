"""The last-primary-contact rule holds in the admin too, not only in the portal's services."""

import pytest
from django.urls import reverse

from partners.models import Membership, Role
from partners.people.services import LAST_PRIMARY_CONTACT_MESSAGE
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def membership_post(membership: Membership, **changes) -> dict:
    data = {
        "user": membership.user_id,
        "organization": membership.organization_id,
        "role": membership.role,
        "title": membership.title,
        "started_on": membership.started_on.isoformat(),
        "ended_on": "",
    }
    data.update(changes)
    return data


def inline_post(organization, rows: list[dict]) -> dict:
    data = {
        "name": organization.name,
        "slug": organization.slug,
        "sector": organization.sector_id,
        "status": organization.status,
        "memberships-TOTAL_FORMS": len(rows),
        "memberships-INITIAL_FORMS": len(rows),
    }
    for field in ("public_email", "public_phone", "street_address", "mailing_address"):
        data[f"{field}_visibility"] = getattr(organization, f"{field}_visibility")
    data["hotline_number_visibility"] = organization.hotline_number_visibility
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{index}-{key}"] = value
    return data


def test_demoting_the_last_primary_contact_in_the_membership_admin_is_refused(
    director_client, organization, primary_contact
):
    membership = Membership.objects.get(user=primary_contact)
    url = reverse("admin:partners_membership_change", args=[membership.pk])
    response = director_client.post(url, membership_post(membership, role=Role.STAFF))
    assert response.status_code == 200
    assert LAST_PRIMARY_CONTACT_MESSAGE in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.PRIMARY_CONTACT


def test_ending_the_last_primary_contact_in_the_membership_admin_is_refused(
    director_client, organization, primary_contact
):
    membership = Membership.objects.get(user=primary_contact)
    url = reverse("admin:partners_membership_change", args=[membership.pk])
    ended = membership_post(membership, ended_on=membership.started_on.isoformat())
    response = director_client.post(url, ended)
    assert LAST_PRIMARY_CONTACT_MESSAGE in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_demoting_one_of_two_primary_contacts_in_the_membership_admin_is_allowed(
    director_client, organization, primary_contact
):
    MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    membership = Membership.objects.get(user=primary_contact)
    url = reverse("admin:partners_membership_change", args=[membership.pk])
    response = director_client.post(url, membership_post(membership, role=Role.STAFF))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.STAFF


def test_demoting_both_primary_contacts_at_once_in_the_organization_inline_is_refused(
    director_client, organization, primary_contact
):
    second = MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    first = Membership.objects.get(user=primary_contact)
    rows = [
        {"id": m.pk, "organization": organization.pk, **membership_post(m, role=Role.STAFF)}
        for m in (first, second)
    ]
    for row in rows:
        row.pop("organization")
    url = reverse("admin:partners_organization_change", args=[organization.pk])
    response = director_client.post(url, inline_post(organization, rows))
    assert response.status_code == 200
    assert LAST_PRIMARY_CONTACT_MESSAGE in response.content.decode()
    assert (
        Membership.objects.current()
        .filter(organization=organization, role=Role.PRIMARY_CONTACT)
        .count()
        == 2
    )


def test_swapping_the_primary_contact_in_the_organization_inline_is_allowed(
    director_client, organization, primary_contact
):
    colleague = MembershipFactory(organization=organization, role=Role.STAFF)
    first = Membership.objects.get(user=primary_contact)
    rows = [
        {"id": first.pk, **membership_post(first, role=Role.STAFF)},
        {"id": colleague.pk, **membership_post(colleague, role=Role.PRIMARY_CONTACT)},
    ]
    for row in rows:
        row.pop("organization")
    url = reverse("admin:partners_organization_change", args=[organization.pk])
    response = director_client.post(url, inline_post(organization, rows))
    assert response.status_code == 302, response.context["adminform"].form.errors
    colleague.refresh_from_db()
    assert colleague.role == Role.PRIMARY_CONTACT
