"""`leadership_tasks_for(user)`: what the portal dashboard shows about leadership."""

import datetime

import pytest
from django.utils import timezone

from leadership import services
from leadership.dashboard import leadership_tasks_for
from leadership.models import SeatKind

from .factories import SeatFactory, TermFactory, VoteFactory

pytestmark = pytest.mark.django_db


def kinds(items):
    return sorted(item.kind for item in items)


def test_director_sees_terms_ending_within_60_days_and_vacancies(director):
    today = timezone.localdate()
    TermFactory(
        name="Soon Ending",
        started_on=today - datetime.timedelta(days=300),
        ended_on=today + datetime.timedelta(days=30),
    )
    TermFactory(
        name="Later Ending",
        started_on=today - datetime.timedelta(days=300),
        ended_on=today + datetime.timedelta(days=90),
    )
    SeatFactory(kind=SeatKind.AT_LARGE, title="At-large seat")
    items = leadership_tasks_for(director)
    texts = " ".join(item.text for item in items)
    assert "Soon Ending" in texts
    assert "Later Ending" not in texts
    assert "At-large seat" in texts
    assert kinds(items) == ["term", "vacancy"]


def test_voter_sees_open_proposals_their_organization_has_not_voted_on(
    executive_leader, organization, open_proposal, closed_proposal
):
    items = leadership_tasks_for(executive_leader)
    assert [(i.kind, i.url) for i in items] == [("vote", open_proposal.get_absolute_url())]
    VoteFactory(proposal=open_proposal, organization=organization)
    assert leadership_tasks_for(executive_leader) == []


def test_staff_of_a_partner_get_a_pointer_not_a_vote_task(staff_member, open_proposal):
    assert kinds(leadership_tasks_for(staff_member)) == ["decision"]


def test_nothing_for_anonymous_or_people_without_a_partner(user, open_proposal):
    from django.contrib.auth.models import AnonymousUser

    assert leadership_tasks_for(AnonymousUser()) == []
    assert leadership_tasks_for(user) == []


def test_partners_never_get_director_items(executive_leader):
    SeatFactory(kind=SeatKind.AT_LARGE, title="At-large seat")
    services.settle_closed_proposals()
    assert leadership_tasks_for(executive_leader) == []


def test_director_is_asked_to_confirm_a_passed_values_proposal(director, organization):
    from leadership.models import ProposalKind

    from .factories import ProposalFactory

    now = timezone.now()
    proposal = ProposalFactory(
        kind=ProposalKind.ADOPT_VALUES,
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now - datetime.timedelta(days=1),
    )
    VoteFactory(proposal=proposal, organization=organization)
    failed = ProposalFactory(
        kind=ProposalKind.ADOPT_VALUES,
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now - datetime.timedelta(days=1),
    )
    items = [i for i in leadership_tasks_for(director) if i.kind == "adoption"]
    assert [i.text for i in items] == [
        f"“{proposal}” passed: confirm the adoption of the values version."
    ]
    assert failed.title not in " ".join(i.text for i in items)
