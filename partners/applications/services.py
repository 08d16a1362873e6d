"""Applications to join: every change of status happens here, and only here.

submit_application, start_review, approve_application, decline_application and
withdraw_application each run in one transaction, check the move against
models.applications.ALLOWED_TRANSITIONS on the locked application row, record who, when and why
in ApplicationTransition, and send their e-mail once the transaction commits.
"""

import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy

from cate_portal.actors import record_actor, require_staff
from cate_portal.notifications import absolute_url, send_email_on_commit
from partners.models import (
    Agreement,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    ApplicationYearCounter,
    Organization,
    OrganizationStatus,
    Role,
    ValuesVersion,
    ValuesVersionStatus,
    Visibility,
)
from partners.models.applications import OPEN_STATUSES, can_transition, hash_status_token
from partners.models.organizations import name_key
from partners.people.services import invite_person
from partners.signals import organization_status_changed

# What a new partner's profile starts with: nothing confidential is ever public by default.
CONFIDENTIALITY_DEFAULTS = {
    "street_address_visibility": Visibility.STAFF,
    "mailing_address_visibility": Visibility.PARTNERS,
    "hotline_number_visibility": Visibility.PARTNERS,
    # The applicant gave these as the organization's public contacts.
    "public_email_visibility": Visibility.PUBLIC,
    "public_phone_visibility": Visibility.PUBLIC,
}

# The application's profile fields copied to the new organization.
PROFILE_FIELDS = (
    "sector",
    "website",
    "statewide",
    "serves_sex_trafficking",
    "serves_labor_trafficking",
    "description",
    "public_email",
    "public_phone",
)
PROFILE_M2M = ("counties", "services", "populations")

REFUSED_MESSAGE = gettext_lazy("This application is {status}: it cannot be {action}.")
ACTION_WORDS = {
    ApplicationStatus.SUBMITTED: gettext_lazy("submitted"),
    ApplicationStatus.IN_REVIEW: gettext_lazy("put in review"),
    ApplicationStatus.APPROVED: gettext_lazy("approved"),
    ApplicationStatus.DECLINED: gettext_lazy("declined"),
    ApplicationStatus.WITHDRAWN: gettext_lazy("withdrawn"),
}


