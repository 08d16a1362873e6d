"""The director's admin for leadership: pages open, overlaps refused, votes read-only."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadership.models import Proposal, Seat, SeatKind, Term, Vote
from partners.applications.services import decline_application
from partners.models import Organization
from tests.factories import ApplicationFactory
from tests.leadership.factories import (
    AdmitProposalFactory,
    ProposalFactory,
    SeatFactory,
    TermFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(director_client):
    return director_client


def url(model, view, *args):
    return reverse(f"admin:leadership_{model._meta.model_name}_{view}", args=args)


def test_seat_change_page_lists_terms_and_vacancy_filter_works(admin_client):
    held = SeatFactory(title="Chair")
    TermFactory(seat=held, name="Pat Lee")
    SeatFactory(title="Treasurer")
    assert "Pat Lee" in admin_client.get(url(Seat, "change", held.pk)).content.decode()
    vacant = admin_client.get(url(Seat, "changelist") + "?held=vacant").content.decode()
    assert "Treasurer" in vacant
    assert ">Chair<" not in vacant


def test_term_filter_shows_terms_ending_within_60_days(admin_client):
    today = timezone.localdate()
    TermFactory(name="Ends Soon", ended_on=today + datetime.timedelta(days=20))
    TermFactory(name="Ends Later", ended_on=today + datetime.timedelta(days=200))
    html = admin_client.get(url(Term, "changelist") + "?ending=soon").content.decode()
    assert "Ends Soon" in html
    assert "Ends Later" not in html


def test_adding_an_overlapping_term_in_admin_is_refused(admin_client):
    seat = SeatFactory(kind=SeatKind.OFFICER, title="Chair")
    TermFactory(seat=seat, name="Pat Lee", started_on=datetime.date(2020, 1, 1))
    response = admin_client.post(
        url(Term, "add"), {"seat": seat.pk, "name": "Sam Roe", "started_on": "2022-01-01"}
    )
    assert response.status_code == 200
    assert "overlaps another term" in response.content.decode()
    assert Term.objects.count() == 1


def test_proposal_page_shows_counts_and_non_voters(admin_client, organization, other_organization):
    proposal = ProposalFactory()
    VoteFactory(proposal=proposal, organization=organization, choice="yes")
    html = admin_client.get(url(Proposal, "change", proposal.pk)).content.decode()
    assert "Yes 1" in html
    assert other_organization.name in html.split("have not voted")[1]
    changelist = admin_client.get(url(Proposal, "changelist")).content.decode()
    assert proposal.title in changelist


def test_director_adds_a_proposal_and_is_recorded_as_its_author(admin_client, totp_director):
    now = timezone.localtime()
    response = admin_client.post(
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
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Proposal.objects.get().created_by == totp_director


def test_an_open_proposal_can_no_longer_be_edited(admin_client):
    proposal = ProposalFactory()
    form = admin_client.get(url(Proposal, "change", proposal.pk)).context["adminform"].form
    assert "text" not in form.fields and "quorum" not in form.fields


def test_votes_are_read_only_and_never_deleted_in_admin(admin_client, organization):
    vote = VoteFactory(organization=organization)
    assert admin_client.get(url(Vote, "change", vote.pk)).status_code == 200  # view only
    admin_client.post(url(Vote, "delete", vote.pk), {"post": "yes"})
    assert Vote.objects.filter(pk=vote.pk).exists()
    assert admin_client.get(url(Vote, "history", vote.pk)).status_code == 200


def test_partners_cannot_reach_the_leadership_admin(client, executive_leader):
    client.force_login(executive_leader)
    response = client.get(url(Seat, "changelist"))
    assert response.status_code == 302


def test_confirm_adoption_action_reports_refusals_clearly(admin_client, closed_proposal):
    response = admin_client.post(
        url(Proposal, "changelist"),
        {"action": "confirm_adoption", "_selected_action": [closed_proposal.pk]},
        follow=True,
    )
    assert "Only a proposal to adopt a values version can be confirmed" in (
        response.content.decode()
    )


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
        **overrides,
    }


class TestAdmissionInAdmin:
    def test_a_proposal_to_admit_needs_an_application_and_keeps_what_was_typed(self, admin_client):
        response = admin_client.post(url(Proposal, "add"), proposal_data())
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert form.errors["application"] == [
            "Choose the application to join this proposal would approve."
        ]
        assert "Admit Northland Survivor Network" in response.content.decode()
        assert not Proposal.objects.exists()

    def test_the_director_puts_an_open_application_to_the_vote(self, admin_client):
        application = ApplicationFactory()
        response = admin_client.post(
            url(Proposal, "add"), proposal_data(application=str(application.pk))
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Proposal.objects.get().application == application

    def test_only_open_applications_can_be_chosen(self, admin_client, director):
        submitted = ApplicationFactory()
        declined = ApplicationFactory()
        decline_application(application=declined, acting_user=director)
        form = admin_client.get(url(Proposal, "add")).context["adminform"].form
        assert list(form.fields["application"].queryset) == [submitted]
        response = admin_client.post(
            url(Proposal, "add"), proposal_data(application=str(declined.pk))
        )
        assert "application" in response.context["adminform"].form.errors

    def test_approve_the_application_action_approves_once(
        self, admin_client, organization, django_capture_on_commit_callbacks
    ):
        proposal = AdmitProposalFactory()
        VoteFactory(proposal=proposal, organization=organization, choice="yes")
        data = {"action": "confirm_admission", "_selected_action": [proposal.pk]}
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url(Proposal, "changelist"), data, follow=True)
        html = response.content.decode()
        assert f"application {proposal.application.reference} approved" in html
        proposal.application.refresh_from_db()
        assert proposal.application.status == "approved"
        assert proposal.application.organization.name == proposal.application.organization_name
        sent = len(mail.outbox)
        assert sent == 3  # two invitations and the welcome
        again = admin_client.post(url(Proposal, "changelist"), data, follow=True)
        assert "The admission was already confirmed" in again.content.decode()
        assert len(mail.outbox) == sent
        assert Organization.objects.filter(name=proposal.application.organization_name).count() == 1

    def test_approve_the_application_action_reports_a_failed_vote(self, admin_client, organization):
        proposal = AdmitProposalFactory()
        VoteFactory(proposal=proposal, organization=organization, choice="no")
        response = admin_client.post(
            url(Proposal, "changelist"),
            {"action": "confirm_admission", "_selected_action": [proposal.pk]},
            follow=True,
        )
        assert "did not pass, so the application is not approved" in response.content.decode()
        proposal.application.refresh_from_db()
        assert proposal.application.status == "submitted"

    def test_approve_the_application_button_on_a_closed_proposal(self, admin_client, organization):
        proposal = AdmitProposalFactory()
        VoteFactory(proposal=proposal, organization=organization, choice="yes")
        button_url = reverse("admin:leadership_proposal_approve_application", args=[proposal.pk])
        change = admin_client.get(url(Proposal, "change", proposal.pk)).content.decode()
        assert button_url in change
        page = admin_client.get(button_url)
        assert page.status_code == 200
        assert 'value="Approve the application"' in page.content.decode()
        proposal.application.refresh_from_db()
        assert proposal.application.status == "submitted"  # GET changes nothing
        response = admin_client.post(button_url)
        assert response.status_code == 302
        proposal.application.refresh_from_db()
        assert proposal.application.status == "approved"
        change = admin_client.get(url(Proposal, "change", proposal.pk)).content.decode()
        assert button_url not in change
        assert "approved by" in change

    def test_no_button_while_the_proposal_is_open(self, admin_client):
        now = timezone.now()
        proposal = AdmitProposalFactory(closes_at=now + datetime.timedelta(days=2))
        button_url = reverse("admin:leadership_proposal_approve_application", args=[proposal.pk])
        assert (
            button_url
            not in admin_client.get(url(Proposal, "change", proposal.pk)).content.decode()
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
