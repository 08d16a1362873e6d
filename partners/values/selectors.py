"""Reads of the shared values: the current version, and each organization's signing status."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from partners.models import (
    Agreement,
    Organization,
    OrganizationStatus,
    ValuesVersion,
    ValuesVersionStatus,
)


def grace_days() -> int:
    return getattr(settings, "AGREEMENT_GRACE_DAYS", 60)


def current_version() -> ValuesVersion | None:
    """The adopted version with its values (two queries), or None before the first adoption."""
    return ValuesVersion.objects.current()


def current_version_only() -> ValuesVersion | None:
    """The adopted version without its values (one query), or None before the first adoption."""
    return ValuesVersion.objects.filter(status=ValuesVersionStatus.ADOPTED).first()


def current_values() -> ValuesVersion | None:
    """For the home page: `values.vision`, `values.mission`, `values.items` (name, description)."""
    return current_version()


class AgreementState(StrEnum):
    SIGNED_CURRENT = "signed_current"
    SIGNED_EARLIER = "signed_earlier"
    NEVER_SIGNED = "never_signed"
    NOT_REQUIRED = "not_required"  # inactive or withdrawn organizations, or nothing adopted


STATE_LABELS = {
    AgreementState.SIGNED_CURRENT: "Signed the current version",
    AgreementState.SIGNED_EARLIER: "Signed an earlier version",
    AgreementState.NEVER_SIGNED: "Never signed",
    AgreementState.NOT_REQUIRED: "Not required",
}


@dataclass(frozen=True)
class AgreementStatus:
    organization: Organization
    state: AgreementState
    version: ValuesVersion | None  # the current version
    agreement: Agreement | None  # of the current version, else the latest earlier one
    due_on: datetime.date | None
    days_overdue: int

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def must_sign(self) -> bool:
        return self.state in (AgreementState.SIGNED_EARLIER, AgreementState.NEVER_SIGNED)

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0


def due_date(organization: Organization, version: ValuesVersion | None) -> datetime.date | None:
    """The adoption's deadline; an organization that joined later gets the grace from joining."""
    if version is None or version.adopted_on is None:
        return None
    due = version.signatures_due_on or version.adopted_on + datetime.timedelta(days=grace_days())
    if organization.joined_on and organization.joined_on > version.adopted_on:
        due = max(due, organization.joined_on + datetime.timedelta(days=grace_days()))
    return due


def agreement_statuses(
    organizations,
    *,
    version: ValuesVersion | None = None,
    today: datetime.date | None = None,
) -> dict[int, AgreementStatus]:
    """The signing status of each organization, by its pk, in a fixed number of queries.

    `version` is the current version (looked up when not given).
    """
    today = today or timezone.localdate()
    organizations = list(organizations)
    if version is None:
        version = ValuesVersion.objects.filter(status=ValuesVersionStatus.ADOPTED).first()
    latest: dict[int, Agreement] = {}
    if organizations:
        agreements = (
            Agreement.objects.filter(organization__in=[o.pk for o in organizations])
            .select_related("version", "signed_by")
            .order_by("organization_id", "-signed_at", "-pk")
        )
        for agreement in agreements:
            if version is not None and agreement.version_id == version.pk:
                latest[agreement.organization_id] = agreement  # the current one always wins
            else:
                latest.setdefault(agreement.organization_id, agreement)
    statuses = {}
    for organization in organizations:
        agreement = latest.get(organization.pk)
        due_on, overdue = None, 0
        if version is None or organization.status != OrganizationStatus.ACTIVE:
            state = AgreementState.NOT_REQUIRED
        elif agreement is not None and agreement.version_id == version.pk:
            state = AgreementState.SIGNED_CURRENT
        else:
            state = AgreementState.SIGNED_EARLIER if agreement else AgreementState.NEVER_SIGNED
            due_on = due_date(organization, version)
            overdue = max(0, (today - due_on).days) if due_on else 0
        statuses[organization.pk] = AgreementStatus(
            organization=organization,
            state=state,
            version=version,
            agreement=agreement,
            due_on=due_on,
            days_overdue=overdue,
        )
    return statuses


def organizations_that_must_sign(*, today: datetime.date | None = None) -> list[AgreementStatus]:
    """Active organizations that have not signed the current version (none before adoption)."""
    version = ValuesVersion.objects.filter(status=ValuesVersionStatus.ADOPTED).first()
    if version is None:
        return []
    organizations = Organization.objects.active().exclude(agreements__version=version)
    statuses = agreement_statuses(organizations, version=version, today=today)
    return [status for status in statuses.values() if status.must_sign]


#: The agreement states the admin's organization list filters by, and the dashboard counts.
SIGNED, MUST_SIGN, OVERDUE = "signed", "must-sign", "overdue"
AGREEMENT_FILTERS = {
    SIGNED: "Signed the current version",
    MUST_SIGN: "Must sign (not yet signed the current version)",
    OVERDUE: "Overdue",
}


def organizations_in_agreement_state(
    state: str,
    *,
    organizations=None,
    version: ValuesVersion | None = None,
    today: datetime.date | None = None,
):
    """Organizations in one of AGREEMENT_FILTERS' states, as a queryset (one query to count).

    The same rule as `agreement_statuses`, written as a query: an active organization must sign
    once a version is adopted; it is overdue the day after `due_date` (the version's deadline, or
    the grace from joining for an organization that joined after the adoption).
    """
    today = today or timezone.localdate()
    organizations = Organization.objects.all() if organizations is None else organizations
    if version is None:
        version = ValuesVersion.objects.filter(status=ValuesVersionStatus.ADOPTED).first()
    if version is None or version.adopted_on is None:
        return organizations.none()
    signed = Exists(Agreement.objects.filter(organization=OuterRef("pk"), version=version))
    active = organizations.filter(status=OrganizationStatus.ACTIVE)
    if state == SIGNED:
        return active.filter(signed)
    must_sign = active.exclude(signed)
    if state == MUST_SIGN:
        return must_sign
    if state == OVERDUE:
        grace = datetime.timedelta(days=grace_days())
        deadline = version.signatures_due_on or version.adopted_on + grace
        if today <= deadline:
            return organizations.none()
        # Joined after the adoption: the grace runs from joining, so overdue only once it ends.
        return must_sign.exclude(joined_on__gt=version.adopted_on, joined_on__gte=today - grace)
    raise ValueError(f"Unknown agreement state: {state!r}")
