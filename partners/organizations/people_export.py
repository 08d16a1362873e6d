"""People and their roles per organization, as CSV, for the director (admin only)."""

from django.db.models.functions import Lower

from cate_portal.csv_export import csv_text
from partners.models import Membership

PEOPLE_CSV_HEADER = [
    "Organization",
    "Organization status",
    "Person",
    "E-mail",
    "Role",
    "Job title",
    "Since",
]


def people_csv(organizations) -> str:
    """Every current membership of the given organizations, by organization then role; every
    cell neutralized (cate_portal.csv_export). Two queries whatever the number of rows."""
    memberships = (
        Membership.objects.current()
        .filter(organization__in=organizations)
        .select_related("organization", "user")
        .order_by(Lower("organization__name"), "role", Lower("user__full_name"), "pk")
    )
    return csv_text(
        PEOPLE_CSV_HEADER,
        (
            [
                m.organization.name,
                m.organization.get_status_display(),
                m.user.full_name,
                m.user.email,
                m.get_role_display(),
                m.title,
                m.started_on.isoformat(),
            ]
            for m in memberships
        ),
    )
