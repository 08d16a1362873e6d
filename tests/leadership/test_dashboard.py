"""`leadership_tasks_for(user)`: what the portal dashboard shows about leadership."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.dashboard import leadership_tasks_for
from leadership.decisions import confirmations, services
from leadership.models import SeatKind
from tests.leadership.factories import SeatFactory, TermFactory, VoteFactory

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
    assert [(i.kind, i.url) for i in items if i.kind != "delegate"] == [
        ("vote", open_proposal.get_absolute_url())
    ]
    VoteFactory(proposal=open_proposal, organization=organization)
    assert kinds(leadership_tasks_for(executive_leader)) == ["delegate"]


def test_the_executive_leader_is_pointed_to_the_delegate_page(
    executive_leader, staff_member, organization
):
    from leadership.decisions.services import name_delegate

    delegate_url = reverse("leadership:delegate", args=[organization.slug])
    (item,) = leadership_tasks_for(executive_leader)
    assert (item.kind, item.url) == ("delegate", delegate_url)
    assert item.text == f"You cast the vote of {organization}: no voting delegate is named."
    name_delegate(organization=organization, user=staff_member, acting_user=executive_leader)
    (item,) = leadership_tasks_for(executive_leader)
    assert item.text.startswith(f"{staff_member.get_full_name()} is the voting delegate")
    # Only the executive leader names the delegate: nobody else gets the link.
    assert "delegate" not in kinds(leadership_tasks_for(staff_member))


def test_staff_of_a_partner_get_a_pointer_not_a_vote_task(staff_member, open_proposal):
    assert kinds(leadership_tasks_for(staff_member)) == ["decision"]


def test_nothing_for_anonymous_or_people_without_a_partner(user, open_proposal):
    from django.contrib.auth.models import AnonymousUser

    assert leadership_tasks_for(AnonymousUser()) == []
    assert leadership_tasks_for(user) == []


def test_partners_never_get_director_items(executive_leader):
    SeatFactory(kind=SeatKind.AT_LARGE, title="At-large seat")
    services.settle_closed_proposals()
    assert kinds(leadership_tasks_for(executive_leader)) == ["delegate"]


def test_director_is_asked_to_confirm_a_passed_values_proposal(director, organization):
    from leadership.models import ProposalKind
    from tests.leadership.factories import ProposalFactory

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


def test_director_is_asked_to_approve_the_application_of_a_passed_admission(director, organization):
    from partners.applications.services import decline_application
    from tests.leadership.factories import AdmitProposalFactory

    passed = AdmitProposalFactory()
    VoteFactory(proposal=passed, organization=organization)
    failed = AdmitProposalFactory()
    VoteFactory(proposal=failed, organization=organization, choice="no")
    declined = AdmitProposalFactory()
    VoteFactory(proposal=declined, organization=organization)
    decline_application(application=declined.application, acting_user=director)

    items = [i for i in leadership_tasks_for(director) if i.kind == "admission"]
    application = passed.application
    assert [(i.text, i.link_text) for i in items] == [
        (
            f"“{passed}” passed: approve the application of {application.organization_name} "
            f"({application.reference}).",
            "Approve the application",
        )
    ]
    assert items[0].url == f"/admin/leadership/proposal/{passed.pk}/change/"

    confirmations.confirm_admission(proposal=passed, acting_user=director)
    assert [i for i in leadership_tasks_for(director) if i.kind == "admission"] == []


def test_director_dashboard_query_count_does_not_grow_with_waiting_proposals(
    director, organization, django_assert_max_num_queries
):
    from tests.leadership.factories import AdmitProposalFactory

    def add(n):
        for _ in range(n):
            proposal = AdmitProposalFactory()
            VoteFactory(proposal=proposal, organization=organization)
        services.settle_closed_proposals()

    add(2)
    with django_assert_max_num_queries(10) as small:
        assert len(leadership_tasks_for(director)) == 2
    add(10)
    with django_assert_max_num_queries(len(small)):
        assert len(leadership_tasks_for(director)) == 12


def test_the_portal_dashboard_shows_the_directors_items_after_a_second_factor_only(
    client, director
):
    """Issue 10, rule 9: staff items are staff data; without two-factor sign-in the director's
    dashboard is that of someone of no organization."""
    from django.urls import reverse

    from tests.conftest import sign_in_with_second_factor

    SeatFactory(kind=SeatKind.AT_LARGE, title="At-large seat")

    client.force_login(director)
    assert "At-large seat" not in client.get(reverse("portal:dashboard")).text

    sign_in_with_second_factor(client, director)
    assert "At-large seat" in client.get(reverse("portal:dashboard")).text


def test_staff_clearance_outside_a_request_follows_the_account(director):
    """Called without `staff` (a command, an e-mail): `is_staff` decides."""
    SeatFactory(kind=SeatKind.AT_LARGE, title="At-large seat")
    assert kinds(leadership_tasks_for(director)) == ["vacancy"]
    assert leadership_tasks_for(director, staff=False) == []