def applicant_language() -> str:
    """The language the applicant is reading (the active one: the page's), one of
    settings.LANGUAGES, for their e-mails."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def _record(
    application: Application,
    *,
    to_status: str,
    acting_user=None,
    by_applicant: bool = False,
    note: str = "",
    new: bool = False,
) -> ApplicationTransition:
    """Moves the (locked) application to `to_status` if the table allows it, and records it.

    `new`: the application was just stored with its first status (the move from "")."""
    from_status = "" if new else application.status
    if not can_transition(from_status, to_status):
        raise ValidationError(
            REFUSED_MESSAGE.format(
                status=application.get_status_display().lower(),
                action=ACTION_WORDS[to_status],
            ),
            code="transition_refused",
        )
    now = timezone.now()
    if not new:
        application.status = to_status
        application.status_changed_at = now
        application.save(update_fields=["status", "status_changed_at", "updated_at"])
    transition = ApplicationTransition(
        application=application,
        from_status=from_status,
        to_status=to_status,
        by_user=None if by_applicant else acting_user,
        by_applicant=by_applicant,
        at=now,
        note=note.strip(),
    )
    transition.full_clean()
    transition.save()
    return transition


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def status_link(token: str) -> str:
    return absolute_url(reverse("applications:status", kwargs={"token": token}))


def admin_link(application: Application) -> str:
    return absolute_url(reverse("admin:partners_application_change", args=[application.pk]))


# --- Submission -----------------------------------------------------------------------------


def next_reference(year: int) -> str:
    """CATE-<year>-<number>, numbered from 1 each year. Call inside a transaction: the year's
    counter row stays locked until it commits, so two submissions never share a number."""
    ApplicationYearCounter.objects.get_or_create(year=year)
    counter = ApplicationYearCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"CATE-{year}-{counter.last:04d}"


def duplicate_reasons(name: str, *, exclude_pk: int | None = None) -> list[str]:
    """Why an organization name needs the director's eye: a list of sentences, empty when none.

    The name matches an organization (whatever its status) or an open application (other than
    `exclude_pk`) when their comparison keys are equal (partners.models.organizations.name_key:
    capitals, spacing, punctuation and full-width letters do not count), the same key the
    organizations' unique name is kept on.
    """
    key = name_key(name)
    if not key:
        return []
    reasons = []
    existing = Organization.objects.filter(name_key=key).first()
    if existing is not None:
        reasons.append(
            f"The name matches the existing organization “{existing.name}” "
            f"({existing.get_status_display().lower()})."
        )
    open_applications = (
        Application.objects.open().filter(organization_name_key=key).exclude(pk=exclude_pk)
    )
    references = sorted(open_applications.values_list("reference", flat=True))
    if references:
        reasons.append(f"The name matches open application(s) {', '.join(references)}.")
    return reasons


@transaction.atomic
def submit_application(
    *,
    fields: dict[str, Any],
    counties: Iterable = (),
    services: Iterable = (),
    populations: Iterable = (),
    values_version: ValuesVersion | None,
    supporting_document: UploadedFile | None = None,
    ip_address: str | None = None,
) -> Application:
    """Stores a new application from the public form.

    `fields` holds the application's own fields (organization_name, sector, contact_email, the
    commitments ...). The returned application carries `.status_token`, the secret of its status
    link, which is e-mailed to the contact person and stored only as a hash.
    """
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    application = Application(
        **fields,
        values_version=values_version,
        status=ApplicationStatus.SUBMITTED,
        status_changed_at=now,
        submitted_at=now,
        submitted_from_ip=ip_address or None,
        status_token_hash=hash_status_token(token),
        language=applicant_language(),
    )
    application.organization_name = application.organization_name.strip()
    application.contact_email = application.contact_email.strip().lower()
    application.executive_email = application.executive_email.strip().lower()
    reasons = duplicate_reasons(application.organization_name)
    application.is_flagged = bool(reasons)
    application.flag_reason = "\n".join(reasons)
    application.reference = next_reference(timezone.localdate().year)
    if supporting_document:
        application.supporting_document = supporting_document
    application.full_clean()
    application.save()
    application.counties.set(counties)
    application.services.set(services)
    application.populations.set(populations)
    _record(application, to_status=ApplicationStatus.SUBMITTED, by_applicant=True, new=True)
    application.status_token = token

    with translation.override(application.language):
        send_email_on_commit(
            subject=gettext("We received your application (%(reference)s)")
            % {"reference": application.reference},
            template="emails/application_received.txt",
            context={"application": application, "link": status_link(token)},
            to=[application.contact_email],
        )
    # The coalition reads English, whatever the applicant's language.
    with translation.override(settings.LANGUAGE_CODE):
        send_email_on_commit(
            subject=f"New application to join: {application.organization_name} "
            f"({application.reference})" + (" [flagged]" if application.is_flagged else ""),
            template="emails/application_notification.txt",
            context={"application": application, "link": admin_link(application)},
            to=[settings.COALITION_EMAIL],
        )
    return application


def find_by_token(token: str) -> Application | None:
    """The application whose status link carries this token, or None."""
    if not token or len(token) > 100:
        return None
    return Application.objects.filter(status_token_hash=hash_status_token(token)).first()


# --- Review ---------------------------------------------------------------------------------


@transaction.atomic
def start_review(*, application: Application, acting_user, note: str = "") -> Application:
    require_staff(acting_user, action="review applications")
    application = _locked(application)
    _record(application, to_status=ApplicationStatus.IN_REVIEW, acting_user=acting_user, note=note)
    return application


@transaction.atomic
def decline_application(*, application: Application, acting_user, reason: str = "") -> Application:
    """Declines an open application and e-mails the applicant, with the reason when given."""
    require_staff(acting_user, action="review applications")
    application = _locked(application)
    _record(application, to_status=ApplicationStatus.DECLINED, acting_user=acting_user, note=reason)
    with translation.override(application.language):
        send_email_on_commit(
            subject=gettext("Your application to join CATE (%(reference)s)")
            % {"reference": application.reference},
            template="emails/application_declined.txt",
            context={"application": application, "reason": reason.strip()},
            to=[application.contact_email],
        )
    return application


@transaction.atomic
def withdraw_application(*, application: Application, note: str = "") -> Application:
    """The applicant withdraws, through the status link."""
    application = _locked(application)
    _record(application, to_status=ApplicationStatus.WITHDRAWN, by_applicant=True, note=note)
    send_email_on_commit(
        subject=f"Application withdrawn: {application.organization_name} ({application.reference})",
        template="emails/application_withdrawn.txt",
        context={"application": application, "link": admin_link(application)},
        to=[settings.COALITION_EMAIL],
    )
    return application


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180].strip("-") or "partner"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _create_organization(application: Application, acting_user) -> Organization:
    name = application.organization_name.strip()
    # Compared as the unique constraint compares: by the names' keys.
    existing = Organization.objects.filter(name_key=name_key(name)).first()
    if existing is not None:
        raise ValidationError(
            f"An organization named “{existing.name}” already exists, so this application "
            "cannot be approved as it is. Decline it, or contact the applicant.",
            code="duplicate_name",
        )
    today = timezone.localdate()
    organization = Organization(
        name=name,
        slug=_unique_slug(name),
        status=OrganizationStatus.ACTIVE,
        status_changed_on=today,
        joined_on=today,
        profile_confirmed_on=today,
        **{field: getattr(application, field) for field in PROFILE_FIELDS},
        **CONFIDENTIALITY_DEFAULTS,
    )
    organization.full_clean()
    record_actor(organization, acting_user)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:  # a simultaneous approval of a same-named application
        raise ValidationError(
            f"An organization named “{name}” was just created: reload and check.",
            code="duplicate_name",
        ) from error
    for name_ in PROFILE_M2M:
        getattr(organization, name_).set(getattr(application, name_).all())
    return organization


def _record_values_acceptance(
    application: Application, organization: Organization, acting_user
) -> Agreement | None:
    """The applicant ticked that the organization adheres to the version of the shared values
    shown on the form: recorded as the organization's agreement to that version.

    The form was sent without an account, so the signature is recorded by the director
    (`signed_by`) with the name and title the contact person typed, the submission time and IP.
    Nothing is recorded when no adopted version was shown.
    """
    version = application.values_version
    if version is None or version.status == ValuesVersionStatus.DRAFT:
        return None
    version = ValuesVersion.objects.with_values().get(pk=version.pk)
    agreement = Agreement(
        organization=organization,
        version=version,
        signed_by=acting_user,
        signer_name=application.contact_name,
        signer_title=application.contact_title,
        attested=application.commits_values,
        signed_at=application.submitted_at,
        text_hash=version.adopted_text_hash or version.text_hash(),
        ip_address=application.submitted_from_ip,
    )
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def approve_application(*, application: Application, acting_user, note: str = "") -> Application:
    """Approves an open application in one transaction: the active organization, the
    invitations of its contact person (primary contact) and executive leader, its agreement to
    the shared values it was shown, and the application marked approved with its organization.

    The application row is locked first, so a second approval (double click, two tabs, two
    directors) waits, then finds the application approved and is refused: one organization.
    """
    require_staff(acting_user, action="review applications")
    application = _locked(application)
    if not can_transition(application.status, ApplicationStatus.APPROVED):
        raise ValidationError(
            REFUSED_MESSAGE.format(
                status=application.get_status_display().lower(), action="approved"
            ),
            code="transition_refused",
        )
    organization = _create_organization(application, acting_user)
    invite_person(
        organization=organization,
        acting_user=acting_user,
        email=application.contact_email,
        full_name=application.contact_name,
        role=Role.PRIMARY_CONTACT,
    )
    if application.executive_email.lower() != application.contact_email.lower():
        invite_person(
            organization=organization,
            acting_user=acting_user,
            email=application.executive_email,
            full_name=application.executive_name,
            role=Role.EXECUTIVE_LEADER,
        )
    _record_values_acceptance(application, organization, acting_user)
    application.organization = organization
    application.save(update_fields=["organization", "updated_at"])
    _record(application, to_status=ApplicationStatus.APPROVED, acting_user=acting_user, note=note)
    # The new partner's seat (leadership/receivers.py), in this transaction.
    organization_status_changed.send(
        sender=Organization,
        organization=organization,
        status=OrganizationStatus.ACTIVE,
        on=organization.joined_on,
        acting_user=acting_user,
    )
    with translation.override(application.language):
        send_email_on_commit(
            subject=gettext("Welcome to CATE: your application was approved (%(reference)s)")
            % {"reference": application.reference},
            template="emails/application_approved.txt",
            context={
                "application": application,
                "organization": organization,
                "same_person": application.executive_email.lower()
                == application.contact_email.lower(),
            },
            to=[application.contact_email],
        )
    return application


def status_counts() -> dict[str, int]:
    """The number of applications in each status (every status present, 0 when none)."""
    from django.db.models import Count

    counts = dict.fromkeys(ApplicationStatus.values, 0)
    for row in Application.objects.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


__all__ = [
    "OPEN_STATUSES",
    "approve_application",
    "decline_application",
    "find_by_token",
    "start_review",
    "status_counts",
    "submit_application",
    "withdraw_application",
]
