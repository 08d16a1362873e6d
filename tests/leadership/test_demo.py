"""`seed_leadership_demo()`: the demo roster and decisions, idempotent."""

import pytest
from django.contrib.auth.hashers import make_password

from cate_portal.site.demo import seed_demo_data
from leadership.demo import CLOSED_PROPOSAL_TITLE, OPEN_PROPOSAL_TITLE, seed_leadership_demo
from leadership.models import (
    Proposal,
    ProposalDocument,
    Resource,
    ResourceStatus,
    Seat,
    SeatKind,
    Term,
    Vote,
)
from leadership.seats.selectors import vacant_seats
from partners.models import Organization

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Seat.objects.count(),
        Term.objects.count(),
        Proposal.objects.count(),
        Vote.objects.count(),
        Resource.objects.count(),
        ProposalDocument.objects.count(),
    )


def test_demo_roster_and_decisions_are_created_once():
    seed_demo_data(password_hash=make_password("x"))
    seed_leadership_demo()
    first = snapshot()
    seed_leadership_demo()
    assert snapshot() == first

    director_term = Term.objects.current().get(seat__kind=SeatKind.DIRECTOR)
    assert director_term.person.email == "director@cate.example.org"
    assert str(director_term.person) == "Jordan Hawkins"
    assert Term.objects.filter(seat__kind=SeatKind.DIRECTOR, ended_on__isnull=False).exists()
    active = Organization.objects.active().count()
    assert Seat.objects.filter(kind=SeatKind.PARTNER, active=True).count() == active
    assert [seat.kind for seat in vacant_seats()] == [SeatKind.AT_LARGE]

    assert Proposal.objects.get(title=OPEN_PROPOSAL_TITLE).is_open()
    assert Proposal.objects.get(title=OPEN_PROPOSAL_TITLE).documents.count() == 1
    # The library: a resource of each visibility, and a partner's contribution waiting.
    assert set(Resource.objects.values_list("visibility", flat=True)) == {
        "public",
        "partners",
        "leadership",
    }
    assert Resource.objects.filter(status=ResourceStatus.PENDING, organization__isnull=False)
    closed = Proposal.objects.get(title=CLOSED_PROPOSAL_TITLE)
    assert closed.is_settled and closed.votes.count() > 0
