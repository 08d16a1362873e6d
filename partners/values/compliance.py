"""The director's compliance report: which partners have signed the current shared values.

One row per active organization, for the admin page and for the CSV download. Coalition staff
only (the admin views that use it are behind the admin site and a permission check).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cate_portal.csv_export import csv_text
from partners.models import Organization
from partners.values.selectors import AgreementState, agreement_statuses, current_version

CSV_HEADER = [
    "Organization",
    "Status",
    "Signed by",
    "Signed on",
    "Version signed",
    "Due on",
    "Days overdue",
]


@dataclass(frozen=True)
class ComplianceRow:
    organization: str
    organization_pk: int
    state: AgreementState
    status: str
    signed_by: str
    signed_on: datetime.date | None
    version_signed: str
    due_on: datetime.date | None
    days_overdue: int

    def as_csv(self) -> list[str]:
        return [
            self.organization,
            self.status,
            self.signed_by,
            self.signed_on.isoformat() if self.signed_on else "",
            self.version_signed,
            self.due_on.isoformat() if self.due_on else "",
            str(self.days_overdue),
        ]


def compliance_rows(*, today: datetime.date | None = None) -> list[ComplianceRow]:
    """Active organizations, the most overdue first, then by name."""
    today = today or timezone.localdate()
    version = current_version()
    organizations = Organization.objects.active().order_by("name")
    statuses = agreement_statuses(organizations, version=version, today=today)
    rows = []
    for status in statuses.values():
        agreement = status.agreement
        rows.append(
            ComplianceRow(
                organization=status.organization.name,
                organization_pk=status.organization.pk,
                state=status.state,
                status=status.label,
                signed_by=(
                    f"{agreement.signer_name}, {agreement.signer_title}" if agreement else ""
                ),
                signed_on=timezone.localdate(agreement.signed_at) if agreement else None,
                version_signed=agreement.version.label if agreement else "",
                due_on=status.due_on,
                days_overdue=status.days_overdue,
            )
        )
    rows.sort(key=lambda row: (-row.days_overdue, row.organization.lower()))
    return rows


def compliance_csv(rows: list[ComplianceRow]) -> str:
    """The report as CSV, every cell neutralized against spreadsheet formulas."""
    return csv_text(CSV_HEADER, (row.as_csv() for row in rows))
