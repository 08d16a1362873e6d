"""The director's admin for leadership: pages open, overlaps refused, votes read-only, voting
delegates named and ended through the same services as the portal."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadership.models import Delegation, Proposal, Seat, Vote
from partners.applications.services import decline_application
from partners.models import Organization, OrganizationStatus
from tests.factories import ApplicationFactory, MembershipFactory
from tests.leadership.factories import (
    AdmitProposalFactory,
    DelegationFactory,
    ProposalFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def test_proposal_page_shows_counts_and_non_voters(
    director_client, organization, other_organization
):
    proposal = ProposalFactory()
    VoteFactory(proposal=proposal, organization=organization, choice="yes")
    html = director_client.get(url(Proposal, "change", proposal.pk)).content.decode()
    assert "Yes 1" in html
    assert other_organization.name in html.split("have not voted")[1]
    changelist = director_client.get(url(Proposal, "changelist")).content.decode()
    assert proposal.title in changelist


def test_director_adds_a_proposal_and_is_recorded_as_its_author(director_client, totp_director):
    now = timezone.localtime()
    response = director_client.post(
        url(Proposal, "add"),
        {
            "title": "Adopt the training calendar",
            "text": "Four trainings.",
            "kind": "general",
            "opens_at_0": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%d"),
            "opens_at_1": "09:00:00",
            "closes_at_0": (now + datetime.timedelta(days=8)).strftime("%Y-%m-%d"),
            "closes_at_1": "17:00:00",
            "quorum": "0.5",
            "threshold": "yes_outnumbers_no",
            **NO_DOCUMENTS,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Proposal.objects.get().created_by == totp_director


def test_an_open_proposal_can_no_longer_be_edited(director_client):
    proposal = ProposalFactory()
    form = director_client.get(url(Proposal, "change", proposal.pk)).context["adminform"].form
    assert "text" not in form.fields and "quorum" not in form.fields


def test_votes_are_read_only_and_never_deleted_in_admin(director_client, organization):
    vote = VoteFactory(organization=organization)
    assert director_client.get(url(Vote, "change", vote.pk)).status_code == 200  # view only
    director_client.post(url(Vote, "delete", vote.pk), {"post": "yes"})
    assert Vote.objects.filter(pk=vote.pk).exists()
    assert director_client.get(url(Vote, "history", vote.pk)).status_code == 200


def test_partners_cannot_reach_the_leadership_admin(client, executive_leader):
    client.force_login(executive_leader)
    response = client.get(url(Seat, "changelist"))
    assert response.status_code == 302


def test_confirm_adoption_action_reports_refusals_clearly(director_client, closed_proposal):
    response = director_client.post(
        url(Proposal, "changelist"),
        {"action": "confirm_adoption", "_selected_action": [closed_proposal.pk]},
        follow=True,
    )
    assert "Only a proposal to adopt a values version can be confirmed" in (
        response.content.decode()
    )


# The proposal form's inline of documents (none here): the admin needs its management form.
NO_DOCUMENTS = {
    "documents-TOTAL_FORMS": "0",
    "documents-INITIAL_FORMS": "0",
    "documents-MIN_NUM_FORMS": "0",
    "documents-MAX_NUM_FORMS": "1000",
}


def url(model, view, *args):
    return reverse(f"admin:leadership_{model._meta.model_name}_{view}", args=args)


def proposal_data(**overrides):
    now = timezone.localtime()
    return {
        "title": "Admit Northland Survivor Network",
        "text": "They applied to join.",
        "kind": "admit_organization",
        "opens_at_0": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%d"),
        "opens_at_1": "09:00:00",
        "closes_at_0": (now + datetime.timedelta(days=8)).strftime("%Y-%m-%d"),
        "closes_at_1": "17:00:00",
        "quorum": "0.5",
        "threshold": "yes_outnumbers_no",
        **NO_DOCUMENTS,
        **overrides,
    }


class TestAdmissionInAdmin:
    def test_a_proposal_to_admit_needs_an_application_and_keeps_what_was_typed(
        self, director_client
    ):
        response = director_client.post(url(Proposal, "add"), proposal_data())
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert form.errors["application"] == [
            "Choose the application to join this proposal would approve."
        ]
        assert "Admit Northland Survivor Network" in response.content.decode()
        assert not Proposal.objects.exists()

    def test_the_director_puts_an_open_application_to_the_vote(self, director_client):
        application = ApplicationFactory()
        response = director_client.post(
            url(Proposal, "add"), proposal_data(application=str(application.pk))
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Proposal.objects.get().application == application

    def test_only_open_applications_can_be_chosen(self, director_client, director):
        submitted = ApplicationFactory()
        declined = ApplicationFactory()
        decline_application(application=declined, acting_user=director)
        form = director_client.get(url(Proposal, "add")).context["adminform"].form
        assert list(form.fields["application"].queryset) == [submitted]
        response = director_client.post(
            url(Proposal, "add"), proposal_data(application=str(declined.pk))
        )
        assert "application" in response.context["adminform"].form.errors

    def test_approve_the_application_action_approves_once(
        self, director_client, organization, django_capture_on_commit_callbacks
    ):
        proposal = AdmitProposalFactory()
        VoteFactory(proposal=proposal, organization=organization, choice="yes")
        data = {"action": "confirm_admission", "_selected_action": [proposal.pk]}
        with django_capture_on_commit_callbacks(execute=True):
            response = director_client.post(url(Proposal, "changelist"), data, follow=True)
        html = response.content.decode()
        assert f"application {proposal.application.reference} approved" in html
        proposal.application.refresh_from_db()
        assert proposal.application.status == "approved"
        assert proposal.application.organization.name == proposal.application.organization_name
        sent = len(mail.outbox)
        assert sent == 3  # two invitations and the welcome
        again = director_client.post(url(Proposal, "changelist"), data, follow=True)
        assert "The admission was already confirmed" in again.content.decode()
        assert len(mail.outbox) == sent
        assert Organization.objects.filter(name=proposal.application.organization_name).count() == 1

    def test_approve_the_application_action_reports_a_failed_vote(
        self, director_client, organization
    ):
        proposal = AdmitProposalFactory()
        VoteFactory(proposal=proposal, organization=organization, choice="no")
        response = director_client.post(
            url(Proposal, "changelist"),
            {"action": "confirm_admission", "_selected_action": [proposal.pk]},
            follow=True,
        )
        assert "did not pass, so the application is not approved" in response.content.decode()
        proposal.application.refresh_from_db()
        assert proposal.application.status == "submitted"

    def test_approve_the_application_button_on_a_closed_proposal(
        self, director_client, organization
    ):
        proposal = AdmitProposalFactory()
        VoteFactory(proposal=proposal, organization=organization, choice="yes")
        button_url = reverse("admin:leadership_proposal_approve_application", args=[proposal.pk])
        change = director_client.get(url(Proposal, "change", proposal.pk)).content.decode()
        assert button_url in change
        page = director_client.get(button_url)
        assert page.status_code == 200
        assert 'value="Approve the application"' in page.content.decode()
        proposal.application.refresh_from_db()
        assert proposal.application.status == "submitted"  # GET changes nothing
        response = director_client.post(button_url)
        assert response.status_code == 302
        proposal.application.refresh_from_db()
        assert proposal.application.status == "approved"
        change = director_client.get(url(Proposal, "change", proposal.pk)).content.decode()
        assert button_url not in change
        assert "approved by" in change

    def test_no_button_while_the_proposal_is_open(self, director_client):
        now = timezone.now()
        proposal = AdmitProposalFactory(closes_at=now + datetime.timedelta(days=2))
        button_url = reverse("admin:leadership_proposal_approve_application", args=[proposal.pk])
        assert (
            button_url
            not in director_client.get(url(Proposal, "change", proposal.pk)).content.decode()
        )

    def test_partners_cannot_approve_through_the_button(
        self, client, executive_leader, organization
    ):
        proposal = AdmitProposalFactory()
        VoteFactory(proposal=proposal, organization=organization, choice="yes")
        client.force_login(executive_leader)
        client.post(reverse("admin:leadership_proposal_approve_application", args=[proposal.pk]))
        proposal.application.refresh_from_db()
        assert proposal.application.status == "submitted"


# --- Voting delegates: the admin names and ends them through the services ---------------------


def delegate_post(organization, user) -> dict:
    return {"organization": organization.pk, "user": user.pk}


def test_the_director_names_a_current_member_as_delegate(
    director_client, totp_director, organization, staff_member
):
    response = director_client.post(
        url(Delegation, "add"), delegate_post(organization, staff_member)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    delegation = Delegation.objects.get()
    assert (delegation.user, delegation.named_by) == (staff_member, totp_director)
    assert delegation.started_on == timezone.localdate()
    assert delegation.history.get().history_user == totp_director


@pytest.mark.parametrize("who", ["other_partner", "former_member"])
def test_the_delegation_admin_refuses_someone_who_is_not_a_current_member(
    request, director_client, organization, who
):
    if who == "former_member":
        user = MembershipFactory(organization=organization, ended_on=timezone.localdate()).user
    else:
        user = request.getfixturevalue(who)
    response = director_client.post(url(Delegation, "add"), delegate_post(organization, user))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["user"] == [
        "The voting delegate must be one of the organization's current people."
    ]
    assert not Delegation.objects.exists()


def test_the_delegation_admin_refuses_an_inactive_organization(
    director_client, organization, staff_member
):
    organization.status = OrganizationStatus.INACTIVE
    organization.save()
    response = director_client.post(
        url(Delegation, "add"), delegate_post(organization, staff_member)
    )
    assert response.status_code == 200
    assert "is not an active Collaborative Partner: it has no vote to delegate" in (
        response.content.decode()
    )
    assert not Delegation.objects.exists()


def test_naming_a_new_delegate_in_the_admin_ends_the_current_one(
    director_client, organization, staff_member, primary_contact
):
    director_client.post(url(Delegation, "add"), delegate_post(organization, staff_member))
    response = director_client.post(
        url(Delegation, "add"), delegate_post(organization, primary_contact)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Delegation.objects.current().get(organization=organization).user == primary_contact
    assert Delegation.objects.get(user=staff_member).ended_on == timezone.localdate()


def test_the_director_ends_a_delegation_with_a_date(
    director_client, totp_director, organization, staff_member
):
    delegation = DelegationFactory(
        organization=organization,
        user=staff_member,
        started_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = director_client.post(
        url(Delegation, "change", delegation.pk), {"ended_on": yesterday.isoformat()}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    delegation.refresh_from_db()
    assert delegation.ended_on == yesterday
    assert delegation.history.first().history_user == totp_director
    form = director_client.get(url(Delegation, "change", delegation.pk)).context["adminform"].form
    assert not form.fields  # an ended delegation stays as recorded


def test_a_delegation_cannot_end_before_it_started(director_client, organization, staff_member):
    delegation = DelegationFactory(organization=organization, user=staff_member)
    before = delegation.started_on - datetime.timedelta(days=1)
    response = director_client.post(
        url(Delegation, "change", delegation.pk), {"ended_on": before.isoformat()}
    )
    assert response.status_code == 200
    assert "cannot end before it started" in str(response.context["adminform"].form.errors)
    delegation.refresh_from_db()
    assert delegation.ended_on is None
