"""Who sees which contact field: the visibility matrix, through the function and on the page."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from partners import visibility
from partners.models import Organization, OrganizationStatus, Role, Visibility
from partners.models.organizations import CONTACT_FIELDS
from tests.conftest import VIEWERS
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, service

# field -> (stored value, how it is rendered, every form it could leak in)
VALUES = {
    "public_email": ("matrix-contact@quiet.example", "matrix-contact@quiet.example"),
    "public_phone": ("+13145550142", "(314) 555-0142"),
    "street_address": ("4242 Matrix Avenue, Jefferson City", "4242 Matrix Avenue"),
    "mailing_address": ("PO Box 9191, Rolla", "PO Box 9191"),
    "hotline_number": ("+18165550199", "(816) 555-0199"),
}
LEAK_FORMS = {
    "public_email": ["matrix-contact@quiet.example"],
    "public_phone": ["555-0142", "+13145550142"],
    "street_address": ["4242 Matrix Avenue"],
    "mailing_address": ["PO Box 9191"],
    "hotline_number": ["555-0199", "+18165550199"],
}
# Who may see a field stored at each visibility (the organization offers no shelter).
ENTITLED = {
    Visibility.PUBLIC: set(VIEWERS),
    Visibility.PARTNERS: set(VIEWERS) - {"anonymous"},
    Visibility.STAFF: {"staff_member", "primary_contact", "director"},
}
MATRIX = [
    (field, level, viewer_name)
    for field in CONTACT_FIELDS
    for level in Visibility
    for viewer_name in VIEWERS
]


def _with_one_field(organization: Organization, field: str, level: Visibility) -> Organization:
    Organization.objects.filter(pk=organization.pk).update(
        **{field: VALUES[field][0], CONTACT_FIELDS[field]: level}
    )
    return Organization.objects.for_directory().get(pk=organization.pk)


@pytest.fixture
def everyone(organization, other_partner, staff_member, primary_contact, director):
    """Create every viewer up front, so all of them exist whichever one a test asks for."""


@pytest.mark.parametrize(("field", "level", "viewer_name"), MATRIX)
def test_visibility_matrix_through_the_function(
    organization, everyone, viewer, field, level, viewer_name
):
    organization = _with_one_field(organization, field, level)
    user = viewer(viewer_name)

    contacts = visibility.visible_contacts(organization, user)
    shown = {contact.name: contact.value for contact in contacts}

    entitled = viewer_name in ENTITLED[level]
    assert (field in shown) is entitled
    assert visibility.can_see(organization, field, user) is entitled
    if entitled:
        assert shown[field] == VALUES[field][1] or VALUES[field][1] in shown[field]
        assert [c.visibility for c in contacts] == [level]


@pytest.mark.parametrize(("field", "level", "viewer_name"), MATRIX)
def test_visibility_matrix_on_the_profile_page(
    organization, everyone, viewer, client_as, field, level, viewer_name
):
    _with_one_field(organization, field, level)

    response = client_as(viewer(viewer_name)).get(organization.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    if viewer_name in ENTITLED[level]:
        assert VALUES[field][1] in html
    else:
        for form in LEAK_FORMS[field]:
            assert form not in html


@pytest.mark.parametrize("level", list(Visibility))
def test_directory_card_follows_the_same_matrix(organization, everyone, viewer, client_as, level):
    _with_one_field(organization, "mailing_address", level)
    for viewer_name in VIEWERS:
        client = client_as(viewer(viewer_name))
        html = client.get("/partners/").content.decode()
        assert ("PO Box 9191" in html) is (viewer_name in ENTITLED[level]), viewer_name
        client.logout()


def test_viewer_levels(organization, other_partner, staff_member, primary_contact, director):
    assert visibility.viewer_level(None) == Visibility.PUBLIC
    assert visibility.viewer_level(other_partner) == Visibility.PARTNERS
    assert visibility.viewer_level(other_partner, organization) == Visibility.PARTNERS
    assert visibility.viewer_level(staff_member, organization) == Visibility.STAFF
    assert visibility.viewer_level(primary_contact, organization) == Visibility.STAFF
    assert visibility.viewer_level(director) == Visibility.STAFF
    assert visibility.viewer_level(director, organization) == Visibility.STAFF


def test_signed_in_user_without_membership_is_the_public(organization, user):
    organization.mailing_address = "PO Box 9191"
    organization.save()
    assert visibility.viewer_level(user, organization) == Visibility.PUBLIC
    assert visibility.visible_contacts(organization, user) == []


def test_member_of_an_inactive_organization_is_not_a_partner(organization):
    inactive = OrganizationFactory(status=OrganizationStatus.INACTIVE)
    member = MembershipFactory(organization=inactive).user

    assert visibility.viewer_level(member, organization) == Visibility.PUBLIC
    # They still see their own organization's fields, to keep them up to date.
    assert visibility.viewer_level(member, inactive) == Visibility.STAFF


def test_ended_membership_gives_no_access(organization):
    membership = MembershipFactory(
        organization=organization,
        role=Role.PRIMARY_CONTACT,
        started_on=timezone.localdate() - datetime.timedelta(days=100),
        ended_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert visibility.viewer_level(membership.user, organization) == Visibility.PUBLIC


def test_deactivated_account_is_the_public(organization, other_partner):
    other_partner.is_active = False
    assert visibility.viewer_level(other_partner, organization) == Visibility.PUBLIC


def test_viewer_is_computed_once_per_request(other_partner, django_assert_num_queries):
    request = RequestFactory().get("/partners/")
    request.user = other_partner
    with django_assert_num_queries(1):
        first = visibility.viewer_for_request(request)
        second = visibility.viewer_for_request(request)
    assert first is second
    assert first.is_partner


def test_empty_fields_are_never_listed(organization, director):
    assert visibility.visible_contacts(organization, director) == []


def test_invalid_stored_phone_is_shown_as_typed_without_a_link(organization):
    Organization.objects.filter(pk=organization.pk).update(public_phone="12")
    organization.refresh_from_db()
    [contact] = visibility.visible_contacts(organization, None)
    assert contact.value == "12"
    assert contact.href == ""


# --- The residential rule: a shelter's street address is never public ---


@pytest.mark.parametrize("slug", ["emergency-shelter", "transitional-housing"])
def test_residential_street_address_stored_public_is_hidden_from_the_public(
    client, slug, other_partner
):
    shelter = OrganizationFactory(
        services=[service(slug)],
        street_address="12 Hidden Lane",
        street_address_visibility=Visibility.PUBLIC,
    )
    shelter = Organization.objects.for_directory().get(pk=shelter.pk)

    assert visibility.effective_visibility(shelter, "street_address") == Visibility.PARTNERS
    assert not visibility.can_see(shelter, "street_address", None)
    assert "12 Hidden Lane" not in client.get(shelter.get_absolute_url()).content.decode()
    assert "12 Hidden Lane" not in client.get("/partners/").content.decode()
    # The rule tightens to partners only; it does not hide the address from partners who
    # were told it.
    assert visibility.can_see(shelter, "street_address", other_partner)


def test_non_residential_street_address_marked_public_is_public(db, client):
    office = OrganizationFactory(
        services=[service("legal-services")],
        street_address="500 Open Office Street",
        street_address_visibility=Visibility.PUBLIC,
    )
    assert visibility.can_see(office, "street_address", None)
    assert "500 Open Office Street" in client.get(office.get_absolute_url()).content.decode()


def test_residential_rule_leaves_other_fields_alone(shelter):
    Organization.objects.filter(pk=shelter.pk).update(
        mailing_address="PO Box 1", mailing_address_visibility=Visibility.PUBLIC
    )
    shelter.refresh_from_db()
    assert visibility.effective_visibility(shelter, "mailing_address") == Visibility.PUBLIC


def test_allowed_visibilities_for_a_form(shelter, organization):
    assert Visibility.PUBLIC not in visibility.allowed_visibilities(shelter, "street_address")
    assert visibility.allowed_visibilities(shelter, "public_email") == list(Visibility)
    assert visibility.allowed_visibilities(organization, "street_address") == list(Visibility)


def test_new_staff_user_sees_no_partner_fields_until_a_member(organization):
    newcomer = UserFactory()
    Organization.objects.filter(pk=organization.pk).update(
        mailing_address="PO Box 9191", mailing_address_visibility=Visibility.PARTNERS
    )
    organization.refresh_from_db()
    assert not visibility.can_see(organization, "mailing_address", newcomer)
    MembershipFactory(user=newcomer, organization=OrganizationFactory())
    assert visibility.can_see(organization, "mailing_address", newcomer)
