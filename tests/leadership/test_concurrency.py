"""Two people of one organization voting at the same moment leave one vote (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from leadership import services
from leadership.models import Vote, VoteChoice
from partners.models import Role

from ..factories import MembershipFactory, OrganizationFactory, UserFactory
from .factories import DelegationFactory, ProposalFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs concurrent writers: SQLite's in-memory test database serializes them.",
    ),
]


def test_two_voters_of_one_organization_at_once_leave_one_vote():
    organization = OrganizationFactory()
    leader = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER).user
    delegate = MembershipFactory(organization=organization, role=Role.STAFF).user
    DelegationFactory(organization=organization, user=delegate, named_by=leader)
    proposal = ProposalFactory(created_by=UserFactory(is_staff=True))

    rounds = 5
    for _ in range(rounds):
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def vote(user, choice, barrier=barrier, errors=errors):
            try:
                barrier.wait(timeout=10)
                services.cast_vote(
                    proposal=proposal, organization=organization, acting_user=user, choice=choice
                )
            except BaseException as error:  # reported to the main thread
                errors.append(error)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=vote, args=(leader, VoteChoice.YES)),
            threading.Thread(target=vote, args=(delegate, VoteChoice.NO)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors

    vote = Vote.objects.get(proposal=proposal, organization=organization)
    assert vote.choice in {VoteChoice.YES, VoteChoice.NO}
    # Every cast is kept in the history: one creation and 2 * rounds - 1 changes.
    assert vote.history.count() == 2 * rounds
