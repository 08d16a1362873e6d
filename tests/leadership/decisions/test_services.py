"""Services: partner seats through an organization's life, delegates, votes, settling, adoption,
admission."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leadership.decisions import confirmations, services
from leadership.models import Delegation, ProposalKind, Seat, SeatKind, Vote, VoteChoice
from leadership.seats import services as seat_services
from partners.applications.services import (
    approve_application,
    decline_application,
    withdraw_application,
)
from partners.models import (
    ApplicationStatus,
    Invitation,
    Organization,
    OrganizationStatus,
    Role,
)
from partners.people.services import end_membership
from tests.factories import MembershipFactory, OrganizationFactory
from tests.leadership.factories import (
    AdmitProposalFactory,
    DelegationFactory,
    ProposalFactory,
    TermFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def withdraw(organization):
    organization.status = OrganizationStatus.WITHDRAWN
    organization.save(update_fields=["status"])


class TestPartnerSeats:
    def test_approved_organization_gets_a_seat_held_by_its_executive_leader(
        self, organization, executive_leader
    ):
        seat = seat_services.ensure_partner_seat(organization=organization, on=D(2025, 3, 1))
        assert (seat.kind, seat.organization, seat.active) == (
            SeatKind.PARTNER,
            organization,
            True,
        )
        term = seat.terms.get()
        assert (term.person, term.started_on, term.ended_on, term.title) == (
            executive_leader,
            D(2025, 3, 1),
            None,
            "Executive Director",
        )

    def test_ensuring_the_seat_twice_creates_nothing_more(self, organization, executive_leader):
        seat_services.ensure_partner_seat(organization=organization, on=D(2025, 3, 1))
        seat_services.ensure_partner_seat(organization=organization, on=D(2025, 4, 1))
        assert Seat.objects.filter(organization=organization).count() == 1
        assert Seat.objects.get(organization=organization).terms.count() == 1

    def test_organization_without_an_executive_leader_gets_a_vacant_seat(self, organization):
        seat = seat_services.ensure_partner_seat(organization=organization)
        assert not seat.terms.exists()

    def test_withdrawal_ends_the_current_term_that_day_and_keeps_it(
        self, organization, executive_leader
    ):
        seat_services.ensure_partner_seat(organization=organization, on=D(2025, 3, 1))
        withdraw(organization)
        term = seat_services.end_partner_seat_term(organization=organization, on=D(2026, 2, 10))
        assert term.ended_on == D(2026, 2, 10)
        seat = Seat.objects.get(organization=organization)
        assert not seat.active
        assert seat.terms.count() == 1  # history stays
        assert term.history.count() == 2  # created, then ended

    def test_withdrawal_is_idempotent_and_quiet_without_a_seat(self, organization):
        assert seat_services.end_partner_seat_term(organization=organization) is None
        seat_services.ensure_partner_seat(organization=organization)
        assert seat_services.end_partner_seat_term(organization=organization) is None

    def test_readmitted_organization_gets_its_seat_back_with_a_new_term(
        self, organization, executive_leader
    ):
        seat_services.ensure_partner_seat(organization=organization, on=D(2024, 1, 1))
        seat_services.end_partner_seat_term(organization=organization, on=D(2025, 1, 1))
        seat = seat_services.ensure_partner_seat(organization=organization, on=D(2026, 1, 1))
        assert seat.active
        assert list(seat.terms.order_by("started_on").values_list("started_on", "ended_on")) == [
            (D(2024, 1, 1), D(2025, 1, 1)),
            (D(2026, 1, 1), None),
        ]

    def test_start_term_refuses_an_overlap(self):
        term = TermFactory(started_on=D(2020, 1, 1))
        with pytest.raises(ValidationError, match="overlaps"):
            seat_services.start_term(seat=term.seat, name="Sam Roe", started_on=D(2021, 1, 1))


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

    def test_non_voting_organizations_lists_active_partners_without_a_vote(
        self, open_proposal, organization, other_organization
    ):
        VoteFactory(proposal=open_proposal, organization=organization)
        withdrawn = OrganizationFactory()
        withdraw(withdrawn)
        assert list(services.non_voting_organizations(open_proposal)) == [other_organization]


class TestConfirmAdoption:
    def test_only_the_director_confirms(self, closed_proposal, executive_leader):
        with pytest.raises(PermissionDenied):
            confirmations.confirm_adoption(proposal=closed_proposal, acting_user=executive_leader)

    def test_only_a_values_proposal_can_be_confirmed(self, director, closed_proposal):
        with pytest.raises(ValidationError, match="Only a proposal to adopt"):
            confirmations.confirm_adoption(proposal=closed_proposal, acting_user=director)


@pytest.fixture
def draft_version(db):
    from partners.models import SharedValue, ValuesVersion

    version = ValuesVersion.objects.create(
        label="2027", slug="2027", vision="A Missouri free of trafficking.", mission="Together."
    )
    SharedValue.objects.create(version=version, name="Survivors first", description="Always.")
    return version


def adopt_values_proposal(version, **kwargs):
    now = timezone.now()
    return ProposalFactory(
        kind=ProposalKind.ADOPT_VALUES,
        values_version=version,
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now - datetime.timedelta(days=1),
        **kwargs,
    )


class TestAdoptingAValuesVersion:
    def test_confirming_a_passed_proposal_adopts_the_version_once(
        self, director, organization, draft_version
    ):
        from partners.models import ValuesVersionStatus

        proposal = adopt_values_proposal(draft_version)
        VoteFactory(proposal=proposal, organization=organization, choice=VoteChoice.YES)
        proposal = confirmations.confirm_adoption(proposal=proposal, acting_user=director)
        draft_version.refresh_from_db()
        assert draft_version.status == ValuesVersionStatus.ADOPTED
        assert proposal.title in draft_version.adoption_note
        assert proposal.adoption_confirmed_by == director
        with pytest.raises(ValidationError, match="already confirmed"):
            confirmations.confirm_adoption(proposal=proposal, acting_user=director)

    def test_a_failed_proposal_adopts_nothing(self, director, organization, draft_version):
        proposal = adopt_values_proposal(draft_version)
        VoteFactory(proposal=proposal, organization=organization, choice=VoteChoice.NO)
        with pytest.raises(ValidationError, match="did not pass"):
            confirmations.confirm_adoption(proposal=proposal, acting_user=director)
        draft_version.refresh_from_db()
        assert draft_version.is_draft

    def test_a_values_proposal_must_name_its_version(self, draft_version, director):
        proposal = ProposalFactory.build(kind=ProposalKind.ADOPT_VALUES, created_by=director)
        with pytest.raises(ValidationError) as error:
            proposal.full_clean()
        assert "values_version" in error.value.error_dict
        general = ProposalFactory.build(values_version=draft_version, created_by=director)
        with pytest.raises(ValidationError) as error:
            general.full_clean()
        assert "values_version" in error.value.error_dict


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks (the e-mails) of what happens inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def passed_admission(organization, **kwargs):
    """A closed proposal to admit an applicant, passed by one yes vote."""
    proposal = AdmitProposalFactory(**kwargs)
    VoteFactory(proposal=proposal, organization=organization, choice=VoteChoice.YES)
    return proposal


class TestConfirmAdmission:
    def test_confirming_a_passed_admission_approves_the_application_and_invites_its_people(
        self, director, organization, commit
    ):
        proposal = passed_admission(organization)
        application = proposal.application
        with commit():
            proposal = confirmations.confirm_admission(proposal=proposal, acting_user=director)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.APPROVED
        admitted = application.organization
        assert admitted.name == application.organization_name
        assert admitted.status == OrganizationStatus.ACTIVE
        assert proposal.admission_confirmed_by == director
        assert proposal.admission_confirmed_at is not None
        assert proposal.title in application.transitions.get(to_status="approved").note
        assert sorted(
            Invitation.objects.filter(organization=admitted).values_list("email", "role")
        ) == sorted(
            [
                (application.contact_email, Role.PRIMARY_CONTACT),
                (application.executive_email, Role.EXECUTIVE_LEADER),
            ]
        )
        recipients = sorted(message.to[0] for message in mail.outbox)
        # The two invitations, and the welcome to the contact person.
        assert recipients == sorted(
            [application.contact_email, application.contact_email, application.executive_email]
        )

    def test_calls_approve_application_once_with_the_application_and_the_director(
        self, director, organization
    ):
        proposal = passed_admission(organization)
        with mock.patch(
            "leadership.decisions.confirmations.approve_application",
            wraps=confirmations.approve_application,
        ) as approve:
            confirmations.confirm_admission(proposal=proposal, acting_user=director)
            with pytest.raises(ValidationError):
                confirmations.confirm_admission(proposal=proposal, acting_user=director)
        approve.assert_called_once()
        assert approve.call_args.kwargs["application"] == proposal.application
        assert approve.call_args.kwargs["acting_user"] == director

    def test_a_second_confirmation_is_refused_clearly_and_creates_nothing_more(
        self, director, organization
    ):
        proposal = passed_admission(organization)
        confirmations.confirm_admission(proposal=proposal, acting_user=director)
        organizations = Organization.objects.count()
        with pytest.raises(ValidationError, match="already confirmed") as error:
            confirmations.confirm_admission(proposal=proposal, acting_user=director)
        assert proposal.application.reference in error.value.messages[0]
        assert Organization.objects.count() == organizations
        assert proposal.application.transitions.filter(to_status="approved").count() == 1

    def test_only_the_director_confirms_an_admission(self, organization, executive_leader):
        proposal = passed_admission(organization)
        with pytest.raises(PermissionDenied):
            confirmations.confirm_admission(proposal=proposal, acting_user=executive_leader)
        proposal.application.refresh_from_db()
        assert proposal.application.status == ApplicationStatus.SUBMITTED

    def test_a_failed_admission_approves_nothing(self, director, organization):
        proposal = AdmitProposalFactory()
        VoteFactory(proposal=proposal, organization=organization, choice=VoteChoice.NO)
        with pytest.raises(ValidationError, match="did not pass"):
            confirmations.confirm_admission(proposal=proposal, acting_user=director)
        proposal.application.refresh_from_db()
        assert proposal.application.status == ApplicationStatus.SUBMITTED
        assert not Organization.objects.filter(name=proposal.application.organization_name).exists()

    def test_an_admission_still_open_cannot_be_confirmed(self, director, organization):
        now = timezone.now()
        proposal = AdmitProposalFactory(closes_at=now + datetime.timedelta(days=2))
        VoteFactory(proposal=proposal, organization=organization, choice=VoteChoice.YES)
        with pytest.raises(ValidationError, match="once it has closed and passed"):
            confirmations.confirm_admission(proposal=proposal, acting_user=director)
        proposal.application.refresh_from_db()
        assert proposal.application.status == ApplicationStatus.SUBMITTED

    def test_an_application_approved_meanwhile_is_refused_clearly(self, director, organization):
        proposal = services.settle_proposal(proposal=passed_admission(organization))
        approve_application(application=proposal.application, acting_user=director)
        with pytest.raises(ValidationError, match="is approved, so it can no longer be approved"):
            confirmations.confirm_admission(proposal=proposal, acting_user=director)
        assert Organization.objects.filter(name=proposal.application.organization_name).count() == 1
        proposal.refresh_from_db()
        assert proposal.admission_confirmed_at is None

    @pytest.mark.parametrize("status", ["declined", "withdrawn"])
    def test_a_declined_or_withdrawn_application_is_refused_clearly(
        self, director, organization, status
    ):
        proposal = passed_admission(organization)
        if status == "declined":
            decline_application(application=proposal.application, acting_user=director)
        else:
            withdraw_application(application=proposal.application)
        with pytest.raises(ValidationError, match=f"is {status}.*can no longer be approved"):
            confirmations.confirm_admission(proposal=proposal, acting_user=director)
        assert not Organization.objects.filter(name=proposal.application.organization_name).exists()

    def test_only_a_proposal_to_admit_can_approve_an_application(self, director, closed_proposal):
        with pytest.raises(ValidationError, match="Only a proposal to admit"):
            confirmations.confirm_admission(proposal=closed_proposal, acting_user=director)

    def test_a_refused_approval_leaves_the_proposal_unconfirmed(self, director, organization):
        proposal = services.settle_proposal(proposal=passed_admission(organization))
        # A partner of the same name exists: approve_application refuses, and nothing is kept.
        OrganizationFactory(name=proposal.application.organization_name)
        with pytest.raises(ValidationError, match="already exists"):
            confirmations.confirm_admission(proposal=proposal, acting_user=director)
        proposal.refresh_from_db()
        proposal.application.refresh_from_db()
        assert proposal.admission_confirmed_at is None
        assert proposal.application.status == ApplicationStatus.SUBMITTED
        assert not Invitation.objects.exists()
