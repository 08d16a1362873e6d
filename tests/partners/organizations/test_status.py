"""A partner's status and its seat in the leadership move together, from every path."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.models import Seat, SeatKind, Term
from partners.models import Organization, OrganizationStatus, Role
from partners.organizations.services import change_organization_status, deactivate_organizations
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def led_organization(organization):
    MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    leader = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER).user
    change_organization_status(
        organization=organization, status=OrganizationStatus.ACTIVE, acting_user=None
    )
    organization.leader = leader
    return organization


def current_term(organization):
    seat = Seat.objects.get(kind=SeatKind.PARTNER, organization=organization)
    return seat, seat.terms.current(timezone.localdate()).first()


def test_an_active_partner_gets_a_seat_held_by_its_executive_leader(led_organization):
    seat, term = current_term(led_organization)
    assert seat.active
    assert term.person == led_organization.leader


def test_withdrawing_ends_the_current_term_that_day_and_records_the_date(
    led_organization, director
):
    change_organization_status(
        organization=led_organization, status=OrganizationStatus.WITHDRAWN, acting_user=director
    )
    led_organization.refresh_from_db()
    assert led_organization.status == OrganizationStatus.WITHDRAWN
    assert led_organization.status_changed_on == timezone.localdate()
    seat = Seat.objects.get(kind=SeatKind.PARTNER, organization=led_organization)
    assert not seat.active
    assert Term.objects.get(seat=seat).ended_on == timezone.localdate()
    assert led_organization.history.latest().history_user == director


def test_changing_to_the_same_status_twice_changes_nothing_more(led_organization):
    for _ in range(2):
        change_organization_status(
            organization=led_organization, status=OrganizationStatus.WITHDRAWN, acting_user=None
        )
    assert Term.objects.filter(seat__organization=led_organization).count() == 1


def test_the_admin_deactivate_action_ends_the_seat_term(led_organization, director):
    count = deactivate_organizations(
        queryset=Organization.objects.filter(pk=led_organization.pk), acting_user=director
    )
    assert count == 1
    seat, term = current_term(led_organization)
    assert term is None
    assert not seat.active


def test_withdrawing_in_the_admin_change_form_ends_the_seat_term(director_client, led_organization):
    url = reverse("admin:partners_organization_change", args=[led_organization.pk])
    form = director_client.get(url).context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if isinstance(v, str | int | bool) and v is not None
    }
    data.update(
        status=OrganizationStatus.WITHDRAWN,
        sector=led_organization.sector_id,
        **{"memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0},
    )
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    response = director_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    led_organization.refresh_from_db()
    assert led_organization.status_changed_on == timezone.localdate()
    _seat, term = current_term(led_organization)
    assert term is None


def test_reactivating_gives_the_seat_back_with_a_new_term(led_organization):
    today = timezone.localdate()
    later = today + datetime.timedelta(days=10)
    change_organization_status(
        organization=led_organization, status=OrganizationStatus.INACTIVE, acting_user=None
    )
    change_organization_status(
        organization=led_organization, status=OrganizationStatus.ACTIVE, acting_user=None, on=later
    )
    seat = Seat.objects.get(kind=SeatKind.PARTNER, organization=led_organization)
    assert seat.active
    assert list(seat.terms.order_by("started_on").values_list("started_on", "ended_on")) == [
        (today, today),
        (later, None),
    ]


def test_staff_with_view_permission_only_cannot_deactivate(client, led_organization):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_organization"))
    TOTP.activate(viewer, generate_totp_secret())
    client.force_login(viewer)
    response = client.post(
        reverse("admin:partners_organization_changelist"),
        {"action": "deactivate", "_selected_action": [led_organization.pk]},
    )
    assert response.status_code in {200, 302}
    led_organization.refresh_from_db()
    assert led_organization.status == OrganizationStatus.ACTIVE


@pytest.mark.parametrize("who", ["manager", "leader"])
def test_only_the_director_or_the_system_changes_a_status(led_organization, who):
    """The organization's own managers included: the service asks require_staff, whoever calls
    it (no view exposes it to them, and no later caller may by mistake)."""
    from django.core.exceptions import PermissionDenied

    person = (
        led_organization.memberships.get(role=Role.PRIMARY_CONTACT).user
        if who == "manager"
        else led_organization.leader
    )
    with pytest.raises(PermissionDenied, match="Only the Coalition Director"):
        change_organization_status(
            organization=led_organization, status=OrganizationStatus.INACTIVE, acting_user=person
        )
    with pytest.raises(PermissionDenied, match="Only the Coalition Director"):
        deactivate_organizations(
            queryset=Organization.objects.filter(pk=led_organization.pk), acting_user=person
        )
    led_organization.refresh_from_db()
    assert led_organization.status == OrganizationStatus.ACTIVE
