"""Changes to partner organizations, their people and invitations.

Every view, admin action and management command goes through these functions, so no path skips
a rule. Each runs in a transaction and sends its e-mail only once the transaction commits.
"""

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cate_portal.notifications import absolute_url, send_email_on_commit
from partners.models import (
    Invitation,
    Membership,
    Organization,
    OrganizationStatus,
    ReminderLog,
    Role,
    Service,
)
from partners.models.invitations import hash_token
from partners.organizations.logo import store_logo
from partners.permissions import user_can_manage
from partners.visibility import street_address_visibility_allowed

SHELTER_ADDRESS_MESSAGE = (
    "The street address cannot be public because this organization offers shelter or "
    "housing: shelter locations must stay confidential to protect survivors. Choose "
    "“Partners only” or “Coalition staff only”."
)
LAST_PRIMARY_CONTACT_MESSAGE = (
    "An active organization must always keep at least one primary contact. Make someone else "
    "primary contact first, then change or end this membership."
)
PROFILE_REVIEW_AFTER = datetime.timedelta(days=365)
REMINDER_INTERVAL = datetime.timedelta(days=30)


def invitation_expiry_days() -> int:
    return getattr(settings, "INVITATION_EXPIRY_DAYS", 7)


def _require_manager(acting_user, organization: Organization) -> None:
    if not user_can_manage(acting_user, organization):
        raise PermissionDenied("Only a primary contact or an executive leader may do this.")


def _as_history_user(instance, acting_user) -> None:
    # django-simple-history records who made the change even outside a request.
    if acting_user is not None and acting_user.is_authenticated:
        instance._history_user = acting_user


# --- Profile -----------------------------------------------------------------------------


def check_shelter_address(*, services: Iterable[Service], street_address_visibility: str) -> None:
    if not street_address_visibility_allowed(services, street_address_visibility):
        raise ValidationError({"street_address_visibility": SHELTER_ADDRESS_MESSAGE})


@transaction.atomic
def update_profile(
    *, organization: Organization, acting_user, changes: dict[str, Any]
) -> Organization:
    """Sets the profile's fields and lists (counties, services, populations) and its logo.

    `changes` maps field names to values; "logo" holds a re-encoded file
    (partners.organizations.logo), or False to remove the logo.
    """
    _require_manager(acting_user, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    m2m_names = {field.name for field in Organization._meta.many_to_many}
    changes = dict(changes)
    logo = changes.pop("logo", None)
    m2m = {name: changes.pop(name) for name in list(changes) if name in m2m_names}

    services = m2m.get("services", organization.services.all())
    check_shelter_address(
        services=services,
        street_address_visibility=changes.get(
            "street_address_visibility", organization.street_address_visibility
        ),
    )
    for name, value in changes.items():
        setattr(organization, name, value)
    organization.full_clean()
    update_fields = [*changes, "updated_at"]
    if (logo is False or isinstance(logo, File)) and store_logo(organization, logo):
        update_fields.append("logo")
    _as_history_user(organization, acting_user)
    organization.save(update_fields=update_fields)
    for name, values in m2m.items():
        getattr(organization, name).set(values)
    return organization


@transaction.atomic
def confirm_profile(*, organization: Organization, acting_user) -> Organization:
    """Records that a manager checked the directory profile and it is current today."""
    _require_manager(acting_user, organization)
    organization.profile_confirmed_on = timezone.localdate()
    organization.full_clean()
    _as_history_user(organization, acting_user)
    organization.save(update_fields=["profile_confirmed_on", "updated_at"])
    return organization


# --- Invitations ---------------------------------------------------------------------------


class InvitationError(ValidationError):
    """An invitation link that cannot be used; `code` says why, for the page to explain."""


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def _send_invitation(invitation: Invitation, token: str) -> None:
    link = absolute_url(reverse("portal:accept-invitation", kwargs={"token": token}))
    send_email_on_commit(
        subject=f"Invitation to join {invitation.organization.name} on the CATE portal",
        template="emails/invitation.txt",
        context={
            "invitation": invitation,
            "organization_name": invitation.organization.name,
            "link": link,
            "expiry_days": invitation_expiry_days(),
        },
        to=[invitation.email],
    )


@transaction.atomic
def invite_person(
    *, organization: Organization, acting_user, email: str, full_name: str = "", role: str
) -> Invitation:
    """Invites a colleague by e-mail. The returned invitation carries `.token` (not stored)."""
    _require_manager(acting_user, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not organization.is_active:
        # The link could never be accepted: acceptance needs an active organization.
        raise ValidationError(
            f"{organization.name} is not an active partner: it cannot invite people.",
            code="inactive_organization",
        )
    email = email.strip().lower()
    if (
        Membership.objects.current()
        .filter(organization=organization, user__email__iexact=email)
        .exists()
    ):
        raise ValidationError(
            {
                "email": ValidationError(
                    f"{email} is already a member of {organization.name}.",
                    code="already_member",
                )
            }
        )
    if Invitation.objects.pending().filter(organization=organization, email__iexact=email).exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    f"{email} already has a pending invitation. Re-send it from the list of "
                    "invitations instead.",
                    code="already_invited",
                )
            }
        )
    token, token_hash = _new_token()
    now = timezone.now()
    invitation = Invitation(
        organization=organization,
        email=email,
        full_name=full_name.strip(),
        role=role,
        token_hash=token_hash,
        invited_by=acting_user,
        created_at=now,
        sent_at=now,
        expires_at=now + datetime.timedelta(days=invitation_expiry_days()),
    )
    invitation.full_clean()
    invitation.save()
    invitation.token = token
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation, acting_user) -> Invitation:
    """A new link with a new expiry; the old link stops working."""
    _require_manager(acting_user, invitation.organization)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(
            f"This invitation was already {invitation.state}: it can no longer be re-sent.",
            code="not_resendable",
        )
    token, invitation.token_hash = _new_token()
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + datetime.timedelta(days=invitation_expiry_days())
    invitation.full_clean()
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    invitation.token = token
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, acting_user) -> Invitation:
    _require_manager(acting_user, invitation.organization)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(
            "This invitation was already accepted: end the membership instead.",
            code="already_accepted",
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("organization")
        .filter(token_hash=hash_token(token))
        .first()
    )


