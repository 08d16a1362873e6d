"""The admin changes memberships through the people services, like the portal (issue 10,
rule 3): the last-primary-contact rule holds, the director is recorded, and the partner seat
follows its executive leader whether the role changes in the Membership admin or in the
Organization admin's inline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from leadership.models import Seat, SeatKind, Term
from partners.models import Membership, OrganizationStatus, Role
from partners.organizations.services import change_organization_status
from partners.people.services import LAST_PRIMARY_CONTACT_MESSAGE, change_role
from tests.factories import MembershipFactory, UserFactory
from tests.leadership.factories import DelegationFactory

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


def inline_post(organization, rows: list[dict], new_rows: list[dict] = ()) -> dict:
    """The Organization admin's form with these existing rows (each with its "id") and new rows."""
    rows = [*rows, *new_rows]
    data = {
        "name": organization.name,
        "slug": organization.slug,
        "sector": organization.sector_id,
        "status": organization.status,
        "memberships-TOTAL_FORMS": len(rows),
        "memberships-INITIAL_FORMS": len(rows) - len(new_rows),
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


# --- The partner seat follows the executive leader through both admin paths -------------------


def holder(organization):
    seat = Seat.objects.get(kind=SeatKind.PARTNER, organization=organization)
    term = seat.terms.current(timezone.localdate()).first()
    return term.person if term else None


def terms_of(organization):
    return Term.objects.filter(seat__organization=organization, seat__kind=SeatKind.PARTNER)


@pytest.fixture
def seated(organization, primary_contact):
    """An active partner with its seat and a primary contact, before any executive leader."""
    change_organization_status(
        organization=organization, status=OrganizationStatus.ACTIVE, acting_user=None
    )
    assert holder(organization) is None
    return organization


@pytest.fixture
def led(seated):
    """The partner's executive leader, holding its seat."""
    leader = MembershipFactory(organization=seated, role=Role.STAFF)
    change_role(membership=leader, role=Role.EXECUTIVE_LEADER, acting_user=None)
    leader.refresh_from_db()
    assert holder(seated) == leader.user
    return leader


def membership_url(membership):
    return reverse("admin:partners_membership_change", args=[membership.pk])


def organization_url(organization):
    return reverse("admin:partners_organization_change", args=[organization.pk])


def row(membership, **changes) -> dict:
    """One existing row of the inline."""
    data = {"id": membership.pk, **membership_post(membership, **changes)}
    del data["organization"]
    return data


def test_making_someone_executive_leader_in_the_membership_admin_gives_them_the_seat(
    director_client, director, seated
):
    colleague = MembershipFactory(organization=seated, role=Role.STAFF, title="Director")
    response = director_client.post(
        membership_url(colleague), membership_post(colleague, role=Role.EXECUTIVE_LEADER)
    )
    assert response.status_code == 302
    assert holder(seated) == colleague.user
    colleague.refresh_from_db()
    assert colleague.role == Role.EXECUTIVE_LEADER
    assert colleague.history.first().history_user == director
    assert terms_of(seated).get().history.first().history_user == director


def test_making_someone_executive_leader_in_the_organization_inline_moves_the_seat_to_them(
    director_client, seated, led
):
    colleague = MembershipFactory(organization=seated, role=Role.STAFF)
    rows = [row(led, role=Role.STAFF), row(colleague, role=Role.EXECUTIVE_LEADER)]
    response = director_client.post(organization_url(seated), inline_post(seated, rows))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert holder(seated) == colleague.user
    earlier = terms_of(seated).get(person=led.user)
    assert earlier.ended_on == timezone.localdate()


def test_adding_an_executive_leader_in_the_membership_admin_gives_them_the_seat(
    director_client, director, seated
):
    person = UserFactory()
    response = director_client.post(
        reverse("admin:partners_membership_add"),
        {
            "user": person.pk,
            "organization": seated.pk,
            "role": Role.EXECUTIVE_LEADER,
            "title": "Executive Director",
            "started_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    membership = Membership.objects.get(user=person)
    assert holder(seated) == person
    assert membership.history.get().history_user == director


def test_adding_an_executive_leader_in_the_organization_inline_gives_them_the_seat(
    director_client, seated
):
    person = UserFactory()
    new = {
        "user": person.pk,
        "role": Role.EXECUTIVE_LEADER,
        "title": "",
        "started_on": timezone.localdate().isoformat(),
        "ended_on": "",
    }
    response = director_client.post(organization_url(seated), inline_post(seated, [], [new]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert holder(seated) == person


def test_adding_someone_who_is_already_a_current_member_is_refused(
    director_client, seated, staff_member
):
    response = director_client.post(
        reverse("admin:partners_membership_add"),
        {
            "user": staff_member.pk,
            "organization": seated.pk,
            "role": Role.EXECUTIVE_LEADER,
            "title": "",
            "started_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "is already a current member" in response.content.decode()
    assert Membership.objects.filter(user=staff_member).count() == 1
    assert holder(seated) is None


def test_demoting_the_executive_leader_in_the_membership_admin_ends_their_term(
    director_client, seated, led
):
    response = director_client.post(membership_url(led), membership_post(led, role=Role.STAFF))
    assert response.status_code == 302
    assert holder(seated) is None
    assert terms_of(seated).get().ended_on == timezone.localdate()


def test_ending_the_executive_leader_in_the_membership_admin_ends_their_term(
    director_client, director, seated, led
):
    today = timezone.localdate().isoformat()
    response = director_client.post(membership_url(led), membership_post(led, ended_on=today))
    assert response.status_code == 302
    led.refresh_from_db()
    assert led.ended_on == timezone.localdate()
    assert led.history.first().history_user == director
    assert holder(seated) is None
    assert terms_of(seated).get().ended_on == timezone.localdate()


def test_ending_the_executive_leader_in_the_organization_inline_ends_their_term(
    director_client, seated, led
):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    rows = [row(led, ended_on=yesterday)]
    response = director_client.post(organization_url(seated), inline_post(seated, rows))
    assert response.status_code == 302, response.context["adminform"].form.errors
    led.refresh_from_db()
    assert led.ended_on == timezone.localdate() - datetime.timedelta(days=1)
    assert holder(seated) is None


def test_ending_a_delegate_in_the_admin_ends_their_delegation(director_client, director, seated):
    delegate = MembershipFactory(organization=seated, role=Role.STAFF)
    delegation = DelegationFactory(organization=seated, user=delegate.user)
    today = timezone.localdate().isoformat()
    response = director_client.post(
        membership_url(delegate), membership_post(delegate, ended_on=today)
    )
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.ended_on == timezone.localdate()
    assert delegation.history.first().history_user == director


# --- Refusals: shown on the form, and nothing half-written ------------------------------------


def test_ending_the_last_primary_contact_in_the_organization_inline_is_refused(
    director_client, seated, primary_contact
):
    contact = Membership.objects.get(user=primary_contact)
    today = timezone.localdate().isoformat()
    response = director_client.post(
        organization_url(seated), inline_post(seated, [row(contact, ended_on=today)])
    )
    assert response.status_code == 200
    assert LAST_PRIMARY_CONTACT_MESSAGE in response.content.decode()
    contact.refresh_from_db()
    assert contact.ended_on is None


def test_a_refused_row_leaves_the_other_rows_of_the_save_unchanged(
    director_client, seated, primary_contact
):
    colleague = MembershipFactory(organization=seated, role=Role.STAFF)
    contact = Membership.objects.get(user=primary_contact)
    today = timezone.localdate().isoformat()
    rows = [row(contact, ended_on=today), row(colleague, role=Role.EXECUTIVE_LEADER)]
    response = director_client.post(organization_url(seated), inline_post(seated, rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(f"{primary_contact}: {LAST_PRIMARY_CONTACT_MESSAGE}") in html
    colleague.refresh_from_db()
    assert colleague.role == Role.STAFF
    assert not colleague.history.filter(role=Role.EXECUTIVE_LEADER).exists()
    assert holder(seated) is None
    assert not terms_of(seated).exists()


def test_an_end_date_in_the_future_is_refused_on_the_field(director_client, seated, led):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = director_client.post(membership_url(led), membership_post(led, ended_on=tomorrow))
    assert response.status_code == 200
    assert "not in the future" in str(response.context["adminform"].form.errors["ended_on"])
    led.refresh_from_db()
    assert led.ended_on is None
    assert holder(seated) == led.user


def test_the_inline_keeps_a_membership_to_its_person(director_client, seated, staff_member):
    membership = Membership.objects.get(user=staff_member)
    someone_else = UserFactory()
    changed = row(membership)
    changed["user"] = someone_else.pk
    response = director_client.post(organization_url(seated), inline_post(seated, [changed]))
    assert response.status_code == 200
    assert "keeps its person and organization" in response.content.decode()
    membership.refresh_from_db()
    assert membership.user == staff_member


def test_the_inline_adds_no_membership_that_has_already_ended(director_client, seated):
    person = UserFactory()
    today = timezone.localdate().isoformat()
    new = {"user": person.pk, "role": Role.STAFF, "title": "", "started_on": today}
    response = director_client.post(
        organization_url(seated), inline_post(seated, [], [{**new, "ended_on": today}])
    )
    assert response.status_code == 200
    assert "A new membership starts current" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


def test_an_ended_membership_keeps_its_role(director_client, seated):
    former = MembershipFactory(organization=seated, role=Role.STAFF, ended_on=timezone.localdate())
    changed = row(former, role=Role.EXECUTIVE_LEADER, ended_on=former.ended_on.isoformat())
    response = director_client.post(organization_url(seated), inline_post(seated, [changed]))
    assert response.status_code == 200
    assert "its role and end stay as recorded" in response.content.decode()
    former.refresh_from_db()
    assert former.role == Role.STAFF
    assert holder(seated) is None
    form = director_client.get(membership_url(former)).context["adminform"].form
    assert "role" not in form.fields and "ended_on" not in form.fields


def test_a_title_changed_in_the_admin_is_recorded_with_the_director(
    director_client, director, seated, staff_member
):
    membership = Membership.objects.get(user=staff_member)
    response = director_client.post(
        membership_url(membership), membership_post(membership, title="Case Manager")
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.title == "Case Manager"
    assert membership.history.first().history_user == director
