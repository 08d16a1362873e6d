"""Changes to partner organizations: their directory profile and their status.

Every view, admin form and action, and management command goes through these functions, so no
path skips a rule. Each runs in a transaction; what other apps must do when a status changes
(the leadership seat) follows through partners.signals inside that same transaction.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cate_portal.actors import record_actor
from partners.models import Organization, OrganizationStatus, Service
from partners.organizations.logo import store_logo
from partners.permissions import require_manager
from partners.signals import organization_status_changed
from partners.visibility import street_address_visibility_allowed

SHELTER_ADDRESS_MESSAGE = (
    "The street address cannot be public because this organization offers shelter or "
    "housing: shelter locations must stay confidential to protect survivors. Choose "
    "“Partners only” or “Coalition staff only”."
)


def check_shelter_address(*, services: Iterable[Service], street_address_visibility: str) -> None:
    if not street_address_visibility_allowed(services, street_address_visibility):
        raise ValidationError({"street_address_visibility": SHELTER_ADDRESS_MESSAGE})


@transaction.atomic
def update_profile(
    *, organization: Organization, acting_user, changes: dict[str, Any]
) -> Organization:
    """Sets the profile's fields and lists (counties, services, populations) and its logo.

    `changes` maps field names to values; "logo" holds a re-encoded file
    (partners.organizations.logo), or False to remove the logo.
    """
    require_manager(acting_user, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    m2m_names = {field.name for field in Organization._meta.many_to_many}
    changes = dict(changes)
    logo = changes.pop("logo", None)
    m2m = {name: changes.pop(name) for name in list(changes) if name in m2m_names}

    services = m2m.get("services", organization.services.all())
    check_shelter_address(
        services=services,
        street_address_visibility=changes.get(
            "street_address_visibility", organization.street_address_visibility
        ),
    )
    for name, value in changes.items():
        setattr(organization, name, value)
    organization.full_clean()
    update_fields = [*changes, "updated_at"]
    if (logo is False or isinstance(logo, File)) and store_logo(organization, logo):
        update_fields.append("logo")
    record_actor(organization, acting_user)
    organization.save(update_fields=update_fields)
    for name, values in m2m.items():
        getattr(organization, name).set(values)
    return organization


@transaction.atomic
def confirm_profile(*, organization: Organization, acting_user) -> Organization:
    """Records that a manager checked the directory profile and it is current today."""
    require_manager(acting_user, organization)
    organization.profile_confirmed_on = timezone.localdate()
    organization.full_clean()
    record_actor(organization, acting_user)
    organization.save(update_fields=["profile_confirmed_on", "updated_at"])
    return organization


@transaction.atomic
def change_organization_status(
    *, organization: Organization, status: str, acting_user, on: datetime.date | None = None
) -> Organization:
    """Activates, deactivates or withdraws a partner, as of `on` (default today).

    Sends partners.signals.organization_status_changed in this transaction: leadership gives
    an active partner its seat and ends the term of one that stops being active. Idempotent:
    calling it again with the same status changes nothing more.
    """
    on = on or timezone.localdate()
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.status != status:
        organization.status = status
        organization.status_changed_on = on
        organization.full_clean()
        record_actor(organization, acting_user)
        organization.save(update_fields=["status", "status_changed_on", "updated_at"])
    organization_status_changed.send(
        sender=Organization,
        organization=organization,
        status=status,
        on=on,
        acting_user=acting_user,
    )
    return organization


@transaction.atomic
def deactivate_organizations(*, queryset: QuerySet[Organization], acting_user) -> int:
    """Sets the active organizations among `queryset` inactive as of today; returns how many.

    Each goes through change_organization_status, so history records who did it and the
    partner seat's term ends. Withdrawn and already inactive organizations are left as they are.
    """
    changed = 0
    for organization in queryset.filter(status=OrganizationStatus.ACTIVE):
        change_organization_status(
            organization=organization, status=OrganizationStatus.INACTIVE, acting_user=acting_user
        )
        changed += 1
    return changed
