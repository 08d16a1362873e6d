"""Seats: the partner seat through an organization's life."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leadership.models import Seat, SeatKind
from leadership.seats import services as seat_services
from tests.leadership.factories import (
    TermFactory,
    withdraw,
)

pytestmark = pytest.mark.django_db
D = datetime.date


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

    def test_a_term_holding_text_stored_before_the_line_rule_still_ends(
        self, organization, executive_leader
    ):
        """Ending a term changes its end: a job title stored with a tab before the single-line
        rule existed must not block a partner's withdrawal (or its deactivation in the admin)."""
        seat = seat_services.ensure_partner_seat(organization=organization, on=D(2025, 3, 1))
        seat.terms.update(title="Executive\tDirector")
        term = seat_services.end_partner_seat_term(organization=organization, on=D(2026, 2, 10))
        assert term.ended_on == D(2026, 2, 10)
        other = TermFactory(started_on=D(2020, 1, 1))
        type(other).objects.filter(pk=other.pk).update(name="Sam\tRoe")
        assert seat_services.end_term(term=other, ended_on=D(2021, 1, 1)).ended_on == D(2021, 1, 1)

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
