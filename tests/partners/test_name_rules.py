"""Organization names (issue 10, rule 7): one comparison key for every path, and no invisible
control characters in names or single-line fields.

Each path that can write a name is driven here: the model's save and the database's unique
key, the services' full_clean(), the public application form and its duplicate check, the
approval, the admin's add and change forms, the partner portal's forms, the demo's bulk seeding
and the data migration that filled the keys of existing rows.
"""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cate_portal.site.demo import seed_scale_data
from partners.applications import services as applications
from partners.applications.forms import ApplicationForm
from partners.models import Application, ApplicationStatus, Organization, Role, Visibility
from partners.models.organizations import name_key
from partners.organizations import services as organization_services
from partners.organizations.forms import OrganizationProfileForm
from partners.people import services as people
from partners.values.forms import SignAgreementForm

from ..factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    application_form_data,
    area,
    service,
)

pytestmark = pytest.mark.django_db

EXISTING = "Safe Harbor, Inc."
# Spellings a person may type for the same name.
SAME_NAME = [
    "safe harbor inc",
    "SAFE HARBOR INC.",
    "Safe  Harbor   Inc",
    "Safe-Harbor, Inc",
    # "Safe Harbor Inc" in full-width letters
    "\uff33\uff41\uff46\uff45 \uff28\uff41\uff52\uff42\uff4f\uff52 \uff29\uff4e\uff43",
]
OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE


@pytest.fixture
def existing(db) -> Organization:
    return OrganizationFactory(name=EXISTING)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def send(client, commit):
    def post(**overrides):
        with commit():
            return client.post("/apply/", application_form_data(**overrides))

    return post


# --- The stored key and the database ---------------------------------------------------------


def test_saving_an_organization_stores_its_name_key(existing):
    assert existing.name_key == "safe harbor inc"
    existing.name = "Safe Harbor House"
    existing.save(update_fields=["name"])
    existing.refresh_from_db()
    assert existing.name_key == "safe harbor house"


def test_the_database_refuses_a_second_organization_with_the_same_key(existing):
    # A path that skips full_clean() (a script, a race between two saves) still cannot do it.
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(name="SAFE HARBOR INC")
    assert Organization.objects.count() == 1


def test_an_application_stores_the_key_of_its_organization_name():
    application = ApplicationFactory(organization_name="Northland Survivor Network, L.L.C.")
    assert application.organization_name_key == "northland survivor network llc"


def test_bulk_seeding_sets_the_keys_that_bulk_create_would_leave_empty():
    seed_scale_data(count=2, password_hash="!", progress=False)
    for organization in Organization.objects.filter(slug__startswith="scale-partner-"):
        assert organization.name_key == name_key(organization.name) != ""


def test_the_data_migration_fills_keys_and_stops_on_names_that_already_clash(existing):
    migration = importlib.import_module("partners.migrations.0005_organization_name_key")
    other = OrganizationFactory(name="Riverbend Outreach")
    application = ApplicationFactory(organization_name="River-Bend Outreach")
    for pk in Organization.objects.values_list("pk", flat=True):  # stale keys (unique ones)
        Organization.objects.filter(pk=pk).update(name_key=f"stale {pk}")
    Application.objects.update(organization_name_key="")

    migration.fill_name_keys(django_apps, None)
    other.refresh_from_db()
    application.refresh_from_db()
    assert other.name_key == "riverbend outreach"
    assert application.organization_name_key == "river bend outreach"

    # Rows written before the rule: two names that compare equal.
    Organization.objects.filter(pk=other.pk).update(name="SAFE HARBOR INC", name_key="x")
    with pytest.raises(RuntimeError, match=re.escape("“Safe Harbor, Inc.” / “SAFE HARBOR INC”")):
        migration.fill_name_keys(django_apps, None)


# --- The services' full_clean() ---------------------------------------------------------------


@pytest.mark.parametrize("name", SAME_NAME)
def test_full_clean_refuses_a_name_that_compares_equal_to_another(existing, name):
    organization = Organization(name=name, slug="new-one", sector=existing.sector)
    with pytest.raises(ValidationError) as raised:
        organization.full_clean()
    assert raised.value.message_dict["name"] == [
        f"An organization with this name already exists: “{EXISTING}”. Names are compared "
        "ignoring capitals, spacing, punctuation and full-width letters; choose a name that "
        "differs in its letters or digits, or edit the existing organization."
    ]
    assert "name_key" not in raised.value.message_dict


