"""Changes to partner organizations: their directory profile, their status, and the protection
of a shelter's street address.

Every view, admin form and action, and management command goes through these functions, so no
path skips a rule. Each runs in a transaction; what other apps must do when a status changes
(the leadership seat) follows through partners.signals inside that same transaction.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cate_portal.actors import SYSTEM, record_actor, require_staff
from cate_portal.text import validate_single_line
from partners.models import Organization, OrganizationStatus, Service, Visibility
from partners.organizations.logo import store_logo
from partners.permissions import require_manager
from partners.signals import organization_status_changed
from partners.visibility import (
    RESIDENTIAL_STREET_ADDRESS_FLOOR,
    offers_residential_service,
    street_address_may_be_public,
    street_address_visibility_allowed,
)

SHELTER_ADDRESS_MESSAGE = (
    "The street address cannot be public because this organization offers shelter or "
    "housing: shelter locations must stay confidential to protect survivors. Choose "
    "“Partners only” or “Coalition staff only”."
)
PROTECTED_ADDRESS_MESSAGE = (
    "The street address cannot be public: this organization has offered shelter or housing, "
    "so its address stays protected even after those services are removed. Only the "
    "Coalition Director can release it. Choose “Partners only” or “Coalition staff only”."
)
# The history's change reasons (its column keeps 100 characters).
PROTECTED_REASON = "Street address protected: the organization offers shelter or housing"
RELEASED_REASON_PREFIX = "Address protection released: "
RELEASE_REASON_MAX_LENGTH = Organization.history.model._meta.get_field(
    "history_change_reason"
).max_length - len(RELEASED_REASON_PREFIX)
RELEASE_ACTION = "release the protection of a shelter's street address"
RELEASE_REFUSED_WHILE_RESIDENTIAL = (
    "The street address stays protected while the organization offers shelter or housing: "
    "remove those services first."
)
RELEASE_NOT_PROTECTED = "This organization's street address is not protected."
RELEASE_REASON_REQUIRED = "Say why the protection is released: it is kept in the history."
STATUS_ACTION = "change the status of an organization"
STATUS_FIELDS = ("status", "status_changed_on")


def check_shelter_address(
    *, services: Iterable[Service], street_address_visibility: str, protected: bool = False
) -> None:
    """Refuses a public street address for an organization offering shelter or housing after
    the change (`services`), or whose address is already protected (`protected`: it offered
    one before, even if the same change removes it)."""
    if street_address_visibility_allowed(services, street_address_visibility, protected=protected):
        return
    if not street_address_may_be_public(services):
        raise ValidationError({"street_address_visibility": SHELTER_ADDRESS_MESSAGE})
    raise ValidationError({"street_address_visibility": PROTECTED_ADDRESS_MESSAGE})


def protect_street_address(*, organization: Organization) -> bool:
    """Marks the street address of an organization that offers shelter or housing as protected,
    for good (until the director releases it); returns whether it changed anything.

    Called by partners.organizations.receivers whenever a residential service is added through
    any path (the portal, the admin, an approved application, demo data), so no path forgets
    it. A stored "Public" is tightened to the floor (it was never shown publicly: the shelter
    rule already hid it). Who acted is whoever the instance records (`record_actor`), or the
    request's user through simple-history's middleware; the reason says why.
    """
    if organization.street_address_protected:
        return False
    organization.street_address_protected = True
    update_fields = ["street_address_protected", "updated_at"]
    if organization.street_address_visibility == Visibility.PUBLIC:
        organization.street_address_visibility = RESIDENTIAL_STREET_ADDRESS_FLOOR
        update_fields.append("street_address_visibility")
    _save_with_reason(organization, PROTECTED_REASON, update_fields=update_fields)
    return True


@transaction.atomic
def protect_street_addresses(*, organization_ids: Iterable[int]) -> int:
    """`protect_street_address` for those of these organizations that offer shelter or housing
    and are not protected yet; returns how many it protected."""
    candidates = Organization.objects.filter(
        pk__in=list(organization_ids),
        street_address_protected=False,
        services__is_residential=True,
    ).distinct()
    return sum(protect_street_address(organization=organization) for organization in candidates)


@transaction.atomic
def release_street_address_protection(
    *, organization: Organization, acting_user, reason: str
) -> Organization:
    """The Coalition Director releases a protected street address, so that it may be made
    public again; recorded in the history with who did it and why.

    Only a person with staff rights: not a partner, and not the system either (someone must
    answer for it). Refused while the organization still offers shelter or housing. The stored
    visibility is left as it is (never public while protected): choosing "Public" is a later,
    separate change.
    """
    if acting_user is SYSTEM:
        raise PermissionDenied(f"Only the Coalition Director may {RELEASE_ACTION}.")
    require_staff(acting_user, action=RELEASE_ACTION)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": RELEASE_REASON_REQUIRED})
    if len(reason) > RELEASE_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"Keep the reason to {RELEASE_REASON_MAX_LENGTH} characters at most."}
        )
    try:
        validate_single_line(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from error
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not organization.street_address_protected:
        raise ValidationError(RELEASE_NOT_PROTECTED, code="not_protected")
    if offers_residential_service(organization):
        raise ValidationError(RELEASE_REFUSED_WHILE_RESIDENTIAL, code="residential")
    organization.street_address_protected = False
    record_actor(organization, acting_user)
    organization._releasing_street_address = True
    try:
        _save_with_reason(
            organization,
            RELEASED_REASON_PREFIX + reason,
            update_fields=["street_address_protected", "updated_at"],
        )
    finally:
        del organization._releasing_street_address
    return organization


_NO_REASON = object()


def _save_with_reason(organization: Organization, reason: str, *, update_fields: list[str]):
    """Validates and saves the changed fields with this change reason in the history, then
    restores the instance's own reason (so a later save of the same instance is not recorded
    with this one).

    Only the changed fields are validated: the receivers call this in the middle of someone
    else's save (a profile, an admin form), which must not fail on an unrelated field.
    """
    previous = organization.__dict__.get("_change_reason", _NO_REASON)
    organization._change_reason = reason
    try:
        organization.full_clean(
            exclude=[f.name for f in Organization._meta.fields if f.name not in update_fields],
            validate_unique=False,
        )
        organization.save(update_fields=update_fields)
    finally:
        if previous is _NO_REASON:
            del organization._change_reason
        else:
            organization._change_reason = previous


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
        protected=organization.street_address_protected,
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
def save_organization(*, organization: Organization, acting_user, logo=None) -> Organization:
    """The Coalition Director's save of an organization from the admin (added or changed).

    `organization` carries the form's values, unsaved; `logo` is a re-encoded file
    (partners.organizations.logo), False to remove the logo, or None to leave it. A new status
    goes through change_organization_status, so the partner seat follows; the shelter rule and
    every model rule are checked (ValidationError); who acted is recorded. The lists (counties,
    services, populations) are set by the admin right after, in this same transaction.
    Raises PermissionDenied for anyone but coalition staff or the system.
    """
    require_staff(acting_user, action="change organizations in the admin")
    status = organization.status
    adding = organization._state.adding
    if not adding:
        stored = Organization.objects.select_for_update().get(pk=organization.pk)
        # The status moves through its own service below, with its date and its signal.
        organization.status, organization.status_changed_on = (
            stored.status,
            stored.status_changed_on,
        )
        check_shelter_address(
            services=organization.services.all(),
            street_address_visibility=organization.street_address_visibility,
            protected=stored.street_address_protected,
        )
    if logo is not None:
        store_logo(organization, logo)
    organization.full_clean()
    record_actor(organization, acting_user)
    organization.save()
    if adding or status != organization.status:
        change_organization_status(
            organization=organization, status=status, acting_user=acting_user
        )
        organization.refresh_from_db()
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
    calling it again with the same status changes nothing more. Coalition staff or the system
    only (PermissionDenied for anyone else).
    """
    require_staff(acting_user, action=STATUS_ACTION)
    on = on or timezone.localdate()
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.status != status:
        organization.status = status
        organization.status_changed_on = on
        # Only what changes is checked: a field stored before one of its rules existed must not
        # keep the director from deactivating a partner.
        organization.full_clean(
            exclude=[
                field.name for field in Organization._meta.fields if field.name not in STATUS_FIELDS
            ],
            validate_unique=False,
        )
        record_actor(organization, acting_user)
        organization.save(update_fields=[*STATUS_FIELDS, "updated_at"])
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
    require_staff(acting_user, action=STATUS_ACTION)
    changed = 0
    for organization in queryset.filter(status=OrganizationStatus.ACTIVE):
        change_organization_status(
            organization=organization, status=OrganizationStatus.INACTIVE, acting_user=acting_user
        )
        changed += 1
    return changed
