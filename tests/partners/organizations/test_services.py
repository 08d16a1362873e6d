"""save_organization: the admin's one way to write an organization, with the portal's rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leadership.models import Seat, SeatKind
from partners.models import Organization, OrganizationStatus, Role, Visibility
from partners.organizations.services import save_organization
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_only_staff_or_the_system_may_save_an_organization_this_way(organization, primary_contact):
    organization.description = "Rewritten by a partner."
    with pytest.raises(PermissionDenied):
        save_organization(organization=organization, acting_user=primary_contact)
    organization.refresh_from_db()
    assert organization.description != "Rewritten by a partner."


def test_the_director_is_recorded_and_a_new_status_moves_the_seat(organization, director):
    leader = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER)
    Organization.objects.filter(pk=organization.pk).update(status=OrganizationStatus.INACTIVE)

    organization = Organization.objects.get(pk=organization.pk)
    organization.status = OrganizationStatus.ACTIVE
    save_organization(organization=organization, acting_user=director)
    seat = Seat.objects.get(kind=SeatKind.PARTNER, organization=organization)
    assert seat.terms.current().get().person == leader.user

    organization = Organization.objects.get(pk=organization.pk)
    organization.status = OrganizationStatus.WITHDRAWN
    organization.description = "Closed its doors."
    save_organization(organization=organization, acting_user=director)
    organization.refresh_from_db()
    assert (organization.status, organization.description) == ("withdrawn", "Closed its doors.")
    assert not seat.terms.current().exists()
    assert organization.history.first().history_user == director


def test_a_protected_street_address_cannot_be_made_public(shelter, director):
    shelter.refresh_from_db()
    assert shelter.street_address_protected
    shelter.street_address_visibility = Visibility.PUBLIC
    with pytest.raises(ValidationError):
        save_organization(organization=shelter, acting_user=director)
    shelter.refresh_from_db()
    assert shelter.street_address_visibility == Visibility.STAFF


def test_the_admin_change_form_saves_through_the_service(director_client, organization):
    from unittest import mock

    from partners.organizations import services

    url = reverse("admin:partners_organization_change", args=[organization.pk])
    form = director_client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields and not isinstance(value, list | tuple) and name != "logo"
    }
    for name in ("counties", "services", "populations"):
        data[name] = [str(item.pk) for item in getattr(organization, name).all()]
    data.update(
        {
            "description": "Edited in the admin.",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    with (
        mock.patch.object(services, "save_organization", wraps=services.save_organization) as spy,
        mock.patch("partners.organizations.admin.save_organization", spy),
    ):
        response = director_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    spy.assert_called_once()
    organization.refresh_from_db()
    assert organization.description == "Edited in the admin."
