"""Shared values: adopting versions, signing them, and what the public pages read of them.

Also the two public reads of the coalition's support: the current fiscal sponsor and the names of
publicly acknowledged funders. Nothing else of funding leaves the admin.

Every change runs in a transaction; e-mail goes out once it commits.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cate_portal.notifications import absolute_url, send_email_on_commit
from partners.models import (
    Agreement,
    FiscalSponsorship,
    Funder,
    Membership,
    Organization,
    OrganizationStatus,
    Role,
    SharedValue,
    ValuesVersion,
    ValuesVersionStatus,
)
from partners.models.people import MANAGER_ROLES

SIGNER_MESSAGE = (
    "Only the organization's primary contact or executive leader may sign on its behalf."
)
INACTIVE_MESSAGE = "Only an active Collaborative Partner signs the shared values."
NO_CURRENT_VERSION_MESSAGE = "There is no adopted version of the shared values to sign."


def grace_days() -> int:
    return getattr(settings, "AGREEMENT_GRACE_DAYS", 60)


# --- Reads for the public pages -------------------------------------------------------------


def current_version() -> ValuesVersion | None:
    """The adopted version with its values (two queries), or None before the first adoption."""
    return ValuesVersion.objects.current()


def current_values() -> ValuesVersion | None:
    """For the home page: `values.vision`, `values.mission`, `values.items` (name, description)."""
    return current_version()


def current_fiscal_sponsor() -> FiscalSponsorship | None:
    """The current sponsorship with its organization, for the About page.

    Templates show the organization's name (and link to its directory profile when it is an
    active partner) and `provisions`; never its addresses or contact details.
    """
    return FiscalSponsorship.objects.current().select_related("organization").first()


def acknowledged_funders() -> list[str]:
    """The names, and only the names, of funders the director acknowledges publicly."""
    return list(
        Funder.objects.filter(publicly_acknowledged=True)
        .order_by(Lower("name"))
        .values_list("name", flat=True)
    )


def about_context() -> dict:
    """Everything the About page needs from this module (for `values/_about_support.html`)."""
    return {
        "fiscal_sponsor": current_fiscal_sponsor(),
        "acknowledged_funders": acknowledged_funders(),
    }


# --- Versions -------------------------------------------------------------------------------


def _require_staff(acting_user) -> None:
    if acting_user is not None and not (acting_user.is_authenticated and acting_user.is_staff):
        raise PermissionDenied("Only coalition staff may change the shared values.")


@transaction.atomic
def adopt_version(
    *,
    version: ValuesVersion,
    acting_user=None,
    adopted_on: datetime.date | None = None,
    note: str = "",
) -> ValuesVersion:
    """Adopt a draft: the current version is retired and every partner must sign again.

    `acting_user` is the director (None for a system step such as demo data). The grace period
    for signing (settings.AGREEMENT_GRACE_DAYS) runs from the adoption date.
    """
    _require_staff(acting_user)
    adopted_on = adopted_on or timezone.localdate()
    # Lock the current version first, then the draft: two adoptions at once queue here.
    previous = list(
        ValuesVersion.objects.select_for_update().filter(status=ValuesVersionStatus.ADOPTED)
    )
    locked = ValuesVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != ValuesVersionStatus.DRAFT:
        raise ValidationError("Only a draft can be adopted; this version already was.")
    if not SharedValue.objects.filter(version=locked).exists():
        raise ValidationError("A version needs at least one value before it is adopted.")
    if not (locked.vision.strip() and locked.mission.strip()):
        raise ValidationError("A version needs a vision and a mission before it is adopted.")
    for old in previous:
        if old.adopted_on and old.adopted_on > adopted_on:
            raise ValidationError(
                "The adoption date cannot be before that of the current version "
                f"({old.adopted_on.isoformat()})."
            )
        old.status = ValuesVersionStatus.RETIRED
        old.retired_on = adopted_on
        old.save(update_fields=["status", "retired_on", "updated_at"])
    locked.status = ValuesVersionStatus.ADOPTED
    locked.adopted_on = adopted_on
    locked.signatures_due_on = adopted_on + datetime.timedelta(days=grace_days())
    if note:
        locked.adoption_note = note
    locked.adopted_text_hash = locked.text_hash()
    locked.full_clean()
    locked.save()
    return locked


def _unique_label(base: str) -> tuple[str, str]:
    label, n = base, 1
    while (
        ValuesVersion.objects.filter(label__iexact=label).exists()
        or ValuesVersion.objects.filter(slug=slugify(label)).exists()
    ):
        n += 1
        label = f"{base} {n}"
    return label, slugify(label)


@transaction.atomic
def draft_new_version(*, based_on: ValuesVersion, acting_user=None) -> ValuesVersion:
    """A new draft holding a copy of a version's text, to be edited and then adopted."""
    _require_staff(acting_user)
    label, slug = _unique_label(f"{based_on.label} revision")
    draft = ValuesVersion(
        label=label,
        slug=slug,
        vision=based_on.vision,
        mission=based_on.mission,
        adoption_note="",
    )
    draft.full_clean()
    draft.save()
    for value in based_on.items:
        SharedValue.objects.create(
            version=draft, name=value.name, description=value.description, order=value.order
        )
    return draft


