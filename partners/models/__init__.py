from .agreements import Agreement
from .applications import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    ApplicationYearCounter,
)
from .funding import Funder, FunderKind, Support, SupportStatus
from .invitations import Invitation
from .organizations import Organization, OrganizationStatus, Visibility
from .people import Membership, Role
from .sponsorship import FiscalSponsorship
from .taxonomy import Language, Population, Sector, Service
from .values import SharedValue, ValuesVersion, ValuesVersionStatus

__all__ = [
    "Agreement",
    "Application",
    "ApplicationStatus",
    "ApplicationTransition",
    "ApplicationYearCounter",
    "FiscalSponsorship",
    "Funder",
    "FunderKind",
    "Invitation",
    "Language",
    "Membership",
    "Organization",
    "OrganizationStatus",
    "Population",
    "Role",
    "Sector",
    "Service",
    "SharedValue",
    "Support",
    "SupportStatus",
    "ValuesVersion",
    "ValuesVersionStatus",
    "Visibility",
]