def test_full_clean_accepts_the_organization_keeping_its_own_name(existing):
    existing.name = "SAFE HARBOR, INC."  # recapitalized: the same name, still its own
    existing.full_clean()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        (f"Safe{OVERRIDE}Harbor", "bidi_control"),
        ("Safe\nHarbor", "line_break"),
        ("Safe\tHarbor", "control_character"),
        ("Safe\u2028Harbor", "line_break"),
        ("-- . --", "no_letters"),
    ],
)
def test_full_clean_refuses_control_characters_and_names_without_letters(name, code):
    organization = OrganizationFactory.build(name=name, slug="x")
    with pytest.raises(ValidationError) as raised:
        organization.full_clean()
    assert [error.code for error in raised.value.error_dict["name"]] == [code]


def test_the_profile_service_refuses_a_control_character_in_a_single_line_field(
    organization, primary_contact
):
    with pytest.raises(ValidationError) as raised:
        organization_services.update_profile(
            organization=organization,
            acting_user=primary_contact,
            changes={"hours": f"Mon{OVERRIDE}Fri"},
        )
    assert "hours" in raised.value.message_dict
    organization.refresh_from_db()
    assert organization.hours == ""


def test_inviting_refuses_a_full_name_on_two_lines(organization, primary_contact):
    with pytest.raises(ValidationError) as raised:
        people.invite_person(
            organization=organization,
            acting_user=primary_contact,
            email="new@example.org",
            full_name="Robin\nReyes",
            role=Role.STAFF,
        )
    assert "full_name" in raised.value.message_dict
    assert mail.outbox == []


