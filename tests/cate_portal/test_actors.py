"""Who acted: the system (None), a person, coalition staff; one require_staff for every app."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from cate_portal.actors import SYSTEM_REASON, is_staff, record_actor, require_staff
from partners.models import Organization
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("system", True),
        ("director", True),
        ("inactive_director", False),
        ("partner", False),
        ("anonymous", False),
    ],
)
def test_require_staff_lets_only_staff_and_the_system_through(who, allowed):
    users = {
        "system": None,
        "director": UserFactory(is_staff=True),
        "inactive_director": UserFactory(is_staff=True, is_active=False),
        "partner": UserFactory(),
        "anonymous": AnonymousUser(),
    }
    if allowed:
        require_staff(users[who], action="test")
    else:
        with pytest.raises(PermissionDenied, match="Only the Coalition Director may test"):
            require_staff(users[who], action="test")


def test_is_staff_is_false_for_the_system_and_anonymous():
    assert not is_staff(None)
    assert not is_staff(AnonymousUser())


def test_a_change_by_the_system_is_recorded_as_such_not_as_the_user_of_the_request():
    organization = OrganizationFactory()
    organization.description = "Changed by a cron job."
    organization._history_user = UserFactory()  # what a request would have set
    record_actor(organization, None)
    organization.save()
    latest = Organization.history.filter(id=organization.pk).latest("history_date")
    assert latest.history_user is None
    assert latest.history_change_reason == SYSTEM_REASON


def test_a_change_by_a_person_is_recorded_with_them():
    organization = OrganizationFactory()
    person = UserFactory()
    organization.description = "Edited."
    record_actor(organization, person)
    organization.save()
    latest = Organization.history.filter(id=organization.pk).latest("history_date")
    assert latest.history_user == person
    assert latest.history_change_reason is None


def test_a_person_saving_an_instance_the_system_saved_before_is_not_recorded_as_the_system():
    """One instance can go through a system step, then a person's (a proposal settled, then
    confirmed by the director): the person's save must not keep the system's reason."""
    organization = OrganizationFactory()
    record_actor(organization, None)
    organization.save()
    person = UserFactory()
    organization.description = "Edited by the director."
    record_actor(organization, person)
    organization.save()
    latest = Organization.history.filter(id=organization.pk).latest("history_date")
    assert latest.history_user == person
    assert latest.history_change_reason is None
