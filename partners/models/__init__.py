from .invitations import Invitation
from .organizations import Organization, OrganizationStatus, Visibility
from .people import Membership, Role
from .reminders import ReminderLog
from .taxonomy import Population, Sector, Service

__all__ = [
    "Invitation",
    "Membership",
    "Organization",
    "OrganizationStatus",
    "Population",
    "ReminderLog",
    "Role",
    "Sector",
    "Service",
    "Visibility",
]