# --- The public application form --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organization_name", f"Northland {OVERRIDE}Survivor Network"),
        ("organization_name", "Northland\nSurvivor Network"),
        ("organization_name", "Northland\u2066Survivor\u2069 Network"),
        ("contact_name", f"Robin {OVERRIDE}Reyes"),
        ("contact_title", "Program\tDirector"),
        ("executive_name", "Alex\u200fMorgan"),
        ("executive_title", "Executive\rDirector"),
        ("contact_email", f"robin@north{OVERRIDE}land.example.org"),
        ("website", f"https://north{OVERRIDE}land.example.org"),
    ],
)
def test_the_application_form_refuses_control_characters_and_saves_nothing(send, field, value):
    response = send(**{field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any("Remove" in error or "one line" in error for error in errors), errors
    assert Application.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("name", SAME_NAME)
def test_an_application_whose_name_compares_equal_to_a_partner_is_flagged(send, existing, name):
    response = send(organization_name=name)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.is_flagged
    assert f"matches the existing organization “{EXISTING}”" in application.flag_reason


@pytest.mark.parametrize("name", SAME_NAME)
def test_an_application_whose_name_compares_equal_to_an_open_one_is_flagged(send, name):
    open_one = ApplicationFactory(organization_name=EXISTING)
    send(organization_name=name)
    flagged = Application.objects.exclude(pk=open_one.pk).get()
    assert flagged.is_flagged and open_one.reference in flagged.flag_reason


def test_a_different_name_is_not_flagged(send, existing):
    ApplicationFactory(organization_name="Safe Harbor Incorporated")
    send(organization_name="Safe Harbour Inc")
    assert not Application.objects.get(organization_name="Safe Harbour Inc").is_flagged


def test_the_application_form_refuses_a_name_of_punctuation_only():
    form = ApplicationForm(data=application_form_data(organization_name="- . -"))
    assert not form.is_valid()
    assert form.errors["organization_name"] == [
        "Enter a name with letters or digits: punctuation and spaces alone are not a name."
    ]


# --- Approval ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAME_NAME)
def test_approving_an_application_named_like_an_existing_partner_is_refused(
    director, existing, commit, name
):
    application = ApplicationFactory(organization_name=name)
    with pytest.raises(ValidationError, match=f"“{EXISTING}” already exists"), commit():
        applications.approve_application(application=application, acting_user=director)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert Organization.objects.count() == 1 and mail.outbox == []


def test_the_approve_button_shows_the_refusal_in_the_admin(director_client, existing):
    application = ApplicationFactory(organization_name="SAFE HARBOR INC")
    url = reverse("admin:partners_application_approve", args=[application.pk])
    response = director_client.post(url, {"note": ""}, follow=True)
    assert response.status_code == 200
    assert f"An organization named “{EXISTING}” already exists" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert Organization.objects.count() == 1


# --- The admin --------------------------------------------------------------------------------


def organization_post(name: str, slug: str, sector_id: int, **more) -> dict:
    data = {
        "name": name,
        "slug": slug,
        "sector": sector_id,
        "status": "active",
        "public_email_visibility": Visibility.PUBLIC,
        "public_phone_visibility": Visibility.PUBLIC,
        "street_address_visibility": Visibility.STAFF,
        "mailing_address_visibility": Visibility.PARTNERS,
        "hotline_number_visibility": Visibility.PUBLIC,
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    data.update(more)
    return data


ADD = reverse("admin:partners_organization_add")


@pytest.mark.parametrize("name", SAME_NAME)
def test_the_admin_add_form_refuses_a_name_that_compares_equal(director_client, existing, name):
    response = director_client.post(ADD, organization_post(name, "another", existing.sector_id))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["name"][0].startswith(
        f"An organization with this name already exists: “{EXISTING}”"
    )
    assert Organization.objects.count() == 1


@pytest.mark.parametrize(
    "name", [f"Quiet {OVERRIDE}Haven", "Quiet\u200eHaven", "Quiet\x1bHaven", "Quiet\u2029Haven"]
)
def test_the_admin_add_form_refuses_invisible_controls_in_a_name(director_client, existing, name):
    response = director_client.post(ADD, organization_post(name, "quiet", existing.sector_id))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]
    assert Organization.objects.count() == 1


def test_the_admin_add_form_stores_a_new_name_with_its_key(director_client, existing):
    response = director_client.post(
        ADD, organization_post("Quiet Haven (Columbia)", "quiet-haven", existing.sector_id)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Organization.objects.get(slug="quiet-haven").name_key == "quiet haven columbia"


def test_the_admin_change_form_refuses_a_rename_onto_another_name(director_client, existing):
    other = OrganizationFactory(name="Riverbend Outreach")
    url = reverse("admin:partners_organization_change", args=[other.pk])
    response = director_client.post(
        url, organization_post("safe harbor inc.", other.slug, other.sector_id)
    )
    assert response.status_code == 200
    assert "An organization with this name already exists" in response.content.decode()
    other.refresh_from_db()
    assert (other.name, other.name_key) == ("Riverbend Outreach", "riverbend outreach")


def test_the_admin_change_form_keeps_or_respells_the_organizations_own_name(
    director_client, existing
):
    url = reverse("admin:partners_organization_change", args=[existing.pk])
    response = director_client.post(
        url, organization_post("SAFE HARBOR INC", existing.slug, existing.sector_id)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    existing.refresh_from_db()
    assert (existing.name, existing.name_key) == ("SAFE HARBOR INC", "safe harbor inc")


def test_the_admin_change_form_refuses_controls_in_other_single_line_fields(
    director_client, existing
):
    url = reverse("admin:partners_organization_change", args=[existing.pk])
    response = director_client.post(
        url,
        organization_post(
            EXISTING, existing.slug, existing.sector_id, languages=f"English,{OVERRIDE} Spanish"
        ),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["languages"]
    existing.refresh_from_db()
    assert existing.languages == ""


# --- The partner portal -----------------------------------------------------------------------


def test_the_profile_form_does_not_edit_the_name(organization):
    assert "name" not in OrganizationProfileForm.base_fields


def test_the_profile_page_refuses_controls_and_saves_nothing(client, organization, primary_contact):
    client.force_login(primary_contact)
    url = reverse("portal:profile", args=[organization.slug])
    data = {
        "description": "We walk with survivors.",
        "sector": str(organization.sector_id),
        "public_email_visibility": Visibility.PUBLIC,
        "public_phone_visibility": Visibility.PUBLIC,
        "street_address_visibility": Visibility.STAFF,
        "mailing_address_visibility": Visibility.PARTNERS,
        "hotline_number_visibility": Visibility.PUBLIC,
        "counties": [str(area("Boone County").pk)],
        "services": [str(service("case-management").pk)],
        "serves_sex_trafficking": "on",
        "hours": f"Mon{OVERRIDE}Fri 9-5",
        "hotline_hours": "Day\nand night",
        "name": "Renamed Through The Profile",  # not a field of the form: ignored
    }
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "hours" in errors and "hotline_hours" in errors and "name" not in errors
    organization.refresh_from_db()
    assert (organization.name, organization.hours) == ("Safe Harbor Alliance", "")
    # Without the controls the same page saves, and the name stays as it was.
    data.update(hours="Mon-Fri 9-5", hotline_hours="")
    assert client.post(url, data).status_code == 302
    organization.refresh_from_db()
    assert (organization.name, organization.hours) == ("Safe Harbor Alliance", "Mon-Fri 9-5")


def test_the_people_page_refuses_an_invitation_with_a_control_in_the_name(
    client, organization, primary_contact
):
    client.force_login(primary_contact)
    response = client.post(
        reverse("portal:people", args=[organization.slug]),
        {"email": "new@example.org", "full_name": f"Robin {OVERRIDE}Reyes", "role": Role.STAFF},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    assert organization.invitations.count() == 0


def test_the_signature_form_refuses_controls_in_the_signers_name_and_title(organization):
    MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    form = SignAgreementForm(
        data={"signer_name": f"Robin {OVERRIDE}Reyes", "signer_title": "Director\nof Programs"},
        organizations=Organization.objects.all(),
    )
    assert not form.is_valid()
    assert form.errors["signer_name"] and form.errors["signer_title"]
