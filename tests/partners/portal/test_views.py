"""The dashboard gathers what each app asks of a partner: signing the values, voting."""

import pytest
from django.urls import reverse

from partners.models import Role
from tests.factories import MembershipFactory, adopted_version
from tests.leadership.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def executive_leader(organization):
    return MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER).user


def dashboard(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("portal:dashboard")).content.decode()


def test_a_newly_adopted_version_is_a_signing_task_for_the_primary_contact(client, primary_contact):
    assert "Sign the coalition's shared values" not in dashboard(client, primary_contact)
    version = adopted_version(label="2027")
    text = dashboard(client, primary_contact)
    assert "Sign the coalition's shared values (version 2027)" in text
    assert reverse("values:agreement") in text
    assert version.label in text


def test_an_open_proposal_is_a_voting_task_for_the_executive_leader(client, executive_leader):
    ProposalFactory(title="Adopt the 2027 work plan")
    text = dashboard(client, executive_leader)
    assert "Leadership and decisions" in text
    assert "Adopt the 2027 work plan" in text


def test_staff_are_not_asked_to_vote(client, staff_member):
    ProposalFactory(title="Adopt the 2027 work plan")
    assert ">Vote<" not in dashboard(client, staff_member)
