import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partners.models import Membership, OrganizationStatus, Role
from partners.organizations import services as organization_services
from partners.people import selectors as people_selectors
from partners.people import services
from partners.values import services as values_services
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_member(organization, role):
    return MembershipFactory(organization=organization, role=role)


# --- update_profile / confirm_profile ------------------------------------------------------


# --- change_role / end_membership -----------------------------------------------------------


def test_last_primary_contact_cannot_be_removed(organization, primary_contact):
    membership = Membership.objects.get(user=primary_contact)
    with pytest.raises(ValidationError) as caught:
        services.end_membership(membership=membership, acting_user=primary_contact)
    assert "at least one primary contact" in str(caught.value)
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_last_primary_contact_cannot_be_demoted(organization, primary_contact):
    membership = Membership.objects.get(user=primary_contact)
    with pytest.raises(ValidationError) as caught:
        services.change_role(
            membership=membership, role=Role.EXECUTIVE_LEADER, acting_user=primary_contact
        )
    assert caught.value.code == "last_primary_contact"
    membership.refresh_from_db()
    assert membership.role == Role.PRIMARY_CONTACT


def test_primary_contact_can_leave_when_another_remains(organization, primary_contact):
    make_member(organization, Role.PRIMARY_CONTACT)
    membership = Membership.objects.get(user=primary_contact)
    services.end_membership(membership=membership, acting_user=primary_contact)
    membership.refresh_from_db()
    assert membership.ended_on == timezone.localdate()
    # Never deleted: the history stays.
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_ended_primary_contacts_do_not_count_as_remaining(organization, primary_contact):
    former = make_member(organization, Role.PRIMARY_CONTACT)
    former.ended_on = timezone.localdate()
    former.save()
    with pytest.raises(ValidationError):
        services.end_membership(
            membership=Membership.objects.get(user=primary_contact), acting_user=primary_contact
        )


def test_inactive_organization_may_lose_its_last_primary_contact(
    organization, primary_contact, director
):
    organization.status = OrganizationStatus.INACTIVE
    organization.save()
    membership = Membership.objects.get(user=primary_contact)
    services.end_membership(membership=membership, acting_user=director)
    membership.refresh_from_db()
    assert membership.ended_on is not None


def test_change_role_promotes_staff(organization, primary_contact, staff_member):
    membership = Membership.objects.get(user=staff_member)
    services.change_role(
        membership=membership, role=Role.PRIMARY_CONTACT, acting_user=primary_contact
    )
    membership.refresh_from_db()
    assert membership.role == Role.PRIMARY_CONTACT
    # Now the first primary contact may step down.
    first = Membership.objects.get(user=primary_contact)
    services.change_role(membership=first, role=Role.STAFF, acting_user=primary_contact)
    first.refresh_from_db()
    assert first.role == Role.STAFF


def test_executive_leader_manages_people(organization, primary_contact, staff_member):
    leader = make_member(organization, Role.EXECUTIVE_LEADER).user
    membership = Membership.objects.get(user=staff_member)
    services.end_membership(membership=membership, acting_user=leader)
    membership.refresh_from_db()
    assert membership.ended_on is not None


def test_staff_cannot_change_roles(organization, primary_contact, staff_member):
    membership = Membership.objects.get(user=staff_member)
    with pytest.raises(PermissionDenied):
        services.change_role(
            membership=membership, role=Role.PRIMARY_CONTACT, acting_user=staff_member
        )


def test_ended_membership_cannot_be_changed(organization, primary_contact, staff_member):
    membership = Membership.objects.get(user=staff_member)
    services.end_membership(membership=membership, acting_user=primary_contact)
    with pytest.raises(ValidationError):
        services.change_role(
            membership=membership, role=Role.PRIMARY_CONTACT, acting_user=primary_contact
        )


def test_director_may_manage_any_organization(organization, primary_contact, director):
    staff = make_member(organization, Role.STAFF)
    services.change_role(membership=staff, role=Role.EXECUTIVE_LEADER, acting_user=director)
    staff.refresh_from_db()
    assert staff.role == Role.EXECUTIVE_LEADER


