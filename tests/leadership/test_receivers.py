"""What leadership does when a partner's people change: the partner seat is held by the
executive leader whatever happens to them, and a voting delegation ends with the delegate's
membership."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cate_portal.actors import SYSTEM_REASON
from leadership.decisions.services import cast_vote, current_delegate, name_delegate
from leadership.models import Delegation, Seat, SeatKind, VoteChoice
from leadership.permissions import may_vote_for
from partners.models import Membership, OrganizationStatus, Role
from partners.organizations.services import change_organization_status
from partners.people.services import accept_invitation, change_role, end_membership, invite_person
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def holder(organization):
    seat = Seat.objects.filter(kind=SeatKind.PARTNER, organization=organization).first()
    if seat is None:
        return None
    term = seat.terms.current(timezone.localdate()).first()
    return term.person if term else None


@pytest.fixture
def seated(organization, primary_contact):
    """An active partner with its seat, before it has any executive leader."""
    change_organization_status(
        organization=organization, status=OrganizationStatus.ACTIVE, acting_user=None
    )
    assert holder(organization) is None
    return organization


def test_an_executive_leader_accepting_an_invitation_takes_the_seat(seated, primary_contact):
    invitation = invite_person(
        organization=seated,
        acting_user=primary_contact,
        email="leader@example.org",
        full_name="Lee Leader",
        role=Role.EXECUTIVE_LEADER,
    )
    membership = accept_invitation(
        token=invitation.token, full_name="Lee Leader", password="a long unusual passphrase 42"
    )
    assert holder(seated) == membership.user


def test_staff_accepting_an_invitation_leave_the_seat_alone(seated, primary_contact):
    invitation = invite_person(
        organization=seated,
        acting_user=primary_contact,
        email="staff@example.org",
        role=Role.STAFF,
    )
    accept_invitation(token=invitation.token, full_name="Sam", password="a long unusual phrase 42")
    assert holder(seated) is None


def test_demoting_the_leader_hands_the_seat_to_the_next_executive_leader(seated, primary_contact):
    first = MembershipFactory(organization=seated, role=Role.STAFF)
    second = MembershipFactory(organization=seated, role=Role.EXECUTIVE_LEADER)
    change_role(membership=first, role=Role.EXECUTIVE_LEADER, acting_user=primary_contact)
    # The longest-serving executive leader holds it: both are leaders now.
    assert holder(seated) in {first.user, second.user}
    current = holder(seated)
    leader_membership = Membership.objects.current().get(organization=seated, user=current)
    change_role(membership=leader_membership, role=Role.STAFF, acting_user=primary_contact)
    other = second.user if current == first.user else first.user
    assert holder(seated) == other


def test_the_leader_leaving_ends_the_term_and_leaves_the_seat_vacant(seated, primary_contact):
    leader = MembershipFactory(organization=seated, role=Role.STAFF)
    change_role(membership=leader, role=Role.EXECUTIVE_LEADER, acting_user=primary_contact)
    assert holder(seated) == leader.user
    end_membership(membership=leader, acting_user=primary_contact)
    assert holder(seated) is None
    seat = Seat.objects.get(kind=SeatKind.PARTNER, organization=seated)
    assert seat.terms.get().ended_on == timezone.localdate()


# --- Receivers run inside the sender's transaction ---------------------------------------------


class SeatFailure(Exception):
    pass


def test_a_failing_seat_receiver_rolls_the_status_change_back(organization, director):
    from unittest import mock

    with (
        mock.patch("leadership.receivers.end_partner_seat_term", side_effect=SeatFailure),
        pytest.raises(SeatFailure),
    ):
        change_organization_status(
            organization=organization, status=OrganizationStatus.INACTIVE, acting_user=director
        )
    organization.refresh_from_db()
    assert organization.status == OrganizationStatus.ACTIVE
    assert organization.history.count() == 1  # only its creation


def test_a_failing_seat_receiver_rolls_the_role_change_back(organization, director):
    from unittest import mock

    membership = MembershipFactory(organization=organization, role=Role.STAFF)
    with (
        mock.patch("leadership.receivers.sync_partner_seat", side_effect=SeatFailure),
        pytest.raises(SeatFailure),
    ):
        change_role(membership=membership, role=Role.EXECUTIVE_LEADER, acting_user=director)
    membership.refresh_from_db()
    assert membership.role == Role.STAFF


def test_partners_sends_and_leadership_receives_without_partners_importing_it():
    from partners.signals import membership_changed, organization_status_changed

    def dispatch_uids(signal):
        # Each entry starts with its lookup key: (dispatch_uid, sender id).
        return {entry[0][0] for entry in signal.receivers}

    assert "leadership.receivers.seat_follows_status" in dispatch_uids(organization_status_changed)
    assert "leadership.receivers.seat_follows_executive_leader" in dispatch_uids(membership_changed)


# --- A voting delegation ends with the delegate's membership (issue 10, rule 4) ---------------


@pytest.fixture
def delegate(organization, executive_leader):
    """A staff member of the organization, named its voting delegate by the executive leader."""
    membership = MembershipFactory(organization=organization, role=Role.STAFF)
    name_delegate(organization=organization, user=membership.user, acting_user=executive_leader)
    return membership


def test_a_delegate_leaving_ends_their_delegation_that_day_recording_who_acted(
    organization, primary_contact, delegate
):
    end_membership(membership=delegate, acting_user=primary_contact)
    delegation = Delegation.objects.get(user=delegate.user)
    assert delegation.ended_on == timezone.localdate()
    assert delegation.history.first().history_user == primary_contact
    assert current_delegate(organization) is None
    assert not may_vote_for(delegate.user, organization)


def test_a_delegation_ended_by_the_system_says_so(organization, delegate):
    end_membership(membership=delegate, acting_user=None)
    record = Delegation.objects.get(user=delegate.user).history.first()
    assert (record.history_user, record.history_change_reason) == (None, SYSTEM_REASON)


def test_a_role_change_keeps_the_delegation(organization, primary_contact, delegate):
    change_role(membership=delegate, role=Role.PRIMARY_CONTACT, acting_user=primary_contact)
    assert current_delegate(organization).user == delegate.user


def test_someone_else_leaving_keeps_the_delegation(
    organization, primary_contact, staff_member, delegate
):
    end_membership(
        membership=Membership.objects.get(user=staff_member), acting_user=primary_contact
    )
    assert current_delegate(organization).user == delegate.user


def test_a_delegate_leaving_another_organization_keeps_this_delegation(
    organization, other_organization, delegate
):
    elsewhere = MembershipFactory(organization=other_organization, user=delegate.user)
    end_membership(membership=elsewhere, acting_user=None)
    assert current_delegate(organization).user == delegate.user


def test_a_delegate_who_leaves_and_rejoins_starts_with_no_delegation(
    organization, primary_contact, delegate, open_proposal
):
    end_membership(membership=delegate, acting_user=primary_contact)
    invitation = invite_person(
        organization=organization,
        acting_user=primary_contact,
        email=delegate.user.email,
        role=Role.STAFF,
    )
    rejoined = accept_invitation(token=invitation.token, user=delegate.user)
    assert rejoined.pk != delegate.pk and rejoined.is_current
    assert current_delegate(organization) is None
    old = Delegation.objects.get(user=delegate.user)
    assert old.ended_on == timezone.localdate()
    assert not may_vote_for(delegate.user, organization)
    with pytest.raises(PermissionDenied):
        cast_vote(
            proposal=open_proposal,
            organization=organization,
            acting_user=delegate.user,
            choice=VoteChoice.YES,
        )


# --- Undoing the end of a membership the same day: never more than before ---------------------


def test_an_executive_leader_restored_takes_the_seat_back(seated, primary_contact):
    from partners.people.services import restore_membership

    leader = MembershipFactory(organization=seated, role=Role.STAFF)
    change_role(membership=leader, role=Role.EXECUTIVE_LEADER, acting_user=primary_contact)
    end_membership(membership=leader, acting_user=primary_contact)
    assert holder(seated) is None
    restore_membership(membership=leader, acting_user=primary_contact)
    assert holder(seated) == leader.user
    assert may_vote_for(leader.user, seated)


def test_a_restored_delegate_is_not_the_delegate_again(organization, primary_contact, delegate):
    from partners.people.services import restore_membership

    end_membership(membership=delegate, acting_user=primary_contact)
    restore_membership(membership=delegate, acting_user=primary_contact)
    assert Membership.objects.get(pk=delegate.pk).ended_on is None
    assert current_delegate(organization) is None
    assert not may_vote_for(delegate.user, organization)
    assert Delegation.objects.filter(user=delegate.user).count() == 1  # the ended one only


def test_ending_says_what_leadership_rights_go(seated, primary_contact, delegate, executive_leader):
    from partners.signals import membership_ending_consequences

    lines = membership_ending_consequences(delegate)
    assert len(lines) == 1
    assert lines[0].startswith(f"Being the voting delegate of {seated.name}")
    # The partner seat follows the executive leader at the next change of that role.
    other = MembershipFactory(organization=seated, role=Role.STAFF)
    change_role(membership=other, role=Role.EXECUTIVE_LEADER, acting_user=primary_contact)
    assert holder(seated) == executive_leader
    leader_lines = membership_ending_consequences(
        Membership.objects.get(user=executive_leader, organization=seated)
    )
    assert any(line.startswith("Casting the vote of") for line in leader_lines)
    assert any(line.startswith("Their term in the seat") for line in leader_lines)
    assert membership_ending_consequences(Membership.objects.get(user=primary_contact)) == []
