"""Changes the director makes from the admin's action menu. Kept out of admin.py so a command
or a later page can call the same function."""

from django.db import transaction
from django.db.models import QuerySet

from partners.models import Organization, OrganizationStatus
from partners.people.services import change_organization_status


@transaction.atomic
def deactivate_organizations(*, queryset: QuerySet[Organization], acting_user) -> int:
    """Set the active organizations among `queryset` inactive as of today; return how many.

    Each goes through the status service, so the history records who did it and the partner
    seat's term ends. Withdrawn and already inactive organizations are left as they are.
    """
    changed = 0
    for organization in queryset.filter(status=OrganizationStatus.ACTIVE):
        change_organization_status(
            organization=organization, status=OrganizationStatus.INACTIVE, acting_user=acting_user
        )
        changed += 1
    return changed
