"""The one rule of who the leadership is (`leadership.permissions.is_leadership`)."""

import datetime

import pytest
from django.test import RequestFactory

from leadership.permissions import is_leadership
from partners.models import OrganizationStatus, Role
from partners.visibility import viewer_for, viewer_for_request
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_executive_leader_of_an_active_partner_is_leadership(executive_leader):
    assert is_leadership(executive_leader)
    assert is_leadership(viewer_for(executive_leader))


@pytest.mark.parametrize("name", ["primary_contact", "staff_member", "other_partner", "user"])
def test_other_partners_and_people_are_not(request, name):
    assert not is_leadership(request.getfixturevalue(name))


def test_anonymous_is_not():
    assert not is_leadership(None)


def test_the_director_is_leadership_outside_a_request(director):
    assert is_leadership(director)


def test_on_a_page_the_director_needs_a_second_factor(director):
    request = RequestFactory().get("/")
    request.user = director
    request.session = {}
    assert not is_leadership(viewer_for_request(request))


def test_leading_an_inactive_organization_or_an_ended_membership_is_not(db):
    suspended = OrganizationFactory(status=OrganizationStatus.INACTIVE)
    leader = MembershipFactory(organization=suspended, role=Role.EXECUTIVE_LEADER).user
    assert not is_leadership(leader)
    ended = MembershipFactory(
        role=Role.EXECUTIVE_LEADER,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
    ).user
    assert not is_leadership(ended)


def test_events_and_resources_share_the_audiences_one_rule_decides():
    """`audiences_of` serves both: their visibility values must stay the same."""
    from leadership.models import EventVisibility, ResourceVisibility

    assert (
        EventVisibility.values == ResourceVisibility.values == ["public", "partners", "leadership"]
    )
