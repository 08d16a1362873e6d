"""Seats, terms and proposals: database constraints and model rules (some on PostgreSQL)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.forms import inlineformset_factory

from leadership.models import ProposalKind, Seat, SeatKind, Term
from leadership.seats.forms import TermForm, TermInlineFormSet
from tests.factories import ApplicationFactory
from tests.leadership.factories import (
    AdmitProposalFactory,
    PartnerSeatFactory,
    ProposalFactory,
    SeatFactory,
    TermFactory,
)

D = datetime.date
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The exclusion constraint exists on PostgreSQL only (SQLite has no GiST ranges).",
)


def term_form(seat, **data):
    return TermForm(
        data={"name": "Alex Doe", "title": "", "email": "", **data},
        instance=Term(seat=seat),
    )


@pytest.mark.django_db
class TestOverlappingTerms:
    def test_form_refuses_a_term_overlapping_an_open_ended_one(self):
        seat = SeatFactory()
        TermFactory(seat=seat, name="Pat Lee", started_on=D(2020, 1, 1))
        form = term_form(seat, started_on="2023-05-01")
        assert not form.is_valid()
        assert "overlaps another term of the same seat (Pat Lee" in str(form.errors)

    @pytest.mark.parametrize(
        ("start", "end", "valid"),
        [
            ("2020-06-01", "2020-09-01", False),  # inside
            ("2019-01-01", "2020-02-01", False),  # overlaps the start
            ("2020-12-31", "", False),  # open-ended, overlaps the end
            ("2021-01-01", "", True),  # starts the day the other ends: a handover
            ("2019-01-01", "2020-01-01", True),  # ends the day the other starts
            ("2022-01-01", "2023-01-01", True),  # after
        ],
    )
    def test_form_compares_periods_with_half_open_ends(self, start, end, valid):
        seat = SeatFactory()
        TermFactory(seat=seat, started_on=D(2020, 1, 1), ended_on=D(2021, 1, 1))
        form = term_form(seat, started_on=start, ended_on=end)
        assert form.is_valid() is valid, form.errors

    def test_terms_of_other_seats_do_not_conflict(self):
        TermFactory(seat=SeatFactory(), started_on=D(2020, 1, 1))
        assert term_form(SeatFactory(), started_on="2020-01-01").is_valid()

    def test_admin_formset_refuses_two_new_overlapping_terms(self):
        seat = SeatFactory()
        FormSet = inlineformset_factory(
            Seat, Term, form=TermForm, formset=TermInlineFormSet, extra=2, can_delete=False
        )
        data = {"terms-TOTAL_FORMS": 2, "terms-INITIAL_FORMS": 0}
        for i, start in enumerate(["2020-01-01", "2021-01-01"]):
            data |= {f"terms-{i}-name": f"Person {i}", f"terms-{i}-started_on": start}
        formset = FormSet(data, instance=seat, prefix="terms")
        assert not formset.is_valid()
        assert "overlaps" in str(formset.non_form_errors())

    def test_admin_formset_accepts_ending_a_term_and_adding_the_successor_together(self):
        seat = SeatFactory()
        current = TermFactory(seat=seat, name="Pat Lee", started_on=D(2020, 1, 1))
        FormSet = inlineformset_factory(
            Seat, Term, form=TermForm, formset=TermInlineFormSet, extra=1, can_delete=False
        )
        data = {
            "terms-TOTAL_FORMS": 2,
            "terms-INITIAL_FORMS": 1,
            "terms-0-id": current.pk,
            "terms-0-seat": seat.pk,
            "terms-0-name": "Pat Lee",
            "terms-0-started_on": "2020-01-01",
            "terms-0-ended_on": "2024-01-01",
            "terms-1-name": "Sam Roe",
            "terms-1-started_on": "2024-01-01",
        }
        formset = FormSet(data, instance=seat, prefix="terms")
        assert formset.is_valid(), (formset.errors, formset.non_form_errors())
        formset.save()
        assert seat.terms.current(D(2024, 6, 1)).get().name == "Sam Roe"

    def test_a_term_needs_a_holder_and_must_not_end_before_it_starts(self):
        seat = SeatFactory()
        form = term_form(seat, name="", started_on="2020-01-01", ended_on="2019-01-01")
        assert not form.is_valid()
        assert set(form.errors) == {"name", "ended_on"}

    @postgresql_only
    def test_database_refuses_overlapping_terms_on_postgresql(self):
        seat = SeatFactory()
        Term.objects.create(seat=seat, name="Pat Lee", started_on=D(2020, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            # bulk_create skips every Python check: only the database stands in the way.
            Term.objects.bulk_create(
                [Term(seat=seat, name="Sam Roe", started_on=D(2022, 1, 1), ended_on=D(2023, 1, 1))]
            )

    @postgresql_only
    def test_database_allows_a_handover_on_the_same_day_on_postgresql(self):
        seat = SeatFactory()
        Term.objects.create(
            seat=seat, name="Pat Lee", started_on=D(2020, 1, 1), ended_on=D(2022, 1, 1)
        )
        Term.objects.bulk_create([Term(seat=seat, name="Sam Roe", started_on=D(2022, 1, 1))])
        assert seat.terms.count() == 2


@pytest.mark.django_db
class TestSeatConstraints:
    def test_one_partner_seat_per_organization(self, organization):
        PartnerSeatFactory(organization=organization)
        with pytest.raises(IntegrityError), transaction.atomic():
            Seat.objects.create(kind=SeatKind.PARTNER, organization=organization, title="Again")

    def test_only_partner_seats_belong_to_an_organization(self, organization):
        with pytest.raises(IntegrityError), transaction.atomic():
            Seat.objects.create(kind=SeatKind.OFFICER, organization=organization, title="Chair")
        with pytest.raises(IntegrityError), transaction.atomic():
            Seat.objects.create(kind=SeatKind.PARTNER, title="Nobody's")

    def test_model_validation_explains_the_organization_rule(self, organization):
        seat = Seat(kind=SeatKind.AT_LARGE, organization=organization, title="At large")
        with pytest.raises(ValidationError, match="Only partner seats"):
            seat.full_clean()

    def test_one_director_seat(self):
        Seat.objects.create(kind=SeatKind.DIRECTOR, title="Coalition Director")
        with pytest.raises(IntegrityError), transaction.atomic():
            Seat.objects.create(kind=SeatKind.DIRECTOR, title="Second director")


@pytest.mark.django_db
def test_term_holder_falls_back_to_the_account(user):
    user.full_name, user.title = "Jamie Cruz", "Board Chair"
    user.save()
    term = TermFactory(person=user, name="", title="")
    assert (term.holder_name, term.holder_title, term.contact_email) == (
        "Jamie Cruz",
        "Board Chair",
        user.email,
    )


@pytest.mark.django_db
class TestProposalApplication:
    """A proposal to admit an organization names its application; no other proposal does."""

    def test_model_validation_requires_the_application_of_an_admit_proposal(self, director):
        proposal = ProposalFactory.build(kind=ProposalKind.ADMIT_ORGANIZATION, created_by=director)
        with pytest.raises(ValidationError) as error:
            proposal.full_clean()
        assert error.value.message_dict["application"] == [
            "Choose the application to join this proposal would approve."
        ]

    def test_model_validation_refuses_an_application_on_another_kind(self, director):
        application = ApplicationFactory()
        for kind in (ProposalKind.GENERAL, ProposalKind.ADOPT_VALUES):
            proposal = ProposalFactory.build(
                kind=kind, application=application, created_by=director
            )
            with pytest.raises(ValidationError) as error:
                proposal.full_clean()
            assert "application" in error.value.message_dict

    def test_an_admit_proposal_with_its_application_is_valid(self, director):
        proposal = AdmitProposalFactory.build(application=ApplicationFactory(), created_by=director)
        proposal.full_clean()  # no error

    def test_database_refuses_an_admit_proposal_without_an_application(self, director):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProposalFactory(kind=ProposalKind.ADMIT_ORGANIZATION, created_by=director)

    def test_database_refuses_an_application_on_a_general_proposal(self, director):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProposalFactory(application=ApplicationFactory(), created_by=director)

    def test_an_application_with_a_proposal_cannot_be_deleted(self, director):
        proposal = AdmitProposalFactory(created_by=director)
        with pytest.raises(ProtectedError), transaction.atomic():
            proposal.application.delete()
