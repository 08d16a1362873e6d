"""Issue 10, rule 10: a shelter's street address stays protected.

Once an organization has offered a residential service (shelter, housing), its street address
cannot become public by unticking those services, in the same save or a later one, through any
path: the portal's profile form and service, the admin's change and add forms, an approved
application, a service the director marks residential. Only the director releases it, and the
history keeps who did and why. Meanwhile no public page shows the address.
"""

import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from partners import visibility
from partners.applications.services import approve_application
from partners.models import Organization, Role, Service, Visibility
from partners.organizations import receivers
from partners.organizations.forms import OrganizationProfileForm
from partners.organizations.services import (
    PROTECTED_ADDRESS_MESSAGE,
    PROTECTED_REASON,
    RELEASE_REASON_MAX_LENGTH,
    RELEASED_REASON_PREFIX,
    SHELTER_ADDRESS_MESSAGE,
    release_street_address_protection,
    update_profile,
)
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    area,
    service,
)

pytestmark = pytest.mark.django_db

STREET = "77 Sentinel Row, Columbia, MO 65201"
PROTECTED_WORDS = "stays protected even after those services are removed"
SHELTER_WORDS = "shelter locations must stay confidential to protect survivors"
REASON = "The shelter program closed in March; this is an office only now."


def protected(organization: Organization) -> bool:
    return Organization.objects.get(pk=organization.pk).street_address_protected


def stored_visibility(organization: Organization) -> str:
    return Organization.objects.get(pk=organization.pk).street_address_visibility


def offices_only(organization: Organization) -> None:
    """The organization stops offering shelter: only case management is left."""
    organization.services.set([service("case-management")])


@pytest.fixture
def shelter_contact(shelter):
    return MembershipFactory(organization=shelter, role=Role.PRIMARY_CONTACT).user


@pytest.fixture
def former_shelter(shelter):
    """A shelter that stopped offering shelter: its address is still protected."""
    offices_only(shelter)
    assert protected(shelter)
    shelter.refresh_from_db()
    return shelter


# --- Becoming protected, through every path --------------------------------------------------


def test_an_organization_offering_shelter_has_a_protected_street_address(shelter):
    assert protected(shelter)
    latest = shelter.history.latest()
    assert latest.street_address_protected
    assert latest.history_change_reason == PROTECTED_REASON


def test_an_organization_that_never_offered_shelter_is_not_protected(organization):
    organization.services.set([service("case-management"), service("legal-services")])
    assert not protected(organization)


@pytest.mark.parametrize("slug", ["emergency-shelter", "transitional-housing"])
def test_adding_a_residential_service_later_protects_the_address(organization, slug):
    organization.services.add(service(slug))
    assert protected(organization)


def test_adding_the_organization_to_a_residential_service_protects_it(organization):
    """From the service's side (`service.organizations.add(...)`). simple-history cannot record
    such a reverse change today (its own receiver fails first), so the receiver is called as
    Django would call it."""
    shelter_service = service("emergency-shelter")
    Organization.services.through.objects.create(organization=organization, service=shelter_service)

    receivers.services_added(
        instance=shelter_service, action="post_add", reverse=True, pk_set={organization.pk}
    )

    assert protected(organization)


def test_a_service_the_director_marks_residential_protects_its_organizations(organization):
    safe_house = Service.objects.create(name="Safe house network", slug="safe-house-network")
    organization.services.set([safe_house])
    assert not protected(organization)

    safe_house.is_residential = True
    safe_house.save()

    assert protected(organization)


def test_a_service_marked_residential_in_the_admin_list_protects_its_organizations(
    director_client, organization
):
    safe_house = Service.objects.create(name="Safe house network", slug="safe-house-network")
    organization.services.set([safe_house])
    changelist = reverse("admin:partners_service_changelist")
    rows = list(Service.objects.order_by("order", "name"))
    data = {
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": len(rows),
        "_save": "Save",
    }
    for i, row in enumerate(rows):
        data[f"form-{i}-id"] = row.pk
        data[f"form-{i}-order"] = row.order
        if row.is_residential or row == safe_house:
            data[f"form-{i}-is_residential"] = "on"

    response = director_client.post(changelist, data)

    assert response.status_code == 302
    assert protected(organization)