# --- Signing status -------------------------------------------------------------------------


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


# --- Signing --------------------------------------------------------------------------------


def may_sign(user, organization: Organization) -> bool:
    """A current primary contact or executive leader of the organization (never by staff role,
    and not the director on a partner's behalf)."""
    if not user.is_authenticated:
        return False
    return (
        Membership.objects.current()
        .filter(user=user, organization=organization, role__in=MANAGER_ROLES)
        .exists()
    )


@transaction.atomic
def sign_agreement(
    *,
    organization: Organization,
    acting_user,
    signer_name: str,
    signer_title: str,
    attested: bool,
    ip_address: str | None = None,
    version: ValuesVersion | None = None,
) -> Agreement:
    """The organization signs the current version (or `version`, which must be current)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not may_sign(acting_user, organization):
        raise PermissionDenied(SIGNER_MESSAGE)
    if organization.status != OrganizationStatus.ACTIVE:
        raise ValidationError(INACTIVE_MESSAGE)
    current = (
        ValuesVersion.objects.select_for_update().filter(status=ValuesVersionStatus.ADOPTED).first()
    )
    if current is None:
        raise ValidationError(NO_CURRENT_VERSION_MESSAGE)
    if version is not None and version.pk != current.pk:
        raise ValidationError(
            "This version is no longer the current one: read and sign the current version."
        )
    errors = {}
    if not signer_name.strip():
        errors["signer_name"] = "Type your full name."
    if not signer_title.strip():
        errors["signer_title"] = "Type your title."
    if not attested:
        errors["attested"] = "Tick the attestation to sign."
    if errors:
        raise ValidationError(errors)
    if Agreement.objects.filter(organization=organization, version=current).exists():
        raise ValidationError(f"{organization} has already signed this version.")
    current = ValuesVersion.objects.with_values().get(pk=current.pk)
    text_hash = current.text_hash()
    if current.adopted_text_hash and text_hash != current.adopted_text_hash:
        # The adopted text was altered behind the application's back: refuse to sign it.
        raise ValidationError("The text of this version does not match what was adopted.")
    agreement = Agreement(
        organization=organization,
        version=current,
        signed_by=acting_user,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        attested=True,
        signed_at=timezone.now(),
        text_hash=text_hash,
        ip_address=ip_address or None,
    )
    agreement.full_clean()
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError as error:  # a simultaneous signature won the race
        raise ValidationError(f"{organization} has already signed this version.") from error
    recipients = sorted({acting_user.email, *primary_contact_emails(organization)} - {""})
    send_email_on_commit(
        subject=f"{organization.name} signed the shared values ({current.label})",
        template="emails/agreement_signed.txt",
        context={
            "organization_name": organization.name,
            "agreement": agreement,
            "version": current,
            "link": absolute_url(reverse("values:agreement")),
        },
        to=recipients,
    )
    return agreement


def primary_contact_emails(organization: Organization) -> list[str]:
    return sorted(
        Membership.objects.current()
        .filter(organization=organization, role=Role.PRIMARY_CONTACT)
        .values_list("user__email", flat=True)
    )
