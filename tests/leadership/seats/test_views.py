"""The public roster of the leadership."""

import datetime

import pytest
from django.urls import reverse

from leadership.models import SeatKind
from leadership.seats import services as seat_services
from partners.models import OrganizationStatus
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.leadership.factories import (
    PartnerSeatFactory,
    SeatFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db
ROSTER = reverse("leadership:roster")
DECISIONS = reverse("leadership:decision-list")
D = datetime.date


@pytest.fixture
def roster(organization, executive_leader, director):
    director_seat = SeatFactory(kind=SeatKind.DIRECTOR, title="Coalition Director")
    TermFactory(
        seat=director_seat, name="Dana Whitfield", started_on=D(2015, 1, 1), ended_on=D(2021, 7, 1)
    )
    TermFactory(
        seat=director_seat,
        person=director,
        name="",
        title="Coalition Director",
        started_on=D(2021, 7, 1),
    )
    seat_services.ensure_partner_seat(organization=organization, on=D(2024, 1, 1))
    SeatFactory(kind=SeatKind.AT_LARGE, title="At-large seat")
    return director_seat


class TestRoster:
    def test_public_sees_names_titles_organizations_and_vacancies_but_no_emails(
        self, client, roster, executive_leader, director, organization
    ):
        html = client.get(ROSTER).content.decode()
        assert str(executive_leader) in html
        assert "Executive Director" in html
        assert organization.name in html
        assert "Jordan Hawkins" in html
        assert "Vacant" in html
        assert "Dana Whitfield" in html  # a past term
        assert executive_leader.email not in html
        assert director.email not in html

    @pytest.mark.parametrize("who", ["staff_member", "other_partner", "director"])
    def test_partners_and_the_director_also_see_contact_emails(
        self, client_for_viewer, roster, who, executive_leader
    ):
        client = client_for_viewer(who)
        assert executive_leader.email in client.get(ROSTER).content.decode()

    def test_director_without_a_second_factor_sees_no_contact_emails(
        self, client_for_viewer, roster, executive_leader
    ):
        client = client_for_viewer("director_without_2fa")
        assert executive_leader.email not in client.get(ROSTER).content.decode()

    def test_signed_in_person_of_a_withdrawn_organization_sees_no_emails(
        self, client, roster, executive_leader
    ):
        former = OrganizationFactory(status=OrganizationStatus.WITHDRAWN)
        client.force_login(MembershipFactory(organization=former).user)
        assert executive_leader.email not in client.get(ROSTER).content.decode()

    def test_withdrawn_organization_seat_leaves_the_roster(self, client, roster, organization):
        seat_services.end_partner_seat_term(organization=organization)
        html = client.get(ROSTER).content.decode()
        assert organization.name not in html

    def test_groups_are_headed_in_order(self, client, roster):
        html = client.get(ROSTER).content.decode()
        positions = [
            html.index(h)
            for h in (
                "Coalition Director</h2>",
                "Collaborative Partners</h2>",
                "At-large seats</h2>",
            )
        ]
        assert positions == sorted(positions)

    @pytest.mark.parametrize("signed_in", [False, True])
    def test_query_count_does_not_grow_with_seats(
        self, client, django_assert_max_num_queries, signed_in, staff_member
    ):
        if signed_in:
            client.force_login(staff_member)

        def add(n):
            for _ in range(n):
                seat = PartnerSeatFactory()
                TermFactory(
                    seat=seat,
                    person=UserFactory(),
                    started_on=D(2020, 1, 1),
                    ended_on=D(2022, 1, 1),
                )
                TermFactory(seat=seat, person=UserFactory(), started_on=D(2022, 1, 1))

        add(3)
        with django_assert_max_num_queries(8 if signed_in else 2) as small:
            client.get(ROSTER)
        small_count = len(small)
        add(30)
        with django_assert_max_num_queries(small_count):
            response = client.get(ROSTER)
        assert response.content.decode().count("Past terms (1)") == 33
