"""Concurrent writers on PostgreSQL: one vote per organization, one approval per admission."""

import threading

import pytest
from django.db import connection, connections

from leadership.decisions import confirmations, services
from leadership.models import Vote, VoteChoice
from partners.models import Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.leadership.factories import DelegationFactory, ProposalFactory

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


def test_two_confirmations_of_an_admission_at_once_approve_the_application_once():
    from django.core.exceptions import ValidationError

    from partners.models import Organization
    from tests.leadership.factories import AdmitProposalFactory, VoteFactory

    directors = [UserFactory(is_staff=True), UserFactory(is_staff=True)]
    proposal = AdmitProposalFactory(created_by=directors[0])
    VoteFactory(proposal=proposal, organization=OrganizationFactory(), choice=VoteChoice.YES)
    services.settle_proposal(proposal=proposal)
    barrier = threading.Barrier(2)
    confirmed: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def confirm(director):
        try:
            barrier.wait(timeout=10)
            confirmations.confirm_admission(proposal=proposal, acting_user=director)
            confirmed.append(director.pk)
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        except BaseException as error:  # reported to the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(d,)) for d in directors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert len(confirmed) == 1
    assert len(refused) == 1 and "already confirmed" in refused[0]
    name = proposal.application.organization_name
    assert Organization.objects.filter(name=name).count() == 1
    assert proposal.application.transitions.filter(to_status="approved").count() == 1
