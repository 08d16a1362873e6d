"""Pages: the roster, decisions and votes, the voting delegate; who may see and do what."""

import dataclasses
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.decisions import services
from leadership.models import Delegation, Vote, VoteChoice
from partners.models import Role
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    area,
)
from tests.leadership.factories import (
    AdmitProposalFactory,
    ProposalFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db
ROSTER = reverse("leadership:roster")
DECISIONS = reverse("leadership:decision-list")
D = datetime.date


def vote_url(proposal, organization):
    return reverse("leadership:vote", args=[proposal.pk, organization.slug])


class TestDecisionAccess:
    def test_anonymous_is_sent_to_sign_in(self, client, open_proposal):
        for url in (DECISIONS, open_proposal.get_absolute_url()):
            response = client.get(url)
            assert response.status_code == 302
            assert reverse("account_login") in response["Location"]

    def test_signed_in_person_without_a_partner_organization_is_refused(
        self, client, user, open_proposal
    ):
        client.force_login(user)
        assert client.get(DECISIONS).status_code == 403
        assert client.get(open_proposal.get_absolute_url()).status_code == 403

    def test_staff_of_a_partner_sees_open_proposals_but_no_vote_form(
        self, client, staff_member, open_proposal
    ):
        client.force_login(staff_member)
        assert open_proposal.title in client.get(DECISIONS).content.decode()
        html = client.get(open_proposal.get_absolute_url()).content.decode()
        assert "Cast the vote" not in html

    def test_staff_of_a_partner_cannot_vote_by_posting(
        self, client, staff_member, organization, open_proposal
    ):
        client.force_login(staff_member)
        response = client.post(
            vote_url(open_proposal, organization), {f"org{organization.pk}-choice": "yes"}
        )
        assert response.status_code == 403
        assert not Vote.objects.exists()

    def test_executive_leader_votes_from_the_page(
        self, client, executive_leader, organization, open_proposal
    ):
        client.force_login(executive_leader)
        html = client.get(open_proposal.get_absolute_url()).content.decode()
        assert "Cast the vote" in html
        response = client.post(
            vote_url(open_proposal, organization),
            {f"org{organization.pk}-choice": "no", f"org{organization.pk}-comment": "Not yet."},
            follow=True,
        )
        assert "was recorded" in response.content.decode()
        vote = Vote.objects.get()
        assert (vote.organization, vote.choice, vote.comment) == (organization, "no", "Not yet.")
        assert "Change the vote" in response.content.decode()

    def test_a_leader_cannot_vote_for_another_organization(
        self, client, other_leader, organization, open_proposal
    ):
        client.force_login(other_leader)
        response = client.post(
            vote_url(open_proposal, organization), {f"org{organization.pk}-choice": "yes"}
        )
        assert response.status_code == 404
        assert not Vote.objects.exists()

    def test_missing_comment_keeps_what_was_typed(self, client, executive_leader, organization):
        proposal = ProposalFactory(requires_comment_for_no=True)
        client.force_login(executive_leader)
        response = client.post(
            vote_url(proposal, organization), {f"org{organization.pk}-choice": "no"}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Enter a comment: this proposal asks for one" in html
        assert re.search(r'value="no"[^>]*checked', html)  # the choice made is kept
        assert not Vote.objects.exists()

    def test_bad_choice_is_a_form_error_not_a_500(
        self, client, executive_leader, organization, open_proposal
    ):
        client.force_login(executive_leader)
        response = client.post(
            vote_url(open_proposal, organization), {f"org{organization.pk}-choice": "maybe"}
        )
        assert response.status_code == 400

    @pytest.mark.parametrize(
        ("fixture", "message"),
        [("closed_proposal", "closed on"), ("upcoming_proposal", "opens on")],
    )
    def test_vote_on_closed_or_upcoming_proposal_gets_a_clear_message(
        self, client, request, fixture, message, executive_leader, organization
    ):
        proposal = request.getfixturevalue(fixture)
        client.force_login(executive_leader)
        response = client.post(
            vote_url(proposal, organization), {f"org{organization.pk}-choice": "yes"}, follow=True
        )
        assert message in response.content.decode()
        assert not Vote.objects.exists()

    def test_results_hidden_from_partners_while_open_and_shown_after_close(
        self, client, staff_member, organization, open_proposal, closed_proposal
    ):
        VoteFactory(proposal=open_proposal, organization=organization, choice="yes")
        VoteFactory(proposal=closed_proposal, organization=organization, choice="yes")
        client.force_login(staff_member)
        assert "Turnout" not in client.get(open_proposal.get_absolute_url()).content.decode()
        html = client.get(closed_proposal.get_absolute_url()).content.decode()
        assert "Turnout" in html
        assert "Passed" in html  # 1 of 1 active partner voted yes
        assert "Turnout" in client.get(DECISIONS).content.decode()

    def test_director_sees_live_counts_and_who_has_not_voted(
        self, client, director, organization, other_organization, open_proposal
    ):
        VoteFactory(proposal=open_proposal, organization=organization)
        sign_in_with_second_factor(client, director)
        html = client.get(open_proposal.get_absolute_url()).content.decode()
        assert "Count so far" in html
        section = html.split("Partners that have not voted")[1]
        assert other_organization.name in section
        assert organization.name not in section

    def test_director_without_a_second_factor_is_refused_the_decisions(
        self, client, director, organization, open_proposal
    ):
        """Issue 10, rule 9: without two-factor sign-in the director is what the account
        otherwise is; with no membership, someone decisions are not for."""
        VoteFactory(proposal=open_proposal, organization=organization)
        client.force_login(director)
        for url in (open_proposal.get_absolute_url(), DECISIONS):
            response = client.get(url)
            assert response.status_code == 403, url
            assert "Count so far" not in response.content.decode()

    def test_director_who_is_a_partner_sees_no_live_counts_without_a_second_factor(
        self, client, director, organization, other_organization, open_proposal
    ):
        """A staff account that is also a person of a partner sees the proposal as that
        partner: no count while it is open, no list of the partners that have not voted."""
        MembershipFactory(user=director, organization=other_organization)
        VoteFactory(proposal=open_proposal, organization=organization)
        client.force_login(director)

        response = client.get(open_proposal.get_absolute_url())

        html = response.content.decode()
        assert response.status_code == 200
        assert "Count so far" not in html
        assert "Turnout" not in html
        assert "have not voted" not in html
        assert response.context["non_voters"] == []
        assert response.context["result"] is None

    def test_partners_do_not_see_who_has_not_voted(
        self, client, executive_leader, other_organization, open_proposal
    ):
        client.force_login(executive_leader)
        html = client.get(open_proposal.get_absolute_url()).content.decode()
        assert "have not voted" not in html

    def test_unknown_proposal_is_404(self, client, staff_member):
        client.force_login(staff_member)
        assert client.get(reverse("leadership:decision-detail", args=[999999])).status_code == 404

    def test_decision_list_query_count_does_not_grow(
        self, client, staff_member, django_assert_max_num_queries
    ):
        client.force_login(staff_member)
        now = timezone.now()

        def add(n):
            for _ in range(n):
                ProposalFactory()
                closed = ProposalFactory(
                    opens_at=now - datetime.timedelta(days=9),
                    closes_at=now - datetime.timedelta(days=2),
                )
                VoteFactory(proposal=closed, organization=OrganizationFactory())
            client.get(DECISIONS)  # settles the new closed proposals

        add(2)
        with django_assert_max_num_queries(20) as small:
            client.get(DECISIONS)
        small_count = len(small)
        add(15)
        with django_assert_max_num_queries(small_count):
            client.get(DECISIONS)


class TestDelegateView:
    def test_executive_leader_names_a_delegate(
        self, client, executive_leader, staff_member, organization
    ):
        client.force_login(executive_leader)
        url = reverse("leadership:delegate", args=[organization.slug])
        assert client.get(url).status_code == 200
        response = client.post(url, {"user": staff_member.pk})
        assert response.status_code == 302
        assert Delegation.objects.current().get(organization=organization).user == staff_member
        client.post(url, {"user": ""})
        assert not Delegation.objects.current().exists()

    def test_the_executive_leader_is_never_offered_as_delegate(
        self, client, executive_leader, staff_member, organization
    ):
        client.force_login(executive_leader)
        response = client.get(reverse("leadership:delegate", args=[organization.slug]))
        choices = [pk for pk, _label in response.context["form"].fields["user"].choices if pk]
        assert [int(str(pk)) for pk in choices] == [staff_member.pk]

    @pytest.mark.parametrize(
        ("who", "status"), [("staff_member", 403), ("primary_contact", 403), ("other_leader", 404)]
    )
    def test_others_cannot_name_the_delegate(self, client, request, who, status, organization):
        client.force_login(request.getfixturevalue(who))
        assert (
            client.get(reverse("leadership:delegate", args=[organization.slug])).status_code
            == status
        )

    @pytest.mark.parametrize(("second_factor", "status"), [(False, 403), (True, 200)])
    def test_staff_who_are_members_name_the_delegate_only_after_a_second_factor(
        self, client, director, organization, executive_leader, second_factor, status
    ):
        MembershipFactory(user=director, organization=organization, role=Role.STAFF)
        if second_factor:
            sign_in_with_second_factor(client, director)
        else:
            client.force_login(director)
        url = reverse("leadership:delegate", args=[organization.slug])

        assert client.get(url).status_code == status

    def test_someone_outside_the_organization_cannot_be_named(
        self, client, executive_leader, other_partner, organization
    ):
        client.force_login(executive_leader)
        response = client.post(
            reverse("leadership:delegate", args=[organization.slug]), {"user": other_partner.pk}
        )
        assert response.status_code == 400
        assert not Delegation.objects.exists()

    def test_named_delegate_may_vote(
        self, client, executive_leader, staff_member, organization, open_proposal
    ):
        services.name_delegate(
            organization=organization, user=staff_member, acting_user=executive_leader
        )
        client.force_login(staff_member)
        client.post(
            vote_url(open_proposal, organization),
            {f"org{organization.pk}-choice": VoteChoice.ABSTAIN},
        )
        assert Vote.objects.get().cast_by == staff_member


def test_role_staff_membership_in_two_orgs_votes_only_where_leader(
    client, organization, other_organization, open_proposal
):
    person = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER).user
    MembershipFactory(user=person, organization=other_organization, role=Role.STAFF)
    client.force_login(person)
    html = client.get(open_proposal.get_absolute_url()).content.decode()
    assert vote_url(open_proposal, organization) in html
    assert vote_url(open_proposal, other_organization) not in html
    # Both organizations are named: who votes for each, and whether it has.
    assert f"{other_organization.name} has not voted yet." in html


class TestAdmissionProposalPage:
    """The page of a proposal to admit shows the applicant's directory profile, never the
    private contact details of the application."""

    @pytest.fixture
    def admission(self):
        application = ApplicationFactory(
            organization_name="Northland Survivor Network",
            statewide=False,
            description="Case management for survivors in the Northland.",
            website="https://northland.example.org",
            contact_name="Robin Reyes",
            contact_email="robin@northland.example.org",
            contact_phone="+18165550199",
            executive_name="Alex Morgan",
            executive_email="alex@northland.example.org",
            public_email="hello@northland.example.org",
        )
        application.counties.set([area("Clay County"), area("Platte County")])
        return AdmitProposalFactory(
            application=application,
            opens_at=timezone.now() - datetime.timedelta(days=1),
            closes_at=timezone.now() + datetime.timedelta(days=6),
        )

    PRIVATE = (
        "Robin Reyes",
        "robin@northland.example.org",
        "555-0199",
        "5550199",
        "Alex Morgan",
        "alex@northland.example.org",
        "Eli Executive",
        "Casey Contact",
    )

    @pytest.mark.parametrize("who", ["executive_leader", "staff_member", "director"])
    def test_shows_the_profile_but_no_private_contact_data(self, client_for_viewer, who, admission):
        client = client_for_viewer(who)
        response = client.get(admission.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "The organization applying to join: Northland Survivor Network" in html
        assert "Nonprofit service provider" in html  # the sector
        assert "Clay County, Platte County" in html
        assert "Case management for survivors in the Northland." in html
        for private in self.PRIVATE:
            assert private not in html, private
        assert admission.application.reference not in html
        # What reaches the template is a copy of the four profile fields, not the application.
        assert [f.name for f in dataclasses.fields(response.context["applicant"])] == [
            "organization_name",
            "sector",
            "statewide",
            "counties",
            "description",
        ]

    def test_statewide_applicant_is_shown_as_statewide(self, client, executive_leader):
        proposal = AdmitProposalFactory()  # the factory's application serves all of Missouri
        client.force_login(executive_leader)
        html = client.get(proposal.get_absolute_url()).content.decode()
        assert "Statewide (all of Missouri)" in html
        assert proposal.application.organization_name in html

    def test_other_proposals_show_no_applicant(self, client, executive_leader, open_proposal):
        client.force_login(executive_leader)
        response = client.get(open_proposal.get_absolute_url())
        assert response.context["applicant"] is None
        assert "applying to join" not in response.content.decode()


class TestWhoVotesForTheOrganization:
    """Every member of a partner learns, on each proposal, who casts its vote and whether it
    has voted; never the choice unless they may cast it."""

    def test_staff_member_learns_who_votes_and_that_nobody_has_yet(
        self, client, staff_member, executive_leader, organization, open_proposal
    ):
        client.force_login(staff_member)
        html = client.get(open_proposal.get_absolute_url()).content.decode()
        leader = executive_leader.get_full_name()
        assert f"Its vote is cast by its executive leader, {leader}; no voting delegate" in html
        assert f"{organization.name} has not voted yet." in html
        assert "only the people named above can cast the vote" in html
        assert reverse("leadership:delegate", args=[organization.slug]) not in html

    def test_the_named_delegate_is_named_and_a_cast_vote_is_said_without_its_choice(
        self, client, staff_member, primary_contact, executive_leader, organization, open_proposal
    ):
        from tests.leadership.factories import DelegationFactory

        DelegationFactory(organization=organization, user=primary_contact)
        VoteFactory(proposal=open_proposal, organization=organization, choice=VoteChoice.NO)
        client.force_login(staff_member)
        html = client.get(open_proposal.get_absolute_url()).content.decode()
        assert f"or by the voting delegate named, {primary_contact.get_full_name()}." in html
        assert f"{organization.name} has voted." in html
        assert "Current vote" not in html

    def test_the_executive_leader_gets_the_delegate_page_linked(
        self, client, executive_leader, organization, open_proposal
    ):
        client.force_login(executive_leader)
        html = client.get(open_proposal.get_absolute_url()).content.decode()
        assert reverse("leadership:delegate", args=[organization.slug]) in html
        assert "Cast the vote" in html

    def test_an_organization_without_a_voter_says_so(
        self, client, staff_member, organization, open_proposal
    ):
        client.force_login(staff_member)
        html = client.get(open_proposal.get_absolute_url()).content.decode()
        assert "nobody can cast its vote" in html

    def test_the_query_count_does_not_grow_with_organizations(
        self, client, executive_leader, organization, open_proposal, django_assert_max_num_queries
    ):
        client.force_login(executive_leader)
        with django_assert_max_num_queries(40) as small:
            client.get(open_proposal.get_absolute_url())
        for _ in range(4):
            other = OrganizationFactory()
            MembershipFactory(user=executive_leader, organization=other, role=Role.STAFF)
            MembershipFactory(organization=other, role=Role.EXECUTIVE_LEADER)
            VoteFactory(proposal=open_proposal, organization=other)
        with django_assert_max_num_queries(len(small)):
            client.get(open_proposal.get_absolute_url())
