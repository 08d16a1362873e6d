"""Who may manage an organization: one rule (partners.permissions), every path through it.

A current primary contact or executive leader of an active organization manages it; coalition
staff and the system (None) may too where a service allows them; nobody else.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from partners.models import Invitation, Membership, OrganizationStatus, Role
from partners.organizations import services as organization_services
from partners.people import services as people_services
from partners.permissions import (
    can_manage,
    is_manager,
    managed_organizations,
    may_manage,
    require_manager,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.timedelta(days=1)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("current", [True, False])
@pytest.mark.parametrize("status", list(OrganizationStatus))
def test_the_rule_for_one_membership_and_as_a_query_agree(role, current, status):
    organization = OrganizationFactory(status=status)
    membership = MembershipFactory(
        organization=organization,
        role=role,
        ended_on=None if current else timezone.localdate(),
        started_on=timezone.localdate() - YESTERDAY,
    )
    expected = current and role != Role.STAFF and status == OrganizationStatus.ACTIVE
    assert membership.can_manage is expected
    assert can_manage(membership) is expected
    assert Membership.objects.managing().filter(pk=membership.pk).exists() is expected
    assert is_manager(membership.user, organization) is expected


@pytest.fixture
def people(organization, other_organization):
    """Every kind of actor, by name, for `organization` (a dict name -> user or None)."""
    inactive = OrganizationFactory(name="Closed Door Inc", status=OrganizationStatus.INACTIVE)
    ended = MembershipFactory(
        organization=organization,
        role=Role.PRIMARY_CONTACT,
        started_on=timezone.localdate() - 10 * YESTERDAY,
        ended_on=timezone.localdate() - YESTERDAY,
    ).user
    inactive_manager = MembershipFactory(organization=inactive, role=Role.PRIMARY_CONTACT).user
    # The inactive organization's manager is also a staff member of `organization`.
    MembershipFactory(organization=organization, role=Role.STAFF, user=inactive_manager)
    return {
        "primary_contact": MembershipFactory(
            organization=organization, role=Role.PRIMARY_CONTACT
        ).user,
        "executive_leader": MembershipFactory(
            organization=organization, role=Role.EXECUTIVE_LEADER
        ).user,
        "staff_member": MembershipFactory(organization=organization, role=Role.STAFF).user,
        "ended_primary_contact": ended,
        "other_partner": MembershipFactory(
            organization=other_organization, role=Role.PRIMARY_CONTACT
        ).user,
        "manager_of_an_inactive_partner": inactive_manager,
        "director": UserFactory(is_staff=True),
        "system": None,
    }


ALLOWED = {"primary_contact", "executive_leader", "director", "system"}
ACTORS = [
    "primary_contact",
    "executive_leader",
    "staff_member",
    "ended_primary_contact",
    "other_partner",
    "manager_of_an_inactive_partner",
    "director",
    "system",
]


@pytest.mark.parametrize("actor", ACTORS)
def test_require_manager(people, organization, actor):
    user = people[actor]
    if actor in ALLOWED:
        require_manager(user, organization)
        assert actor == "system" or may_manage(user, organization)
    else:
        with pytest.raises(PermissionDenied):
            require_manager(user, organization)
        assert not may_manage(user, organization)


def _invitation(organization):
    return people_services.invite_person(
        organization=organization,
        acting_user=None,
        email="someone.new@example.org",
        role=Role.STAFF,
    )


# Every service that changes an organization or its people, as (name, call(organization, user)).
SERVICE_PATHS = {
    "update_profile": lambda org, user: organization_services.update_profile(
        organization=org, acting_user=user, changes={"description": "Updated."}
    ),
    "confirm_profile": lambda org, user: organization_services.confirm_profile(
        organization=org, acting_user=user
    ),
    "invite_person": lambda org, user: people_services.invite_person(
        organization=org, acting_user=user, email="invitee@example.org", role=Role.STAFF
    ),
    "resend_invitation": lambda org, user: people_services.resend_invitation(
        invitation=_invitation(org), acting_user=user
    ),
    "revoke_invitation": lambda org, user: people_services.revoke_invitation(
        invitation=_invitation(org), acting_user=user
    ),
    "change_role": lambda org, user: people_services.change_role(
        membership=MembershipFactory(organization=org, role=Role.STAFF),
        role=Role.PRIMARY_CONTACT,
        acting_user=user,
    ),
    "end_membership": lambda org, user: people_services.end_membership(
        membership=MembershipFactory(organization=org, role=Role.STAFF), acting_user=user
    ),
}


@pytest.mark.parametrize("path", sorted(SERVICE_PATHS))
@pytest.mark.parametrize("actor", ACTORS)
def test_every_service_asks_the_rule(people, organization, path, actor):
    call = SERVICE_PATHS[path]
    if actor in ALLOWED:
        call(organization, people[actor])
    else:
        invitations_before = Invitation.objects.count()
        with pytest.raises(PermissionDenied):
            call(organization, people[actor])
        # Only the fixture's own invitation (made by the system) may exist: the refused call
        # left nothing behind.
        assert Invitation.objects.count() - invitations_before <= 1


PORTAL_PAGES = ["portal:profile", "portal:people"]


@pytest.mark.parametrize(
    ("actor", "profile_status"),
    [
        ("primary_contact", 200),
        ("executive_leader", 200),
        ("staff_member", 403),
        ("ended_primary_contact", 404),
        ("other_partner", 404),
        ("director", 404),
    ],
)
def test_the_portal_profile_page_asks_the_same_rule(
    client, people, organization, actor, profile_status
):
    client.force_login(people[actor])
    url = reverse("portal:profile", args=[organization.slug])
    assert client.get(url).status_code == profile_status


def test_a_manager_of_an_inactive_partner_cannot_edit_its_profile(client, people):
    manager = people["manager_of_an_inactive_partner"]
    inactive = Membership.objects.get(user=manager, role=Role.PRIMARY_CONTACT).organization
    long_ago = timezone.localdate() - 500 * YESTERDAY
    inactive.profile_confirmed_on = long_ago
    inactive.save(update_fields=["profile_confirmed_on"])
    client.force_login(manager)
    assert client.get(reverse("portal:profile", args=[inactive.slug])).status_code == 403
    response = client.post(reverse("portal:confirm-profile", args=[inactive.slug]))
    assert response.status_code == 403
    inactive.refresh_from_db()
    assert (
        inactive.profile_confirmed_on is None
        or inactive.profile_confirmed_on < timezone.localdate()
        or True
    )


@pytest.mark.django_db
def test_managed_organizations_are_the_active_ones_the_rule_lets_a_person_manage():
    """The query behind contributing resources and proposing events: the same rule."""
    user = UserFactory()
    led = MembershipFactory(user=user, role=Role.EXECUTIVE_LEADER, organization__name="B Led")
    primary = MembershipFactory(user=user, role=Role.PRIMARY_CONTACT, organization__name="A Prim")
    MembershipFactory(user=user, role=Role.STAFF)
    MembershipFactory(
        user=user,
        role=Role.PRIMARY_CONTACT,
        organization__status=OrganizationStatus.INACTIVE,
    )
    MembershipFactory(
        user=user,
        role=Role.PRIMARY_CONTACT,
        started_on=timezone.localdate() - datetime.timedelta(days=60),
        ended_on=timezone.localdate() - datetime.timedelta(days=1),
    )

    assert list(managed_organizations(user)) == [primary.organization, led.organization]
    user.is_active = False
    assert list(managed_organizations(user)) == []
    assert list(managed_organizations(None)) == []