def test_a_public_address_is_stored_as_partners_only_when_it_becomes_protected(organization):
    """It was never shown publicly (the shelter rule floored it); it is now stored as what it
    was in effect, since a protected address can never be stored as public."""
    Organization.objects.filter(pk=organization.pk).update(
        street_address=STREET, street_address_visibility=Visibility.PUBLIC
    )
    organization.refresh_from_db()

    organization.services.add(service("emergency-shelter"))

    assert protected(organization)
    assert stored_visibility(organization) == Visibility.PARTNERS


def test_the_database_refuses_a_public_protected_street_address(shelter):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=shelter.pk).update(
            street_address_visibility=Visibility.PUBLIC
        )


def test_saving_a_stale_copy_does_not_undo_the_protection(organization):
    stale = Organization.objects.get(pk=organization.pk)
    organization.services.add(service("emergency-shelter"))
    assert protected(organization)

    stale.description = "Saved from a copy read before the shelter was added."
    stale.save()

    assert protected(organization)


def test_demo_data_shelters_are_protected(db):
    from cate_portal.site.demo.builders import DEMO_ORGANIZATIONS, ensure_organization

    residential = [
        data
        for data in DEMO_ORGANIZATIONS
        if Service.objects.filter(slug__in=data.services, is_residential=True).exists()
    ]
    organization, created = ensure_organization(residential[0])
    assert created
    assert protected(organization)


# --- The portal: the profile form, its page and the service ----------------------------------


def profile_data(organization: Organization, **overrides) -> dict:
    data = {
        "description": "We walk with survivors.",
        "website": "",
        "sector": str(organization.sector_id),
        "public_email": "",
        "public_email_visibility": Visibility.PUBLIC,
        "public_phone": "",
        "public_phone_visibility": Visibility.PUBLIC,
        "street_address": STREET,
        "street_address_visibility": Visibility.STAFF,
        "mailing_address": "",
        "mailing_address_visibility": Visibility.PARTNERS,
        "counties": [str(area("Boone County").pk)],
        "services": [str(service("case-management").pk)],
        "populations": [],
        "languages": "English",
        "hours": "",
        "hotline_number": "",
        "hotline_number_visibility": Visibility.PUBLIC,
        "hotline_hours": "",
        "eligibility_notes": "",
    }
    data.update(overrides)
    return data


def test_the_form_refuses_public_when_the_same_save_unticks_the_shelter(shelter):
    form = OrganizationProfileForm(
        data=profile_data(shelter, street_address_visibility=Visibility.PUBLIC), instance=shelter
    )

    assert not form.is_valid()
    assert form.errors["street_address_visibility"] == [PROTECTED_ADDRESS_MESSAGE]


def test_the_form_refuses_public_in_a_later_save(former_shelter):
    form = OrganizationProfileForm(
        data=profile_data(former_shelter, street_address_visibility=Visibility.PUBLIC),
        instance=former_shelter,
    )

    assert not form.is_valid()
    assert PROTECTED_WORDS in form.errors["street_address_visibility"][0]


def test_the_form_says_the_address_stays_protected(former_shelter):
    help_text = (
        OrganizationProfileForm(instance=former_shelter)
        .fields["street_address_visibility"]
        .help_text
    )
    assert "stays protected" in help_text
    assert "Only the Coalition Director can release it" in help_text


def test_the_form_still_gives_the_shelter_message_while_shelter_is_offered(shelter):
    form = OrganizationProfileForm(
        data=profile_data(
            shelter,
            services=[str(service("emergency-shelter").pk)],
            street_address_visibility=Visibility.PUBLIC,
        ),
        instance=shelter,
    )
    assert not form.is_valid()
    assert form.errors["street_address_visibility"] == [SHELTER_ADDRESS_MESSAGE]