def existing_account_for(email: str):
    """The account the invited address belongs to: its login address or a verified one."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        address = (
            EmailAddress.objects.filter(email__iexact=email, verified=True)
            .select_related("user")
            .first()
        )
        user = address.user if address else None
    return user


def check_invitation_usable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise InvitationError("This invitation link is not valid.", code="invalid")
    state = invitation.state
    if state != "pending":
        raise InvitationError(f"This invitation was {state}.", code=state)
    return invitation


@transaction.atomic
def accept_invitation(
    *, token: str, user=None, full_name: str = "", password: str | None = None
) -> Membership:
    """Uses an invitation link once: links the signed-in account, or creates a new one.

    - If the invited address has an account, `user` must be that account.
    - If it has none, `user` is None and a new account is made with `full_name` and `password`,
      its address verified (the link proved the mailbox).
    """
    from allauth.account.models import EmailAddress

    found = find_invitation(token)
    if found is not None:
        found = (
            Invitation.objects.select_for_update().select_related("organization").get(pk=found.pk)
        )
    invitation = check_invitation_usable(found)
    organization = invitation.organization
    if organization.status != OrganizationStatus.ACTIVE:
        raise InvitationError(
            "This organization is no longer an active partner.", code="inactive_organization"
        )
    account = existing_account_for(invitation.email)
    if account is not None:
        if user is None or user.pk != account.pk:
            raise InvitationError("This invitation is for a different account.", code="wrong_user")
    elif user is not None:
        raise InvitationError("This invitation is for a different account.", code="wrong_user")
    else:
        User = get_user_model()
        account = User(email=invitation.email, full_name=full_name.strip())
        validate_password(password, user=account)
        account.set_password(password)
        account.full_clean()
        account.save()

    # Following the link proves the invited mailbox is theirs.
    address = EmailAddress.objects.filter(user=account, email__iexact=invitation.email).first()
    if address is None:
        has_primary = EmailAddress.objects.filter(user=account, primary=True).exists()
        EmailAddress.objects.create(
            user=account, email=invitation.email, verified=True, primary=not has_primary
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])

    Organization.objects.select_for_update().get(pk=organization.pk)
    if Membership.objects.current().filter(user=account, organization=organization).exists():
        raise InvitationError(
            f"You are already a member of {organization.name}.", code="already_member"
        )
    membership = Membership(
        user=account,
        organization=organization,
        role=invitation.role,
        started_on=timezone.localdate(),
    )
    membership.full_clean()
    _as_history_user(membership, account)
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = account
    invitation.full_clean()
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _leadership_follows(membership, acting_user=account)
    return membership


def _leadership_follows(membership: Membership, *, acting_user, was_leader: bool = False) -> None:
    """The partner seat is held by the executive leader: it follows every change of that role."""
    if was_leader or membership.role == Role.EXECUTIVE_LEADER:
        # Imported here: leadership builds on partners, not the other way round.
        from leadership.decisions.services import sync_partner_seat

        sync_partner_seat(organization=membership.organization, acting_user=acting_user)


# --- People and roles ----------------------------------------------------------------------


def _lock_current_memberships(organization: Organization) -> list[Membership]:
    return list(
        Membership.objects.select_for_update()
        .filter(organization=organization, ended_on__isnull=True)
        .order_by("pk")
    )


def _check_keeps_a_primary_contact(membership: Membership, *, losing: bool) -> None:
    """Refuses to take the primary-contact role from the last one of an active organization."""
    organization = membership.organization
    if not losing or membership.role != Role.PRIMARY_CONTACT:
        return
    if organization.status != OrganizationStatus.ACTIVE:
        return
    others = [
        m
        for m in _lock_current_memberships(organization)
        if m.role == Role.PRIMARY_CONTACT and m.pk != membership.pk
    ]
    check_primary_contacts_remain(
        organization=organization, had_primary_contact=True, primary_contacts_after=len(others)
    )


def check_primary_contacts_remain(
    *, organization: Organization, had_primary_contact: bool, primary_contacts_after: int
) -> None:
    """The rule itself: an active organization that has a primary contact keeps at least one.

    The portal's services and the admin's forms (which see several rows change at once) both
    ask it.
    """
    if (
        organization.status == OrganizationStatus.ACTIVE
        and had_primary_contact
        and primary_contacts_after == 0
    ):
        raise ValidationError(LAST_PRIMARY_CONTACT_MESSAGE, code="last_primary_contact")


def _locked_current(membership: Membership) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("organization", "user")
        .get(pk=membership.pk)
    )
    if not membership.is_current:
        raise ValidationError("This membership has already ended.", code="ended")
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: str, acting_user) -> Membership:
    _require_manager(acting_user, membership.organization)
    Organization.objects.select_for_update().get(pk=membership.organization_id)
    membership = _locked_current(membership)
    if role == membership.role:
        return membership
    _check_keeps_a_primary_contact(membership, losing=role != Role.PRIMARY_CONTACT)
    was_leader = membership.role == Role.EXECUTIVE_LEADER
    membership.role = role
    membership.full_clean()
    _as_history_user(membership, acting_user)
    membership.save(update_fields=["role"])
    _leadership_follows(membership, acting_user=acting_user, was_leader=was_leader)
    return membership


@transaction.atomic
def end_membership(
    *, membership: Membership, acting_user, ended_on: datetime.date | None = None
) -> Membership:
    """Ends a membership with a date. Memberships are never deleted, so history stays."""
    _require_manager(acting_user, membership.organization)
    Organization.objects.select_for_update().get(pk=membership.organization_id)
    membership = _locked_current(membership)
    _check_keeps_a_primary_contact(membership, losing=True)
    membership.ended_on = ended_on or timezone.localdate()
    membership.full_clean()
    _as_history_user(membership, acting_user)
    membership.save(update_fields=["ended_on"])
    _leadership_follows(membership, acting_user=acting_user)
    return membership


# --- Organization status ------------------------------------------------------------------


@transaction.atomic
def change_organization_status(
    *, organization: Organization, status: str, acting_user, on: datetime.date | None = None
) -> Organization:
    """Activates, deactivates or withdraws a partner; its seat in the leadership follows.

    An active partner holds a partner seat (its executive leader's term); an organization that
    stops being active leaves the roster and the current term of its seat ends that day.
    Idempotent: calling it again with the same status changes nothing more.
    """
    # Imported here: leadership builds on partners, not the other way round.
    from leadership.decisions.services import end_partner_seat_term, ensure_partner_seat

    on = on or timezone.localdate()
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.status != status:
        organization.status = status
        organization.status_changed_on = on
        organization.full_clean()
        _as_history_user(organization, acting_user)
        organization.save(update_fields=["status", "status_changed_on", "updated_at"])
    if status == OrganizationStatus.ACTIVE:
        ensure_partner_seat(organization=organization, on=on, acting_user=acting_user)
    else:
        end_partner_seat_term(organization=organization, on=on, acting_user=acting_user)
    return organization


# --- Reminders -----------------------------------------------------------------------------


def organizations_due_for_profile_review(today: datetime.date):
    """Active organizations whose profile was never confirmed or not within a year."""
    return (
        Organization.objects.active()
        .filter(
            Q(profile_confirmed_on__isnull=True)
            | Q(profile_confirmed_on__lt=today - PROFILE_REVIEW_AFTER)
        )
        .order_by("pk")
    )


def recently_reminded(organization: Organization, kind: str) -> bool:
    return ReminderLog.objects.filter(
        organization=organization, kind=kind, sent_at__gt=timezone.now() - REMINDER_INTERVAL
    ).exists()


def primary_contact_emails(organization: Organization) -> list[str]:
    return sorted(
        Membership.objects.current()
        .filter(organization=organization, role=Role.PRIMARY_CONTACT)
        .values_list("user__email", flat=True)
    )


@transaction.atomic
def send_profile_review_reminder(
    *, organization: Organization, recipients: list[str]
) -> ReminderLog:
    """E-mails the primary contacts to review the profile, and logs it."""
    log = ReminderLog(
        organization=organization,
        kind=ReminderLog.Kind.PROFILE_REVIEW,
        recipients="\n".join(recipients),
    )
    log.full_clean()
    log.save()
    context = {
        "organization_name": organization.name,
        "profile_confirmed_on": organization.profile_confirmed_on,
        "link": absolute_url(reverse("portal:dashboard")),
    }
    for recipient in recipients:
        send_email_on_commit(
            subject=f"Please review {organization.name}'s directory profile",
            template="emails/profile_review_reminder.txt",
            context=context,
            to=[recipient],
        )
    return log
