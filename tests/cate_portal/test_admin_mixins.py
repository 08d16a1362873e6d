"""SavesThroughServicesAdminMixin: a service's refusal while the admin saves is shown on the form
and rolls everything back, never a server error; also when the save is simple-history's
"revert to this version" (the history form), which Django's change form does not wrap."""

import pytest
from django.urls import reverse

from partners.models import Membership, Organization, Role, Visibility
from partners.organizations.services import PROTECTED_ADDRESS_MESSAGE
from partners.people.services import LAST_PRIMARY_CONTACT_MESSAGE
from tests.factories import OrganizationFactory, service
from tests.partners.organizations.test_street_address_protection import admin_data

pytestmark = pytest.mark.django_db


def history_form_url(instance, record) -> str:
    opts = instance._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[instance.pk, record.history_id],
    )


def test_a_revert_the_people_services_refuse_is_shown_on_the_form(
    director_client, organization, primary_contact
):
    membership = Membership.objects.get(user=primary_contact)
    url = history_form_url(membership, membership.history.earliest())
    data = admin_data(director_client, url, role=Role.STAFF)

    response = director_client.post(url, data)

    assert response.status_code == 200
    assert LAST_PRIMARY_CONTACT_MESSAGE in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.PRIMARY_CONTACT


def test_a_revert_to_a_public_street_address_of_a_protected_one_is_refused_on_the_form(
    director_client,
):
    organization = OrganizationFactory(
        street_address="12 Quiet Lane", street_address_visibility=Visibility.PUBLIC
    )
    first = organization.history.earliest()
    organization.services.add(service("emergency-shelter"))  # protected from now on
    organization.services.set([service("case-management")])
    url = history_form_url(organization, first)
    data = admin_data(director_client, url, services=[service("case-management").pk])
    assert data["street_address_visibility"] == Visibility.PUBLIC  # what the version had

    response = director_client.post(url, data)

    assert response.status_code == 200
    assert PROTECTED_ADDRESS_MESSAGE in response.content.decode()
    stored = Organization.objects.get(pk=organization.pk)
    assert stored.street_address_protected
    assert stored.street_address_visibility == Visibility.PARTNERS
