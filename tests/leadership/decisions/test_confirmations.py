"""The director's confirmations: adopting a values version, admitting an organization."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leadership.decisions import confirmations, services
from leadership.models import ProposalKind, VoteChoice
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
from tests.factories import OrganizationFactory
from tests.leadership.factories import (
    AdmitProposalFactory,
    ProposalFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


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

    def test_the_history_keeps_the_settling_by_the_system_and_the_confirmation_by_the_director(
        self, director, organization, draft_version
    ):
        from cate_portal.actors import SYSTEM_REASON

        proposal = adopt_values_proposal(draft_version)
        VoteFactory(proposal=proposal, organization=organization, choice=VoteChoice.YES)
        confirmations.confirm_adoption(proposal=proposal, acting_user=director)
        settled, confirmed = proposal.history.order_by("history_date", "history_id")[1:3]
        assert settled.settled_at is not None and settled.adoption_confirmed_at is None
        assert (settled.history_user, settled.history_change_reason) == (None, SYSTEM_REASON)
        assert confirmed.adoption_confirmed_at is not None
        assert (confirmed.history_user, confirmed.history_change_reason) == (director, None)

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
