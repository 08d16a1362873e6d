"""Changes to an organization's people: invitations, memberships and roles.

Every view, admin form (the Membership admin and the Organization admin's inline) and
management command goes through these functions, so no path skips a rule. Each runs in a
transaction and sends its e-mail only once the transaction commits; a membership's change is
announced through partners.signals.membership_changed inside it.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cate_portal.actors import record_actor, require_staff
from cate_portal.notifications import absolute_url, send_email_on_commit
from partners.models import Invitation, Membership, Organization, OrganizationStatus, Role
from partners.models.invitations import hash_token
from partners.permissions import is_primary_contact, require_manager
from partners.signals import membership_changed

LAST_PRIMARY_CONTACT_MESSAGE = (
    "An active organization must always keep at least one primary contact. Make someone else "
    "primary contact first, then change or end this membership."
)


def invitation_expiry_days() -> int:
    return getattr(settings, "INVITATION_EXPIRY_DAYS", 7)


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
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not organization.is_active:
        # Said before the permission check, which needs an active organization too: the
        # person learns why. The link could never be accepted: acceptance needs one as well.
        raise ValidationError(
            f"{organization.name} is not an active partner: it cannot invite people.",
            code="inactive_organization",
        )
    require_manager(acting_user, organization)
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
    record_actor(invitation, acting_user)
    invitation.save()
    invitation.token = token
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation, acting_user) -> Invitation:
    """A new link with a new expiry; the old link stops working."""
    require_manager(acting_user, invitation.organization)
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
    record_actor(invitation, acting_user)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    invitation.token = token
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, acting_user) -> Invitation:
    require_manager(acting_user, invitation.organization)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(
            "This invitation was already accepted: end the membership instead.",
            code="already_accepted",
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        record_actor(invitation, acting_user)
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
    record_actor(membership, account)
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = account
    invitation.full_clean()
    record_actor(invitation, account)
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _announce(membership, previous_role=None, acting_user=account)
    return membership


# --- People and roles ----------------------------------------------------------------------


def _announce(
    membership: Membership,
    *,
    previous_role: str | None,
    acting_user,
    ended: bool = False,
    **extra,
) -> None:
    """Tells the other apps (the leadership seat, a voting delegation) in this transaction."""
    membership_changed.send(
        sender=Membership,
        membership=membership,
        previous_role=previous_role,
        ended=ended,
        acting_user=acting_user,
        **extra,
    )


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

    Every path that changes a membership (the portal, the admin's forms and inlines) goes
    through the services above, which ask it.
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
def add_membership(
    *,
    organization: Organization,
    user,
    role: str,
    title: str = "",
    started_on: datetime.date | None = None,
    acting_user,
) -> Membership:
    """Adds a person to an organization without an invitation: the Coalition Director's way,
    from the admin (partners invite from the portal, and the person accepts)."""
    require_staff(acting_user, action="add a person to an organization without an invitation")
    Organization.objects.select_for_update().get(pk=organization.pk)
    if Membership.objects.current().filter(organization=organization, user=user).exists():
        raise ValidationError(
            {
                "user": ValidationError(
                    f"{user} is already a current member of {organization.name}.",
                    code="already_member",
                )
            }
        )
    membership = Membership(
        user=user,
        organization=organization,
        role=role,
        title=title.strip(),
        started_on=started_on or timezone.localdate(),
    )
    membership.full_clean()
    record_actor(membership, acting_user)
    membership.save()
    _announce(membership, previous_role=None, acting_user=acting_user)
    return membership


@transaction.atomic
def update_membership_details(
    *, membership: Membership, title: str, started_on: datetime.date, acting_user
) -> Membership:
    """Corrects a membership's job title or start date (current or ended alike).

    The role and the end have their own services, with their rules. A change is announced
    like any other (receivers are idempotent): the start date decides which executive leader
    has served longest, and so who holds the partner seat.
    """
    require_manager(acting_user, membership.organization)
    Organization.objects.select_for_update().get(pk=membership.organization_id)
    membership = (
        Membership.objects.select_for_update()
        .select_related("organization", "user")
        .get(pk=membership.pk)
    )
    title = title.strip()
    changed = [
        name
        for name, value in (("title", title), ("started_on", started_on))
        if getattr(membership, name) != value
    ]
    if not changed:
        return membership
    membership.title = title
    membership.started_on = started_on
    membership.full_clean()
    record_actor(membership, acting_user)
    membership.save(update_fields=changed)
    _announce(membership, previous_role=membership.role, acting_user=acting_user)
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: str, acting_user) -> Membership:
    require_manager(acting_user, membership.organization)
    Organization.objects.select_for_update().get(pk=membership.organization_id)
    membership = _locked_current(membership)
    if role == membership.role:
        return membership
    _check_keeps_a_primary_contact(membership, losing=role != Role.PRIMARY_CONTACT)
    previous_role = membership.role
    membership.role = role
    membership.full_clean()
    record_actor(membership, acting_user)
    membership.save(update_fields=["role"])
    _announce(membership, previous_role=previous_role, acting_user=acting_user)
    return membership


@transaction.atomic
def end_membership(
    *, membership: Membership, acting_user, ended_on: datetime.date | None = None
) -> Membership:
    """Ends a membership with a date (today by default; never later, never before it
    started). Memberships are never deleted, so history stays.

    Every right that derives from the membership ends with it, each by an explicit rule:
    - managing the organization (its profile, its people, signing for it) and reaching any of
      its portal pages: partners.permissions asks for a current membership, so nothing is to
      be done here;
    - a voting delegation held by the person: the leadership app ends it, that day, on
      membership_changed (leadership/receivers.py). Someone who rejoins later has a new
      membership and no delegation until one is named again;
    - the partner seat, when the person was its executive leader: the leadership app moves or
      ends its term on the same signal;
    - invitations the person sent stay valid: they were sent on behalf of the organization,
      whose primary contacts and executive leaders see every pending invitation, by whom it was
      sent, and may re-send or revoke it. The person who left can no longer do either.
    """
    require_manager(acting_user, membership.organization)
    Organization.objects.select_for_update().get(pk=membership.organization_id)
    membership = _locked_current(membership)
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    "A membership ends today or on an earlier date, not in the future.",
                    code="ends_in_the_future",
                )
            }
        )
    if ended_on < membership.started_on:
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    f"A membership cannot end before it started ({membership.started_on}).",
                    code="ends_before_it_starts",
                )
            }
        )
    _check_keeps_a_primary_contact(membership, losing=True)
    membership.ended_on = ended_on
    membership.full_clean()
    record_actor(membership, acting_user)
    membership.save(update_fields=["ended_on"])
    _announce(membership, previous_role=membership.role, acting_user=acting_user, ended=True)
    return membership


# --- Undoing the end of a membership the same day ------------------------------------------

RESTORED_REASON = "Ending undone the same day by a primary contact"
NOT_A_PRIMARY_CONTACT_MESSAGE = "Only a primary contact of the organization may undo this."


def restore_deadline(membership: Membership) -> datetime.datetime | None:
    """The moment the ending of `membership` can no longer be undone: the end of the day it
    ended, in the portal's time zone (settings.TIME_ZONE, America/Chicago). None when the
    membership is current."""
    if membership.ended_on is None:
        return None
    next_day = membership.ended_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def check_restorable(membership: Membership, *, acting_user) -> None:
    """The rule for undoing an ending: a membership that ended today (the day of the change,
    in the portal's time zone), undone by a current primary contact of its active
    organization, while the person has no newer membership there.

    Raises PermissionDenied for anyone else, ValidationError (code "not_ended",
    "window_closed" or "rejoined") when the ending can no longer be undone. An ending dated
    earlier than today, as the admin may record, is corrected in the admin.
    """
    if not is_primary_contact(acting_user, membership.organization):
        raise PermissionDenied(NOT_A_PRIMARY_CONTACT_MESSAGE)
    if membership.ended_on is None:
        raise ValidationError(_("This membership has not ended."), code="not_ended")
    if membership.ended_on != timezone.localdate():
        raise ValidationError(
            _(
                "The end of this membership can only be undone on the day it ended "
                "(%(day)s). Invite the person again instead."
            )
            % {"day": date_format(membership.ended_on)},
            code="window_closed",
        )
    if (
        Membership.objects.current()
        .filter(organization=membership.organization, user=membership.user)
        .exists()
    ):
        raise ValidationError(
            _("%(name)s is already a member again.") % {"name": membership.user.get_full_name()},
            code="rejoined",
        )


def restorable_ids(*, organization: Organization, user, memberships) -> set[int]:
    """check_restorable's rule for a page's list of former `memberships` of `organization`:
    the ids of those `user` may restore now. Two queries at most, whatever the list's size."""
    today = timezone.localdate()
    candidates = [m for m in memberships if m.ended_on == today]
    if not candidates or not is_primary_contact(user, organization):
        return set()
    rejoined = set(
        Membership.objects.current()
        .filter(organization=organization, user__in=[m.user_id for m in candidates])
        .values_list("user_id", flat=True)
    )
    return {m.pk for m in candidates if m.user_id not in rejoined}


@transaction.atomic
def restore_membership(*, membership: Membership, acting_user) -> Membership:
    """Undoes the ending of a membership on the day it ended (check_restorable's rule).

    The membership is current again with what it had: its role, job title and start date;
    its history keeps both changes, this one with RESTORED_REASON and the acting user.

    What it restores, and what it does not (it never grants more than before the ending):
    - the membership itself, so its rights that derive from it (portal pages, managing the
      organization for a primary contact or executive leader, casting the vote for an
      executive leader);
    - the partner seat follows the executive leader again on membership_changed (leadership
      starts a new term from today if they are again the one who holds it, ending the term
      of whoever took it in between);
    - a voting delegation the person held is NOT restored: it ended with the membership and
      the executive leader names the delegate again if they wish (a delegation is a choice
      of the executive leader, who may have named someone else in between).
    Announced on membership_changed with `restored=True` and `ended=False`.
    """
    Organization.objects.select_for_update().get(pk=membership.organization_id)
    membership = (
        Membership.objects.select_for_update()
        .select_related("organization", "user")
        .get(pk=membership.pk)
    )
    check_restorable(membership, acting_user=acting_user)
    membership.ended_on = None
    membership.full_clean()
    record_actor(membership, acting_user)
    membership._change_reason = RESTORED_REASON
    try:
        membership.save(update_fields=["ended_on"])
    finally:
        del membership._change_reason
    _announce(membership, previous_role=membership.role, acting_user=acting_user, restored=True)
    return membership