def test_the_portal_page_refuses_public_in_the_save_that_unticks_the_shelter(
    client, shelter, shelter_contact
):
    client.force_login(shelter_contact)
    url = reverse("portal:profile", args=[shelter.slug])

    response = client.post(url, profile_data(shelter, street_address_visibility=Visibility.PUBLIC))

    assert response.status_code == 200
    assert PROTECTED_WORDS in response.text
    assert stored_visibility(shelter) == Visibility.STAFF
    assert shelter.services.filter(is_residential=True).exists()  # nothing was saved


def test_the_portal_page_refuses_public_in_a_later_save(client, shelter, shelter_contact):
    client.force_login(shelter_contact)
    url = reverse("portal:profile", args=[shelter.slug])
    first = client.post(url, profile_data(shelter, street_address_visibility=Visibility.PARTNERS))
    assert first.status_code == 302, first.context["form"].errors
    assert not shelter.services.filter(is_residential=True).exists()
    assert protected(shelter)

    response = client.post(url, profile_data(shelter, street_address_visibility=Visibility.PUBLIC))

    assert response.status_code == 200
    assert PROTECTED_WORDS in response.text
    assert stored_visibility(shelter) == Visibility.PARTNERS


def test_the_service_refuses_public_when_the_same_change_unticks_the_shelter(
    shelter, shelter_contact
):
    with pytest.raises(ValidationError) as caught:
        update_profile(
            organization=shelter,
            acting_user=shelter_contact,
            changes={
                "services": [service("case-management")],
                "street_address_visibility": Visibility.PUBLIC,
            },
        )

    assert caught.value.message_dict["street_address_visibility"] == [PROTECTED_ADDRESS_MESSAGE]
    assert shelter.services.filter(is_residential=True).exists()
    assert stored_visibility(shelter) == Visibility.STAFF


def test_the_service_refuses_public_in_a_later_change(former_shelter, shelter_contact):
    with pytest.raises(ValidationError):
        update_profile(
            organization=former_shelter,
            acting_user=shelter_contact,
            changes={"street_address_visibility": Visibility.PUBLIC},
        )
    assert stored_visibility(former_shelter) == Visibility.STAFF


def test_the_service_refuses_public_for_the_director_too(former_shelter, director):
    with pytest.raises(ValidationError):
        update_profile(
            organization=former_shelter,
            acting_user=director,
            changes={"street_address_visibility": Visibility.PUBLIC},
        )


def test_the_service_protects_an_organization_that_starts_offering_shelter(
    organization, primary_contact
):
    update_profile(
        organization=organization,
        acting_user=primary_contact,
        changes={
            "services": [service("transitional-housing")],
            "street_address_visibility": Visibility.STAFF,
        },
    )

    assert protected(organization)
    latest = organization.history.latest()
    assert latest.history_change_reason == PROTECTED_REASON
    assert latest.history_user == primary_contact


# --- The admin: the change form (many-to-many saved after the organization) and the add form ---


def admin_change_url(organization: Organization) -> str:
    return reverse("admin:partners_organization_change", args=[organization.pk])


