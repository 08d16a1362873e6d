"""Services: partner seats through an organization's life, delegates, votes, settling, adoption,
admission."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cate_portal.actors import SYSTEM_REASON
from leadership.decisions import services
from leadership.models import Delegation, Vote, VoteChoice
from partners.models import (
    OrganizationStatus,
    Role,
)
from partners.people.services import end_membership
from tests.factories import MembershipFactory, OrganizationFactory
from tests.leadership.factories import (
    DelegationFactory,
    ProposalFactory,
    VoteFactory,
    withdraw,
)

pytestmark = pytest.mark.django_db
D = datetime.date


class TestDelegates:
    def test_executive_leader_names_one_of_the_organization_people(
        self, organization, executive_leader, staff_member
    ):
        delegation = services.name_delegate(
            organization=organization, user=staff_member, acting_user=executive_leader
        )
        assert (delegation.user, delegation.named_by) == (staff_member, executive_leader)

    def test_naming_a_new_delegate_ends_the_previous_one(
        self, organization, executive_leader, staff_member, primary_contact
    ):
        services.name_delegate(
            organization=organization, user=staff_member, acting_user=executive_leader
        )
        services.name_delegate(
            organization=organization, user=primary_contact, acting_user=executive_leader
        )
        assert Delegation.objects.current().get(organization=organization).user == primary_contact
        assert Delegation.objects.filter(organization=organization).count() == 2

    def test_only_the_executive_leader_names_the_delegate(
        self, organization, primary_contact, staff_member, other_leader
    ):
        for acting_user in (primary_contact, staff_member, other_leader):
            with pytest.raises(PermissionDenied):
                services.name_delegate(
                    organization=organization, user=staff_member, acting_user=acting_user
                )

    def test_delegate_must_be_a_current_member(self, organization, executive_leader, other_partner):
        with pytest.raises(ValidationError, match="current people"):
            services.name_delegate(
                organization=organization, user=other_partner, acting_user=executive_leader
            )

    def test_an_executive_leader_is_never_a_delegate(self, organization, executive_leader):
        second_leader = MembershipFactory(
            organization=organization, role=Role.EXECUTIVE_LEADER
        ).user
        for user in (executive_leader, second_leader):
            with pytest.raises(ValidationError, match="executive leader votes already"):
                services.name_delegate(
                    organization=organization, user=user, acting_user=executive_leader
                )
        assert not Delegation.objects.exists()

    def test_an_inactive_organization_has_no_vote_to_delegate(
        self, organization, executive_leader, staff_member
    ):
        organization.status = OrganizationStatus.INACTIVE
        organization.save()
        with pytest.raises(ValidationError, match="no vote to delegate"):
            services.name_delegate(
                organization=organization, user=staff_member, acting_user=executive_leader
            )
        assert not Delegation.objects.exists()

    def test_a_former_executive_leader_names_no_delegate(
        self, organization, primary_contact, staff_member
    ):
        leader = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER)
        end_membership(membership=leader, acting_user=primary_contact)
        for attempt in (services.name_delegate, services.end_delegation):
            kwargs = {"user": staff_member} if attempt is services.name_delegate else {}
            with pytest.raises(PermissionDenied):
                attempt(organization=organization, acting_user=leader.user, **kwargs)


class TestCastVote:
    def test_executive_leader_casts_the_organization_vote(
        self, open_proposal, organization, executive_leader
    ):
        vote = services.cast_vote(
            proposal=open_proposal,
            organization=organization,
            acting_user=executive_leader,
            choice=VoteChoice.YES,
        )
        assert (vote.choice, vote.cast_by) == (VoteChoice.YES, executive_leader)

    def test_delegate_casts_the_vote(
        self, open_proposal, organization, executive_leader, staff_member
    ):
        services.name_delegate(
            organization=organization, user=staff_member, acting_user=executive_leader
        )
        vote = services.cast_vote(
            proposal=open_proposal,
            organization=organization,
            acting_user=staff_member,
            choice=VoteChoice.NO,
        )
        assert vote.cast_by == staff_member

    def test_a_delegate_whose_membership_ended_cannot_vote(self, open_proposal, organization):
        membership = MembershipFactory(organization=organization, role=Role.STAFF)
        DelegationFactory(organization=organization, user=membership.user)
        membership.ended_on = timezone.localdate()
        membership.save()
        with pytest.raises(PermissionDenied):
            services.cast_vote(
                proposal=open_proposal,
                organization=organization,
                acting_user=membership.user,
                choice=VoteChoice.YES,
            )

    @pytest.mark.parametrize("who", ["primary_contact", "staff_member", "other_leader", "director"])
    def test_others_cannot_cast_the_organization_vote(
        self, request, who, open_proposal, organization
    ):
        with pytest.raises(PermissionDenied, match="Only the executive leader"):
            services.cast_vote(
                proposal=open_proposal,
                organization=organization,
                acting_user=request.getfixturevalue(who),
                choice=VoteChoice.YES,
            )
        assert not Vote.objects.exists()

    def test_changing_the_vote_keeps_one_vote_and_the_earlier_choice_in_history(
        self, open_proposal, organization, executive_leader, staff_member
    ):
        services.cast_vote(
            proposal=open_proposal,
            organization=organization,
            acting_user=executive_leader,
            choice=VoteChoice.YES,
        )
        services.name_delegate(
            organization=organization, user=staff_member, acting_user=executive_leader
        )
        services.cast_vote(
            proposal=open_proposal,
            organization=organization,
            acting_user=staff_member,
            choice=VoteChoice.ABSTAIN,
        )
        vote = Vote.objects.get()
        assert (vote.choice, vote.cast_by) == (VoteChoice.ABSTAIN, staff_member)
        assert [h.choice for h in vote.history.order_by("history_date")] == ["yes", "abstain"]
        assert vote.history.earliest("history_date").history_user == executive_leader

    @pytest.mark.parametrize(
        ("proposal_fixture", "message"),
        [("closed_proposal", "closed on"), ("upcoming_proposal", "opens on")],
    )
    def test_closed_or_not_yet_open_proposal_refuses_votes_clearly(
        self, request, proposal_fixture, message, organization, executive_leader
    ):
        with pytest.raises(ValidationError, match=message):
            services.cast_vote(
                proposal=request.getfixturevalue(proposal_fixture),
                organization=organization,
                acting_user=executive_leader,
                choice=VoteChoice.YES,
            )
        assert not Vote.objects.exists()

    def test_inactive_organization_cannot_vote_but_keeps_its_past_votes(
        self, open_proposal, closed_proposal, organization, executive_leader
    ):
        past = VoteFactory(proposal=closed_proposal, organization=organization)
        withdraw(organization)
        with pytest.raises(ValidationError, match="not an active Collaborative Partner"):
            services.cast_vote(
                proposal=open_proposal,
                organization=organization,
                acting_user=executive_leader,
                choice=VoteChoice.YES,
            )
        assert list(Vote.objects.all()) == [past]

    def test_comment_required_for_no_when_the_proposal_asks(self, organization, executive_leader):
        proposal = ProposalFactory(requires_comment_for_no=True)
        with pytest.raises(ValidationError, match="comment"):
            services.cast_vote(
                proposal=proposal,
                organization=organization,
                acting_user=executive_leader,
                choice=VoteChoice.NO,
                comment="   ",
            )
        vote = services.cast_vote(
            proposal=proposal,
            organization=organization,
            acting_user=executive_leader,
            choice=VoteChoice.NO,
            comment="Too soon.",
        )
        assert vote.comment == "Too soon."

    def test_unknown_choice_is_refused(self, open_proposal, organization, executive_leader):
        with pytest.raises(ValidationError):
            services.cast_vote(
                proposal=open_proposal,
                organization=organization,
                acting_user=executive_leader,
                choice="maybe",
            )

    def test_votes_are_protected_from_deletion(self, open_proposal, organization):
        from django.db.models import ProtectedError

        VoteFactory(proposal=open_proposal, organization=organization)
        with pytest.raises(ProtectedError):
            open_proposal.delete()


class TestSettling:
    def test_settling_freezes_counts_and_eligible_partners(self, closed_proposal):
        voters = [OrganizationFactory() for _ in range(3)]
        OrganizationFactory()  # active, did not vote
        for organization, choice in zip(voters, ["yes", "yes", "no"], strict=True):
            VoteFactory(proposal=closed_proposal, organization=organization, choice=choice)
        withdraw(voters[2])  # voted while active: still counted, and still eligible
        proposal = services.settle_proposal(proposal=closed_proposal)
        assert (proposal.yes_count, proposal.no_count, proposal.abstain_count) == (2, 1, 0)
        assert proposal.eligible_at_close == 4
        OrganizationFactory()  # joins after the close: the result does not move
        result = services.result_for(proposal)
        assert (result.eligible, result.quorum_met, result.passed) == (4, True, True)

    def test_an_open_proposal_is_not_settled(self, open_proposal):
        assert not services.settle_proposal(proposal=open_proposal).is_settled

    def test_settle_closed_proposals_settles_each_once(self, closed_proposal, open_proposal):
        assert services.settle_closed_proposals() == 1
        assert services.settle_closed_proposals() == 0

    def test_settling_is_recorded_as_the_system_not_the_partner_who_opened_the_page(
        self, client, closed_proposal, executive_leader
    ):
        """A page settles the proposals that have closed: the history must not name whoever
        happened to open it (simple-history would take the request's user)."""
        client.force_login(executive_leader)
        assert client.get("/leadership/decisions/").status_code == 200
        closed_proposal.refresh_from_db()
        assert closed_proposal.is_settled
        latest = closed_proposal.history.latest()
        assert latest.settled_at is not None
        assert latest.history_user is None
        assert latest.history_change_reason == SYSTEM_REASON

    def test_non_voting_organizations_lists_active_partners_without_a_vote(
        self, open_proposal, organization, other_organization
    ):
        VoteFactory(proposal=open_proposal, organization=organization)
        withdrawn = OrganizationFactory()
        withdraw(withdrawn)
        assert list(services.non_voting_organizations(open_proposal)) == [other_organization]
