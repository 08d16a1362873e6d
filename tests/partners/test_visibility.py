"""Who sees which contact field: the visibility matrix, through the function and on the page.

The viewers include the director signed in without a second factor (issue 10, rule 9): a staff
account sees staff-only fields only in a session that passed two-factor sign-in, and until then
sees what the public sees (the director has no membership).
"""

import datetime

import pytest
from django.contrib import auth
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from partners import visibility
from partners.models import Organization, OrganizationStatus, Role, Visibility
from partners.models.organizations import CONTACT_FIELDS
from tests.conftest import VIEWERS, sign_in_with_second_factor
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
    Visibility.PARTNERS: set(VIEWERS) - {"anonymous", "director_without_2fa"},
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
def everyone(organization, other_partner, staff_member, primary_contact, totp_director):
    """Create every viewer up front, so all of them exist whichever one a test asks for."""


@pytest.fixture
def request_viewer(client_for_viewer):
    """The Viewer of a request made by this viewer, signed in the way they sign in."""

    def resolve(name: str) -> visibility.Viewer:
        client = client_for_viewer(name)
        request = RequestFactory().get("/partners/")
        request.session = client.session
        request.user = auth.get_user(client)
        return visibility.viewer_for_request(request)

    return resolve


@pytest.mark.parametrize(("field", "level", "viewer_name"), MATRIX)
def test_visibility_matrix_through_the_function(
    organization, everyone, request_viewer, field, level, viewer_name
):
    organization = _with_one_field(organization, field, level)
    viewer = request_viewer(viewer_name)

    contacts = visibility.visible_contacts(organization, viewer)
    shown = {contact.name: contact.value for contact in contacts}

    entitled = viewer_name in ENTITLED[level]
    assert (field in shown) is entitled
    assert visibility.can_see(organization, field, viewer) is entitled
    if entitled:
        assert shown[field] == VALUES[field][1] or VALUES[field][1] in shown[field]
        assert [c.visibility for c in contacts] == [level]


@pytest.mark.parametrize(("field", "level", "viewer_name"), MATRIX)
def test_visibility_matrix_on_the_profile_page(
    organization, everyone, client_for_viewer, field, level, viewer_name
):
    _with_one_field(organization, field, level)

    response = client_for_viewer(viewer_name).get(organization.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    if viewer_name in ENTITLED[level]:
        assert VALUES[field][1] in html
    else:
        for form in LEAK_FORMS[field]:
            assert form not in html


@pytest.mark.parametrize("level", list(Visibility))
def test_directory_card_follows_the_same_matrix(organization, everyone, client_for_viewer, level):
    _with_one_field(organization, "mailing_address", level)
    for viewer_name in VIEWERS:
        client = client_for_viewer(viewer_name)
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


# --- Staff-only data needs a second factor (issue 10, rule 9) ---

STAFF_ONLY_STREET = "4242 Matrix Avenue"


@pytest.fixture
def staff_only_street(organization):
    Organization.objects.filter(pk=organization.pk).update(
        street_address="4242 Matrix Avenue, Jefferson City",
        street_address_visibility=Visibility.STAFF,
    )
    organization.refresh_from_db()
    return organization


@pytest.mark.parametrize("page_name", ["directory", "profile"])
def test_director_signed_in_without_a_second_factor_sees_no_staff_only_street_address(
    client, totp_director, staff_only_street, page_name
):
    client.force_login(totp_director)
    url = (
        reverse("partners:directory")
        if page_name == "directory"
        else staff_only_street.get_absolute_url()
    )

    html = client.get(url).content.decode()

    assert staff_only_street.name in html
    assert STAFF_ONLY_STREET not in html


@pytest.mark.parametrize("page_name", ["directory", "profile"])
def test_director_signed_in_with_a_second_factor_sees_the_staff_only_street_address(
    client, totp_director, staff_only_street, page_name
):
    sign_in_with_second_factor(client, totp_director)
    url = (
        reverse("partners:directory")
        if page_name == "directory"
        else staff_only_street.get_absolute_url()
    )

    assert STAFF_ONLY_STREET in client.get(url).content.decode()


def test_director_without_a_second_factor_sees_partner_fields_when_a_partner(
    client, totp_director, organization, other_organization
):
    """A staff account that is also a person of a partner is that partner until it passes a
    second factor: partners-only fields, not staff-only ones."""
    MembershipFactory(user=totp_director, organization=other_organization)
    Organization.objects.filter(pk=organization.pk).update(
        mailing_address="PO Box 9191",
        mailing_address_visibility=Visibility.PARTNERS,
        street_address="4242 Matrix Avenue",
        street_address_visibility=Visibility.STAFF,
    )
    client.force_login(totp_director)

    html = client.get(organization.get_absolute_url()).content.decode()

    assert "PO Box 9191" in html
    assert STAFF_ONLY_STREET not in html


def test_a_password_sign_in_without_the_code_gives_no_staff_view(client, director, password):
    """A staff account without an authenticator app signs in with its password alone: its
    session passed no second factor, so it is the public on the portal's pages."""
    client.post(reverse("account_login"), {"login": director.email, "password": password})
    response = client.get("/partners/")

    assert response.wsgi_request.user == director
    viewer = visibility.viewer_for_request(response.wsgi_request)
    assert not viewer.is_staff
    assert viewer.is_public


def test_viewer_for_a_user_outside_a_request_is_staff_by_the_account(director):
    """E-mails and exports built by commands have no session: `viewer_for(user)` keeps deciding
    from `is_staff`."""
    assert visibility.viewer_for(director).is_staff


def test_request_without_a_session_gives_no_staff_clearance(director):
    request = RequestFactory().get("/partners/")
    request.user = director

    assert not visibility.viewer_for_request(request).is_staff


def test_the_display_order_holds_every_contact_field_once():
    from partners.models.organizations import CONTACT_FIELDS

    assert sorted(visibility.DISPLAY_ORDER) == sorted(CONTACT_FIELDS)


@pytest.mark.django_db
def test_a_profile_shows_its_hotline_and_phone_first(client):
    organization = OrganizationFactory(
        public_email="help@example.org",
        public_phone="+13145550123",
        hotline_number="+13145550199",
        hotline_number_visibility=Visibility.PUBLIC,
    )
    names = [contact.name for contact in visibility.visible_contacts(organization, None)]
    assert names == ["hotline_number", "public_phone", "public_email"]
    html = client.get(organization.get_absolute_url()).content.decode()
    assert html.index("(314) 555-0199") < html.index("(314) 555-0123") < html.index("help@example")


# --- Logos (issue 16): public exactly while the profile is ----------------------------------------


@pytest.mark.parametrize(
    ("status", "public"),
    [
        (OrganizationStatus.ACTIVE, True),
        (OrganizationStatus.INACTIVE, False),
        (OrganizationStatus.WITHDRAWN, False),
    ],
)
def test_a_logo_is_public_exactly_while_the_profile_is(status, public):
    organization = Organization(slug="ozark-lantern", status=status, logo="logos/ozark-lantern.png")

    assert visibility.logo_is_public(organization) is public
    assert bool(visibility.public_logo_url(organization)) is public


def test_an_organization_without_a_logo_has_no_logo_address():
    organization = Organization(slug="ozark-lantern", status=OrganizationStatus.ACTIVE)

    assert not visibility.logo_is_public(organization)
    assert visibility.public_logo_url(organization) == ""
