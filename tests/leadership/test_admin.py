"""The director's admin for leadership: pages open, overlaps refused, votes read-only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.models import Proposal, Seat, SeatKind, Term, Vote

from .factories import ProposalFactory, SeatFactory, TermFactory, VoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, totp_director):
    client.force_login(totp_director)
    return client


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