def test_an_end_date_in_the_future_is_refused(organization, primary_contact, staff_member):
    membership = Membership.objects.get(user=staff_member)
    with pytest.raises(ValidationError, match="not in the future"):
        services.end_membership(
            membership=membership,
            acting_user=primary_contact,
            ended_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    membership.refresh_from_db()
    assert membership.is_current


def test_a_membership_cannot_end_before_it_started(organization, primary_contact, staff_member):
    membership = Membership.objects.get(user=staff_member)
    with pytest.raises(ValidationError, match="cannot end before it started"):
        services.end_membership(
            membership=membership,
            acting_user=primary_contact,
            ended_on=membership.started_on - datetime.timedelta(days=1),
        )


# --- add_membership / update_membership_details (the admin's ways) --------------------------


def test_the_director_adds_a_person_without_an_invitation(organization, director):
    person = UserFactory()
    membership = services.add_membership(
        organization=organization,
        user=person,
        role=Role.STAFF,
        title=" Case Manager ",
        acting_user=director,
    )
    assert (membership.title, membership.started_on) == ("Case Manager", timezone.localdate())
    assert membership.history.get().history_user == director


def test_managers_invite_rather_than_add(organization, primary_contact):
    with pytest.raises(PermissionDenied):
        services.add_membership(
            organization=organization,
            user=UserFactory(),
            role=Role.STAFF,
            acting_user=primary_contact,
        )


def test_a_current_member_is_not_added_twice(organization, staff_member, director):
    with pytest.raises(ValidationError, match="already a current member"):
        services.add_membership(
            organization=organization, user=staff_member, role=Role.STAFF, acting_user=director
        )


def test_a_former_member_may_be_added_again(organization, primary_contact, staff_member):
    former = Membership.objects.get(user=staff_member)
    services.end_membership(membership=former, acting_user=primary_contact)
    again = services.add_membership(
        organization=organization, user=staff_member, role=Role.STAFF, acting_user=None
    )
    assert again.pk != former.pk and again.is_current


def test_details_are_corrected_with_the_actor_recorded(organization, primary_contact, staff_member):
    membership = Membership.objects.get(user=staff_member)
    started_on = membership.started_on - datetime.timedelta(days=100)
    services.update_membership_details(
        membership=membership, title="Advocate", started_on=started_on, acting_user=primary_contact
    )
    membership.refresh_from_db()
    assert (membership.title, membership.started_on) == ("Advocate", started_on)
    assert membership.history.first().history_user == primary_contact


def test_staff_cannot_correct_details(organization, staff_member):
    membership = Membership.objects.get(user=staff_member)
    with pytest.raises(PermissionDenied):
        services.update_membership_details(
            membership=membership,
            title="Self-promoted",
            started_on=membership.started_on,
            acting_user=staff_member,
        )


# --- A former manager: their rights ended with the membership (issue 10, rule 4) -----------


@pytest.fixture
def former_manager(organization, primary_contact):
    membership = make_member(organization, Role.PRIMARY_CONTACT)
    services.end_membership(membership=membership, acting_user=primary_contact)
    return membership.user


FORMER_MANAGER_ATTEMPTS = {
    "update_profile": lambda o, user, member, invitation: organization_services.update_profile(
        organization=o, acting_user=user, changes={"languages": "Taken over"}
    ),
    "confirm_profile": lambda o, user, member, invitation: organization_services.confirm_profile(
        organization=o, acting_user=user
    ),
    "invite_person": lambda o, user, member, invitation: services.invite_person(
        organization=o, acting_user=user, email="friend@example.org", role=Role.PRIMARY_CONTACT
    ),
    "resend_invitation": lambda o, user, member, invitation: services.resend_invitation(
        invitation=invitation, acting_user=user
    ),
    "revoke_invitation": lambda o, user, member, invitation: services.revoke_invitation(
        invitation=invitation, acting_user=user
    ),
    "change_role": lambda o, user, member, invitation: services.change_role(
        membership=member, role=Role.PRIMARY_CONTACT, acting_user=user
    ),
    "end_membership": lambda o, user, member, invitation: services.end_membership(
        membership=member, acting_user=user
    ),
    "update_membership_details": lambda o, user, member, invitation: (
        services.update_membership_details(
            membership=member, title="Renamed", started_on=member.started_on, acting_user=user
        )
    ),
    "add_membership": lambda o, user, member, invitation: services.add_membership(
        organization=o, user=user, role=Role.PRIMARY_CONTACT, acting_user=user
    ),
    "sign_agreement": lambda o, user, member, invitation: values_services.sign_agreement(
        organization=o, acting_user=user, signer_name="Former", signer_title="Gone", attested=True
    ),
}


@pytest.mark.parametrize("attempt", sorted(FORMER_MANAGER_ATTEMPTS))
def test_a_former_manager_is_refused_by_every_service_of_the_organization(
    attempt, organization, primary_contact, staff_member, former_manager
):
    member = Membership.objects.get(user=staff_member)
    invitation = services.invite_person(
        organization=organization,
        acting_user=primary_contact,
        email="new@example.org",
        role="staff",
    )
    with pytest.raises(PermissionDenied):
        FORMER_MANAGER_ATTEMPTS[attempt](organization, former_manager, member, invitation)


# --- reminders -----------------------------------------------------------------------------


def test_primary_contact_emails_lists_only_current_primary_contacts(organization):
    current = make_member(organization, Role.PRIMARY_CONTACT).user
    make_member(organization, Role.STAFF)
    ended = make_member(organization, Role.PRIMARY_CONTACT)
    ended.ended_on = timezone.localdate()
    ended.save()
    make_member(OrganizationFactory(), Role.PRIMARY_CONTACT)
    deactivated = make_member(organization, Role.PRIMARY_CONTACT).user
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    assert people_selectors.primary_contact_emails(organization) == [current.email]


def test_user_factory_is_usable_for_acting_user():
    # Guard against a silently anonymous acting user: an unsaved stranger may not manage.
    stranger = UserFactory()
    organization = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        organization_services.confirm_profile(organization=organization, acting_user=stranger)


# --- restore_membership: undoing an ending the same day -----------------------------------


@pytest.fixture
def ended_staff(organization, primary_contact, staff_member):
    membership = Membership.objects.get(user=staff_member)
    return services.end_membership(membership=membership, acting_user=primary_contact)


def test_a_primary_contact_undoes_an_ending_the_same_day(ended_staff, primary_contact):
    restored = services.restore_membership(membership=ended_staff, acting_user=primary_contact)
    restored.refresh_from_db()
    assert restored.ended_on is None
    assert (restored.role, restored.started_on) == (Role.STAFF, ended_staff.started_on)


def test_both_the_ending_and_its_undoing_are_in_the_history(ended_staff, primary_contact):
    services.restore_membership(membership=ended_staff, acting_user=primary_contact)
    history = list(ended_staff.history.order_by("history_date", "history_id"))
    ended, restored = history[-2], history[-1]
    assert ended.ended_on == timezone.localdate()
    assert ended.history_user == primary_contact
    assert restored.ended_on is None
    assert restored.history_user == primary_contact
    assert restored.history_change_reason == services.RESTORED_REASON


@pytest.mark.parametrize("who", ["executive_leader", "staff", "other_partner", "director"])
def test_only_a_primary_contact_may_undo(who, ended_staff, organization, other_partner, director):
    acting_user = {
        "executive_leader": make_member(organization, Role.EXECUTIVE_LEADER).user,
        "staff": make_member(organization, Role.STAFF).user,
        "other_partner": other_partner,
        "director": director,
    }[who]
    with pytest.raises(PermissionDenied):
        services.restore_membership(membership=ended_staff, acting_user=acting_user)
    ended_staff.refresh_from_db()
    assert ended_staff.ended_on is not None


def test_the_system_does_not_undo_either(ended_staff):
    with pytest.raises(PermissionDenied):
        services.restore_membership(membership=ended_staff, acting_user=None)


def test_an_ending_of_an_earlier_day_cannot_be_undone(organization, primary_contact):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    membership = MembershipFactory(
        organization=organization, started_on=yesterday - datetime.timedelta(days=30)
    )
    services.end_membership(membership=membership, acting_user=primary_contact, ended_on=yesterday)
    with pytest.raises(ValidationError) as caught:
        services.restore_membership(membership=membership, acting_user=primary_contact)
    assert caught.value.code == "window_closed"


def test_the_window_closes_at_midnight_in_missouri(monkeypatch, ended_staff, primary_contact):
    """Ended on a day in America/Chicago: undoable at 11:59 p.m. there, not at 12:01 a.m."""
    from django.utils import timezone as django_timezone

    day = ended_staff.ended_on
    deadline = services.restore_deadline(ended_staff)
    assert deadline == datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    real_now = django_timezone.now
    monkeypatch.setattr(django_timezone, "now", lambda: deadline + datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as caught:
        services.restore_membership(membership=ended_staff, acting_user=primary_contact)
    assert caught.value.code == "window_closed"
    monkeypatch.setattr(django_timezone, "now", lambda: deadline - datetime.timedelta(minutes=1))
    services.restore_membership(membership=ended_staff, acting_user=primary_contact)
    monkeypatch.setattr(django_timezone, "now", real_now)


def test_someone_who_rejoined_is_not_restored_twice(ended_staff, organization, primary_contact):
    MembershipFactory(organization=organization, user=ended_staff.user)
    with pytest.raises(ValidationError) as caught:
        services.restore_membership(membership=ended_staff, acting_user=primary_contact)
    assert caught.value.code == "rejoined"


def test_a_current_membership_is_not_restored(organization, primary_contact, staff_member):
    membership = Membership.objects.get(user=staff_member)
    with pytest.raises(ValidationError) as caught:
        services.restore_membership(membership=membership, acting_user=primary_contact)
    assert caught.value.code == "not_ended"


def test_restoring_announces_the_change(ended_staff, primary_contact):
    from partners.signals import membership_changed

    received = []

    def listener(**kwargs):
        received.append(kwargs)

    membership_changed.connect(listener, dispatch_uid="test-restore")
    try:
        services.restore_membership(membership=ended_staff, acting_user=primary_contact)
    finally:
        membership_changed.disconnect(dispatch_uid="test-restore")
    assert len(received) == 1
    assert received[0]["restored"] is True
    assert received[0]["ended"] is False
    assert received[0]["previous_role"] == Role.STAFF
    assert received[0]["acting_user"] == primary_contact


def test_restorable_ids_follow_the_rule_in_two_queries(
    ended_staff, organization, primary_contact, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        ids = services.restorable_ids(
            organization=organization, user=primary_contact, memberships=[ended_staff]
        )
    assert ids == {ended_staff.pk}
    assert (
        services.restorable_ids(
            organization=organization, user=ended_staff.user, memberships=[ended_staff]
        )
        == set()
    )
