"""The Coalition Director's admin: pages open, the CSV export, the deactivate action, access."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from partners.models import Invitation, Organization, OrganizationStatus, Visibility
from partners.models.invitations import hash_token
from partners.organizations.services import deactivate_organizations
from tests.factories import MembershipFactory, OrganizationFactory, area


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: f"{m._meta.app_label}.{m.__name__}"
)
def test_director_opens_every_changelist(director_client, model, organization):
    assert director_client.get(admin_url(model, "changelist")).status_code == 200


def test_director_opens_organization_change_add_and_history_pages(
    director_client, organization, primary_contact
):
    organization.counties.set([area("Boone County")])
    change = director_client.get(admin_url(Organization, "change", organization.pk))
    assert change.status_code == 200
    html = change.content.decode()
    assert str(primary_contact) in html  # the memberships inline
    assert 'name="memberships-0-role"' in html
    assert "selectfilter" in html  # filter_horizontal
    assert director_client.get(admin_url(Organization, "add")).status_code == 200
    assert director_client.get(admin_url(Organization, "history", organization.pk)).status_code == (
        200
    )


def test_history_records_who_changed_what(director_client, organization, totp_director):
    change_url = admin_url(Organization, "change", organization.pk)
    form = director_client.get(change_url).context["adminform"].form
    data = {
        name: value for name, value in form.initial.items() if isinstance(value, str | int | bool)
    }
    data.update(
        name="Safe Harbor Alliance Renamed",
        slug=organization.slug,
        sector=organization.sector_id,
        counties=[area("Boone County").pk],
        **{f"memberships-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()},
    )
    response = director_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    latest = organization.history.latest()
    assert latest.name == "Safe Harbor Alliance Renamed"
    assert latest.history_user == totp_director
    history_page = director_client.get(admin_url(Organization, "history", organization.pk))
    assert "Safe Harbor Alliance Renamed" in history_page.content.decode()


def test_csv_export_contains_the_organizations_and_their_confidential_fields(
    director_client, organization
):
    Organization.objects.filter(pk=organization.pk).update(
        street_address="900 Confidential Way", street_address_visibility=Visibility.STAFF
    )
    organization.counties.set([area("Boone County")])

    response = director_client.post(
        admin_url(Organization, "export"), {"format": "0", "resource": "0"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    row = rows["Safe Harbor Alliance"]
    assert row["street_address"] == "900 Confidential Way"
    assert row["street_address_visibility"] == Visibility.STAFF
    assert row["counties"] == "Boone County"
    assert row["sector"] == "Nonprofit service provider"


@pytest.mark.parametrize("page_name", ["change", "changelist", "history", "export"])
def test_the_director_without_a_second_factor_sees_no_admin_page_of_an_organization(
    client, totp_director, organization, page_name
):
    """Issue 10, rule 9: the admin shows every confidential field, so it asks for a code of the
    authenticator app first; the CSV export too."""
    Organization.objects.filter(pk=organization.pk).update(
        street_address="900 Confidential Way", street_address_visibility=Visibility.STAFF
    )
    client.force_login(totp_director)
    args = [] if page_name in ("changelist", "export") else [organization.pk]
    url = admin_url(Organization, page_name, *args)

    for response in (client.get(url), client.post(url, {"format": "0", "resource": "0"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_reauthenticate"))
        assert "900 Confidential Way" not in response.content.decode()


def test_deactivate_action_sets_inactive_with_today(director_client, organization, totp_director):
    withdrawn = OrganizationFactory(status=OrganizationStatus.WITHDRAWN)
    response = director_client.post(
        admin_url(Organization, "changelist"),
        {"action": "deactivate", "_selected_action": [organization.pk, withdrawn.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 organization deactivated." in response.content.decode()

    organization.refresh_from_db()
    assert organization.status == OrganizationStatus.INACTIVE
    assert organization.status_changed_on == timezone.localdate()
    assert organization.history.latest().history_user == totp_director
    withdrawn.refresh_from_db()
    assert withdrawn.status == OrganizationStatus.WITHDRAWN
    # A deactivated partner leaves the public directory at once.
    assert director_client.get(organization.get_absolute_url()).status_code == 404


def test_deactivate_organizations_counts_only_active_ones(organization, director):
    OrganizationFactory(status=OrganizationStatus.INACTIVE)
    assert deactivate_organizations(queryset=Organization.objects.all(), acting_user=director) == 1
    assert deactivate_organizations(queryset=Organization.objects.all(), acting_user=director) == 0


def test_deactivate_action_works_on_an_organization_with_text_stored_before_the_line_rule(
    director_client, organization
):
    """Rows written before a validator existed (issue 10's single-line rule) must not stop the
    director from deactivating the partner: the status change checks what it changes."""
    Organization.objects.filter(pk=organization.pk).update(languages="English\tSpanish")
    director_client.raise_request_exception = False
    response = director_client.post(
        admin_url(Organization, "changelist"),
        {"action": "deactivate", "index": "0", "_selected_action": [organization.pk]},
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.status == OrganizationStatus.INACTIVE


def test_organizations_cannot_be_deleted_in_admin(director_client, organization):
    response = director_client.get(admin_url(Organization, "delete", organization.pk))
    assert response.status_code == 403


def test_invitation_admin_is_read_only_and_shows_only_the_token_hash(
    director_client, organization, primary_contact
):
    invitation = Invitation.objects.create(
        organization=organization,
        email="new@example.org",
        token_hash=hash_token("secret-token-value"),
        invited_by=primary_contact,
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    response = director_client.get(admin_url(Invitation, "change", invitation.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert hash_token("secret-token-value") in html
    assert "secret-token-value" not in html
    assert 'name="email"' not in html  # nothing editable
    assert director_client.get(admin_url(Invitation, "add")).status_code == 403


def test_director_creates_an_email_based_user(director_client):
    from cate_portal.models import User

    response = director_client.post(
        reverse("admin:cate_portal_user_add"),
        {
            "email": "new.person@example.org",
            "full_name": "New Person",
            "usable_password": "true",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new.person@example.org").full_name == "New Person"


def test_membership_admin_shows_history(director_client, organization):
    membership = MembershipFactory(organization=organization)
    from partners.models import Membership

    url = admin_url(Membership, "history", membership.pk)
    assert director_client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "primary_contact", "other_partner"])
def test_people_who_are_not_coalition_staff_cannot_reach_admin(client, viewer, who, organization):
    user = viewer(who)
    if user is not None:
        client.force_login(user)
    for url in (
        "/admin/",
        admin_url(Organization, "changelist"),
        admin_url(Organization, "export"),
        admin_url(Organization, "change", organization.pk),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url
    response = client.post(admin_url(Organization, "export"), {"format": "0"})
    assert response.status_code == 302
    assert "Safe Harbor" not in response.content.decode()


def test_csv_export_neutralizes_text_that_a_spreadsheet_would_run_as_a_formula(
    director_client, organization
):
    Organization.objects.filter(pk=organization.pk).update(
        description='=HYPERLINK("http://evil.example","click")'
    )
    response = director_client.post(
        admin_url(Organization, "export"), {"format": "0", "resource": "0"}
    )
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert not rows["Safe Harbor Alliance"]["description"].startswith("=")