def admin_data(client, url: str, **overrides) -> dict:
    """The admin form as the page shows it, with `overrides`, ready to POST."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("counties", "services", "populations", "spoken_languages"):
            data[name] = [getattr(item, "pk", item) for item in (value or [])]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(getattr(value, "pk", value))
    data.update({"memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    data.update(overrides)
    return data


def test_the_admin_refuses_public_when_the_same_post_unticks_the_shelter(director_client, shelter):
    url = admin_change_url(shelter)
    data = admin_data(
        director_client,
        url,
        services=[service("case-management").pk],
        street_address_visibility=Visibility.PUBLIC,
    )

    response = director_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["street_address_visibility"] == [PROTECTED_ADDRESS_MESSAGE]
    assert stored_visibility(shelter) == Visibility.STAFF
    assert shelter.services.filter(is_residential=True).exists()


def test_the_admin_keeps_the_protection_when_the_shelter_is_unticked_and_refuses_public_later(
    director_client, shelter
):
    url = admin_change_url(shelter)
    unticked = admin_data(
        director_client,
        url,
        services=[service("case-management").pk],
        street_address_visibility=Visibility.PARTNERS,
    )
    response = director_client.post(url, unticked)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not shelter.services.filter(is_residential=True).exists()
    assert protected(shelter)

    later = admin_data(director_client, url, street_address_visibility=Visibility.PUBLIC)
    response = director_client.post(url, later)

    assert response.status_code == 200
    assert PROTECTED_WORDS in response.content.decode()
    assert stored_visibility(shelter) == Visibility.PARTNERS


def test_the_admin_change_form_protects_when_shelter_is_ticked(director_client, organization):
    url = admin_change_url(organization)
    data = admin_data(
        director_client,
        url,
        services=[service("emergency-shelter").pk],
        street_address_visibility=Visibility.STAFF,
    )

    response = director_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert protected(organization)


def test_the_admin_change_form_refuses_public_when_shelter_is_ticked(director_client, organization):
    url = admin_change_url(organization)
    data = admin_data(
        director_client,
        url,
        services=[service("emergency-shelter").pk],
        street_address_visibility=Visibility.PUBLIC,
    )

    response = director_client.post(url, data)

    assert response.status_code == 200
    assert SHELTER_WORDS in response.content.decode()
    assert not protected(organization)


def test_the_admin_add_form_protects_a_new_shelter(director_client):
    url = reverse("admin:partners_organization_add")
    data = admin_data(
        director_client,
        url,
        name="New Dawn House",
        slug="new-dawn-house",
        sector=Organization._meta.get_field("sector").related_model.objects.first().pk,
        services=[service("emergency-shelter").pk],
        street_address=STREET,
        street_address_visibility=Visibility.STAFF,
        status="active",
    )

    response = director_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Organization.objects.get(slug="new-dawn-house").street_address_protected


def test_the_admin_cannot_set_the_flag_directly(director_client, former_shelter):
    """The flag is shown, never edited: only the release (below) clears it."""
    url = admin_change_url(former_shelter)
    form = director_client.get(url).context["adminform"].form
    assert "street_address_protected" not in form.fields

    data = admin_data(director_client, url, street_address_protected="")
    director_client.post(url, data)

    assert protected(former_shelter)


# --- Approving an application that offers shelter --------------------------------------------


def test_approving_an_application_offering_shelter_protects_the_new_organization(director):
    application = ApplicationFactory(
        services=[service("emergency-shelter"), service("case-management")]
    )

    application = approve_application(application=application, acting_user=director)

    organization = application.organization
    assert protected(organization)
    assert stored_visibility(organization) == Visibility.STAFF
    latest = organization.history.latest()
    assert latest.history_change_reason == PROTECTED_REASON
    assert latest.history_user == director


def test_approving_an_application_without_shelter_leaves_the_address_unprotected(director):
    application = approve_application(application=ApplicationFactory(), acting_user=director)
    assert not protected(application.organization)


# --- Only the director releases it, recorded in history --------------------------------------


def test_the_director_releases_the_protection_and_history_says_who_and_why(
    former_shelter, director, primary_contact
):
    release_street_address_protection(
        organization=former_shelter, acting_user=director, reason=f"  {REASON}  "
    )

    assert not protected(former_shelter)
    latest = former_shelter.history.latest()
    assert latest.street_address_protected is False
    assert latest.history_user == director
    assert latest.history_change_reason == RELEASED_REASON_PREFIX + REASON
    assert latest.prev_record.street_address_protected is True
    # Nothing is published by the release itself ...
    assert stored_visibility(former_shelter) == Visibility.STAFF
    # ... but the address may now be made public by a later change.
    contact = MembershipFactory(organization=former_shelter, role=Role.PRIMARY_CONTACT).user
    update_profile(
        organization=former_shelter,
        acting_user=contact,
        changes={"street_address_visibility": Visibility.PUBLIC},
    )
    assert stored_visibility(former_shelter) == Visibility.PUBLIC


@pytest.mark.parametrize(
    "who", ["shelter_contact", "other_partner", "user", "inactive_director", "system"]
)
def test_nobody_but_the_director_releases_the_protection(request, former_shelter, who):
    if who == "system":
        acting_user = None
    elif who == "inactive_director":
        acting_user = request.getfixturevalue("director")
        acting_user.is_active = False
    else:
        acting_user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        release_street_address_protection(
            organization=former_shelter, acting_user=acting_user, reason=REASON
        )

    assert protected(former_shelter)


def test_the_release_is_refused_while_shelter_is_offered(shelter, director):
    with pytest.raises(ValidationError, match="remove those services first"):
        release_street_address_protection(organization=shelter, acting_user=director, reason=REASON)
    assert protected(shelter)


@pytest.mark.parametrize(
    "reason",
    [
        "",
        "   ",
        "x" * (RELEASE_REASON_MAX_LENGTH + 1),
        # One line of plain text, as every single-line field (issue 10, rule 7).
        "Closed in March\nReopened",
        "Closed in \u202eMarch",
        "Closed\tin March",
    ],
)
def test_the_release_needs_a_reason_that_fits_the_history(former_shelter, director, reason):
    with pytest.raises(ValidationError) as caught:
        release_street_address_protection(
            organization=former_shelter, acting_user=director, reason=reason
        )
    assert "reason" in caught.value.message_dict
    assert protected(former_shelter)


def test_a_reason_of_the_longest_length_is_kept_whole(former_shelter, director):
    reason = "y" * RELEASE_REASON_MAX_LENGTH
    release_street_address_protection(
        organization=former_shelter, acting_user=director, reason=reason
    )
    assert former_shelter.history.latest().history_change_reason.endswith(reason)


def test_releasing_an_unprotected_address_is_refused(organization, director):
    with pytest.raises(ValidationError, match="not protected"):
        release_street_address_protection(
            organization=organization, acting_user=director, reason=REASON
        )


def release_url(organization: Organization) -> str:
    return reverse("admin:partners_organization_release_street_address", args=[organization.pk])


def test_the_change_page_offers_the_release_only_when_it_can_happen(
    director_client, shelter, organization
):
    assert release_url(shelter) not in director_client.get(admin_change_url(shelter)).text
    assert release_url(organization) not in director_client.get(admin_change_url(organization)).text
    offices_only(shelter)
    assert release_url(shelter) in director_client.get(admin_change_url(shelter)).text


def test_the_director_releases_it_from_the_admin(director_client, former_shelter, totp_director):
    page = director_client.get(release_url(former_shelter))
    assert page.status_code == 200
    assert "Release the protection" in page.text

    response = director_client.post(release_url(former_shelter), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"] == admin_change_url(former_shelter)
    assert not protected(former_shelter)
    latest = former_shelter.history.latest()
    assert latest.history_user == totp_director
    assert latest.history_change_reason == RELEASED_REASON_PREFIX + REASON
    history_page = director_client.get(
        reverse("admin:partners_organization_history", args=[former_shelter.pk])
    )
    assert REASON in history_page.text


def test_the_admin_release_without_a_reason_changes_nothing(director_client, former_shelter):
    response = director_client.post(release_url(former_shelter), {"reason": ""})

    assert response.status_code == 200
    assert protected(former_shelter)


def test_the_admin_release_refuses_a_reason_on_two_lines(director_client, former_shelter):
    response = director_client.post(release_url(former_shelter), {"reason": "Closed\nin March"})

    assert response.status_code == 200
    assert "Keep this on one line" in response.text
    assert protected(former_shelter)


def test_the_admin_release_while_shelter_is_offered_says_why_and_changes_nothing(
    director_client, shelter
):
    page = director_client.get(release_url(shelter))
    assert "Remove those services first" in page.text

    response = director_client.post(release_url(shelter), {"reason": REASON}, follow=True)

    assert "remove those services first" in response.text
    assert protected(shelter)


@pytest.mark.parametrize("who", ["anonymous", "shelter_contact", "other_partner"])
def test_people_other_than_the_director_cannot_reach_the_admin_release(
    client, request, former_shelter, who
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.post(release_url(former_shelter), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert protected(former_shelter)


def test_the_director_without_a_second_factor_cannot_release_it_from_the_admin(
    client, totp_director, former_shelter
):
    client.force_login(totp_director)

    response = client.post(release_url(former_shelter), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert protected(former_shelter)


# --- No public page shows a protected address ------------------------------------------------


@pytest.mark.parametrize("page_name", ["directory", "profile"])
@pytest.mark.parametrize("who", ["anonymous", "director_without_2fa"])
def test_public_pages_never_show_a_protected_address(
    client_for_viewer, former_shelter, page_name, who
):
    Organization.objects.filter(pk=former_shelter.pk).update(
        street_address_visibility=Visibility.PARTNERS
    )
    url = (
        reverse("partners:directory")
        if page_name == "directory"
        else former_shelter.get_absolute_url()
    )

    html = client_for_viewer(who).get(url).content.decode()

    assert former_shelter.name in html
    assert "77 Sentinel Row" not in html


def test_partners_still_see_a_protected_address_shared_with_partners(
    client_for_viewer, former_shelter
):
    Organization.objects.filter(pk=former_shelter.pk).update(
        street_address_visibility=Visibility.PARTNERS
    )
    html = client_for_viewer("other_partner").get(former_shelter.get_absolute_url()).text
    assert "77 Sentinel Row" in html


def test_effective_visibility_floors_a_protected_address_whatever_is_stored(former_shelter):
    """Defence in depth: even a copy in memory saying "Public" (the database refuses to store
    it) is shown to partners at most."""
    former_shelter.street_address_visibility = Visibility.PUBLIC

    assert visibility.effective_visibility(former_shelter, "street_address") == Visibility.PARTNERS
    assert not visibility.can_see(former_shelter, "street_address", None)
    assert Visibility.PUBLIC not in visibility.allowed_visibilities(
        former_shelter, "street_address"
    )


def test_a_released_former_shelter_may_show_its_address_publicly(client, former_shelter, director):
    release_street_address_protection(
        organization=former_shelter, acting_user=director, reason=REASON
    )
    Organization.objects.filter(pk=former_shelter.pk).update(
        street_address_visibility=Visibility.PUBLIC
    )

    assert "77 Sentinel Row" in client.get(former_shelter.get_absolute_url()).text


# --- The data migration: organizations offering shelter when it runs --------------------------


def test_the_data_migration_protects_todays_shelters_with_a_history_record(organization):
    """Run with the models as the migration sees them (no custom save, no signals)."""
    migration = importlib.import_module(
        "partners.migrations.0013_protect_current_shelter_addresses"
    )
    apps = (
        MigrationLoader(connection)
        .project_state(("partners", "0012_organization_street_address_protected"))
        .apps
    )
    organization.services.set([service("emergency-shelter"), service("case-management")])
    organization.counties.set([area("Boone County")])
    # As before the migration: not protected, and stored as public.
    Organization.objects.filter(pk=organization.pk).update(
        street_address_protected=False,
        street_address=STREET,
        street_address_visibility=Visibility.PUBLIC,
    )
    office = OrganizationFactory(services=[service("legal-services")])
    Organization.objects.filter(pk=office.pk).update(street_address_visibility=Visibility.PUBLIC)

    migration.protect_current_shelter_addresses(apps, None)

    assert protected(organization)
    assert stored_visibility(organization) == Visibility.PARTNERS
    assert not protected(office)
    assert stored_visibility(office) == Visibility.PUBLIC
    record = organization.history.latest()
    assert record.history_change_reason == PROTECTED_REASON
    assert record.history_user is None
    assert record.street_address_protected
    assert {s.service.slug for s in record.services.all()} == {
        "emergency-shelter",
        "case-management",
    }
    assert [c.area.name for c in record.counties.all()] == ["Boone County"]

    records = organization.history.count()
    migration.protect_current_shelter_addresses(apps, None)  # again: nothing more
    assert organization.history.count() == records
