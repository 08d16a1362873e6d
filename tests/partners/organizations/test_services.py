"""Changes to an organization: the profile (portal), save_organization (the admin's one way to
write an organization, with the portal's rules), and the profile-review selection."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from leadership.models import Seat, SeatKind
from partners.models import Organization, OrganizationStatus, Role, Visibility
from partners.organizations import reminders
from partners.organizations import services as organization_services
from partners.organizations.services import save_organization
from tests.factories import MembershipFactory, OrganizationFactory, area, service

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


def test_update_profile_sets_fields_and_lists(organization, primary_contact):
    organization_services.update_profile(
        organization=organization,
        acting_user=primary_contact,
        changes={
            "description": "Case management across mid-Missouri.",
            "languages": "English, Spanish",
            "counties": [area("Boone County"), area("Cole County")],
            "services": [service("case-management")],
        },
    )
    organization.refresh_from_db()
    assert organization.description == "Case management across mid-Missouri."
    assert organization.languages == "English, Spanish"
    assert {a.name for a in organization.counties.all()} == {"Boone County", "Cole County"}
    assert [s.slug for s in organization.services.all()] == ["case-management"]


def test_update_profile_records_who_changed_it(organization, primary_contact):
    organization_services.update_profile(
        organization=organization, acting_user=primary_contact, changes={"languages": "French"}
    )
    assert organization.history.first().history_user == primary_contact


def test_update_profile_refuses_public_address_for_shelter(organization, primary_contact):
    with pytest.raises(ValidationError) as caught:
        organization_services.update_profile(
            organization=organization,
            acting_user=primary_contact,
            changes={
                "street_address": "1 Hidden Lane",
                "street_address_visibility": Visibility.PUBLIC,
                "services": [service("emergency-shelter")],
            },
        )
    assert "shelter" in str(caught.value)
    organization.refresh_from_db()
    assert organization.street_address == ""
    assert organization.street_address_visibility == Visibility.STAFF


def test_update_profile_refuses_adding_shelter_to_an_already_public_address(
    organization, primary_contact
):
    organization.street_address_visibility = Visibility.PUBLIC
    organization.save()
    with pytest.raises(ValidationError):
        organization_services.update_profile(
            organization=organization,
            acting_user=primary_contact,
            changes={"services": [service("transitional-housing")]},
        )
    assert not organization.services.exists()


def test_update_profile_allows_public_address_without_residential_service(
    organization, primary_contact
):
    organization_services.update_profile(
        organization=organization,
        acting_user=primary_contact,
        changes={
            "street_address_visibility": Visibility.PUBLIC,
            "services": [service("legal-services")],
        },
    )
    organization.refresh_from_db()
    assert organization.street_address_visibility == Visibility.PUBLIC


def test_staff_cannot_update_profile(organization, staff_member):
    with pytest.raises(PermissionDenied):
        organization_services.update_profile(
            organization=organization, acting_user=staff_member, changes={"languages": "x"}
        )


def test_member_of_another_organization_cannot_update_profile(organization, other_partner):
    with pytest.raises(PermissionDenied):
        organization_services.update_profile(
            organization=organization, acting_user=other_partner, changes={"languages": "x"}
        )


def test_confirm_profile_sets_today(primary_contact, organization):
    organization.profile_confirmed_on = datetime.date(2020, 1, 1)
    organization.save()
    organization_services.confirm_profile(organization=organization, acting_user=primary_contact)
    organization.refresh_from_db()
    assert organization.profile_confirmed_on == timezone.localdate()


def test_staff_cannot_confirm_profile(organization, staff_member):
    with pytest.raises(PermissionDenied):
        organization_services.confirm_profile(organization=organization, acting_user=staff_member)


def test_organizations_due_for_review_are_active_and_stale():
    today = timezone.localdate()
    stale = OrganizationFactory(profile_confirmed_on=today - datetime.timedelta(days=400))
    never = OrganizationFactory(profile_confirmed_on=None)
    OrganizationFactory(profile_confirmed_on=today - datetime.timedelta(days=30))
    OrganizationFactory(profile_confirmed_on=None, status=OrganizationStatus.WITHDRAWN)
    assert set(reminders.organizations_due_for_profile_review(today)) == {stale, never}
