"""Changes the director makes from the admin's action menu. Kept out of admin.py so a command
or a later page can call the same function."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Organization, OrganizationStatus


@transaction.atomic
def deactivate_organizations(*, queryset: QuerySet[Organization], acting_user) -> int:
    """Set the active organizations among `queryset` inactive as of today; return how many.

    Each row is saved on its own (not a bulk update) so the history records who did it.
    Withdrawn and already inactive organizations are left as they are.
    """
    today = timezone.localdate()
    changed = 0
    for organization in queryset.select_for_update().filter(status=OrganizationStatus.ACTIVE):
        organization.status = OrganizationStatus.INACTIVE
        organization.status_changed_on = today
        organization._history_user = acting_user
        organization.save(update_fields=["status", "status_changed_on", "updated_at"])
        changed += 1
    return changed
