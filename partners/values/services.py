"""Changes to the shared values: adopting a version, drafting the next one, signing.

Every change runs in a transaction and records who acted (cate_portal.actors); e-mail goes out
once it commits. Reads (the current version, signing statuses) are in partners.values.selectors.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from cate_portal.actors import record_actor, require_staff
from cate_portal.notifications import absolute_url, send_email_on_commit
from partners.models import (
    Agreement,
    Organization,
    OrganizationStatus,
    SharedValue,
    ValuesVersion,
    ValuesVersionStatus,
)
from partners.people.selectors import primary_contact_emails
from partners.permissions import is_manager
from partners.values.selectors import grace_days

SIGNER_MESSAGE = (
    "Only the organization's primary contact or executive leader may sign on its behalf."
)
INACTIVE_MESSAGE = "Only an active Collaborative Partner signs the shared values."
NO_CURRENT_VERSION_MESSAGE = "There is no adopted version of the shared values to sign."


# --- Versions -------------------------------------------------------------------------------


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
    require_staff(acting_user, action="change the shared values")
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
                f"({date_format(old.adopted_on)})."
            )
        old.status = ValuesVersionStatus.RETIRED
        old.retired_on = adopted_on
        record_actor(old, acting_user)
        old.save(update_fields=["status", "retired_on", "updated_at"])
    locked.status = ValuesVersionStatus.ADOPTED
    locked.adopted_on = adopted_on
    locked.signatures_due_on = adopted_on + datetime.timedelta(days=grace_days())
    if note:
        locked.adoption_note = note
    locked.adopted_text_hash = locked.text_hash()
    locked.full_clean()
    record_actor(locked, acting_user)
    locked.save()
    return locked


LABEL_MAX_LENGTH = ValuesVersion._meta.get_field("label").max_length
SLUG_MAX_LENGTH = ValuesVersion._meta.get_field("slug").max_length


def _unique_label(based_on: str) -> tuple[str, str]:
    """The first free one of "<label> revision", "<label> revision 2", ..., the version's label
    cut so that the whole fits its column; the slug too (a ligature spells several letters in
    it)."""
    n = 1
    while True:
        suffix = " revision" if n == 1 else f" revision {n}"
        base = based_on[: LABEL_MAX_LENGTH - len(suffix)].rstrip()
        label = base + suffix
        slug_suffix = slugify(suffix)
        slug_base = slugify(base)[: SLUG_MAX_LENGTH - len(slug_suffix) - 1].strip("-")
        slug = f"{slug_base}-{slug_suffix}" if slug_base else slug_suffix
        if not (
            ValuesVersion.objects.filter(label__iexact=label).exists()
            or ValuesVersion.objects.filter(slug=slug).exists()
        ):
            return label, slug
        n += 1


@transaction.atomic
def draft_new_version(*, based_on: ValuesVersion, acting_user=None) -> ValuesVersion:
    """A new draft holding a copy of a version's text, to be edited and then adopted."""
    require_staff(acting_user, action="change the shared values")
    label, slug = _unique_label(based_on.label)
    draft = ValuesVersion(
        label=label,
        slug=slug,
        vision=based_on.vision,
        mission=based_on.mission,
        adoption_note="",
    )
    draft.full_clean()
    record_actor(draft, acting_user)
    draft.save()
    for value in based_on.items:
        SharedValue.objects.create(
            version=draft, name=value.name, description=value.description, order=value.order
        )
    return draft


# --- Signing --------------------------------------------------------------------------------


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
    if organization.status != OrganizationStatus.ACTIVE:
        raise ValidationError(INACTIVE_MESSAGE)
    if not is_manager(acting_user, organization):
        raise PermissionDenied(SIGNER_MESSAGE)
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
