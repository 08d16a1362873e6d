"""Issue 10, rule 10: whatever path gives an organization a residential service (shelter or
housing), its street address becomes protected for good, until the director releases it.

The paths are many: the portal's profile form (services.update_profile), the admin's change
form (Django saves its many-to-many lists after the organization, in save_related), an approved
application copying its services, the demo data, a service the director marks residential in the
admin. Rather than trust each to remember, these receivers watch the two things that can make
an organization residential: a link from an organization to a residential service, and a
service becoming residential. Both run inside the sender's transaction.

Bulk inserts of link rows send no signal: `seed_demo --scale` sets the flag itself.
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_save

from partners.models import Organization, Service
from partners.organizations.services import protect_street_address, protect_street_addresses


def services_added(
    *, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs
) -> None:
    if action != "post_add" or not pk_set:
        return
    if not reverse:  # organization.services.add/set(...): instance is the organization
        if (
            not instance.street_address_protected
            and Service.objects.filter(pk__in=pk_set, is_residential=True).exists()
        ):
            protect_street_address(organization=instance)
    elif instance.is_residential:  # service.organizations.add(...): instance is the service
        protect_street_addresses(organization_ids=pk_set)


def service_saved(*, instance: Service, raw: bool = False, **kwargs) -> None:
    if raw or not instance.is_residential:
        return
    protect_street_addresses(
        organization_ids=instance.organizations.filter(street_address_protected=False).values_list(
            "pk", flat=True
        )
    )


def connect() -> None:
    """Connects the receivers once (dispatch_uid keeps a second call harmless)."""
    m2m_changed.connect(
        services_added,
        sender=Organization.services.through,
        dispatch_uid="partners.protect_street_address.services_added",
    )
    post_save.connect(
        service_saved,
        sender=Service,
        dispatch_uid="partners.protect_street_address.service_saved",
    )
