import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cate_portal.models import User
from partners.models import Invitation, Membership, OrganizationStatus, Role, Visibility
from partners.models.invitations import hash_token
from partners.people import services
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a lantern over the river"
SENTINEL_ADDRESS = "4242 Sentinel Confidential Way"


@pytest.fixture
def invite(organization, primary_contact, django_capture_on_commit_callbacks):
    def make(email="new.person@example.org", role=Role.STAFF, full_name="Robin Avery"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invite_person(
                organization=organization,
                acting_user=primary_contact,
                email=email,
                full_name=full_name,
                role=role,
            )

    return make


def link_token(message) -> str:
    match = re.search(r"/invitations/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


def accept_url(token: str) -> str:
    return reverse("portal:accept-invitation", kwargs={"token": token})


# --- invite_person -------------------------------------------------------------------------


def test_invitation_email_carries_a_working_single_use_link(invite, organization):
    invitation = invite(email="New.Person@Example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert organization.name in message.subject
    token = link_token(message)
    assert token == invitation.token
    assert f"{settings.SITE_URL}{accept_url(token)}" in message.body
    # Only a hash is stored.
    stored = Invitation.objects.get()
    assert stored.token_hash == hash_token(token)
    assert token not in stored.token_hash


def test_invitation_email_carries_no_confidential_fields(organization, invite):
    organization.street_address = SENTINEL_ADDRESS
    organization.street_address_visibility = Visibility.STAFF
    organization.mailing_address = "PO Box 99 Confidential"
    organization.save()
    invite()
    body = mail.outbox[0].body
    assert SENTINEL_ADDRESS not in body
    assert "PO Box 99" not in body


def test_invitation_expires_after_the_configured_days(invite):
    with override_settings(INVITATION_EXPIRY_DAYS=3):
        invitation = invite()
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=3)


def test_invitation_expires_after_seven_days_by_default(invite):
    invitation = invite()
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=7)


def test_inviting_a_current_member_is_refused(invite, staff_member):
    with pytest.raises(ValidationError) as caught:
        invite(email=staff_member.email.upper())
    assert "already a member" in str(caught.value)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_inviting_a_former_member_is_allowed(invite, organization, primary_contact):
    former = MembershipFactory(organization=organization, role=Role.STAFF)
    former.ended_on = timezone.localdate()
    former.save()
    invitation = invite(email=former.user.email)
    assert invitation.pk


def test_inviting_someone_with_a_pending_invitation_is_refused(invite):
    invite()
    with pytest.raises(ValidationError) as caught:
        invite()
    assert "pending invitation" in str(caught.value)
    assert Invitation.objects.count() == 1


def test_staff_cannot_invite(organization, staff_member):
    with pytest.raises(PermissionDenied):
        services.invite_person(
            organization=organization,
            acting_user=staff_member,
            email="x@example.org",
            role=Role.STAFF,
        )


# --- resend / revoke -----------------------------------------------------------------------


def test_resend_kills_the_old_link(
    invite, client, primary_contact, django_capture_on_commit_callbacks
):
    invitation = invite()
    old_token = invitation.token
    with django_capture_on_commit_callbacks(execute=True):
        resent = services.resend_invitation(invitation=invitation, acting_user=primary_contact)
    new_token = link_token(mail.outbox[-1])
    assert new_token == resent.token != old_token
    assert client.get(accept_url(old_token)).status_code == 404
    assert client.get(accept_url(new_token)).status_code == 200


def test_resend_gives_an_expired_invitation_a_new_expiry(invite, primary_contact):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    invitation.refresh_from_db()
    assert invitation.state == "expired"
    resent = services.resend_invitation(invitation=invitation, acting_user=primary_contact)
    assert resent.state == "pending"
    assert resent.expires_at > timezone.now() + datetime.timedelta(days=6)


def test_revoked_invitation_cannot_be_resent_or_used(invite, client, primary_contact):
    invitation = invite()
    services.revoke_invitation(invitation=invitation, acting_user=primary_contact)
    response = client.get(accept_url(invitation.token))
    assert response.status_code == 410
    assert "withdrew this invitation" in response.text
    with pytest.raises(ValidationError):
        services.resend_invitation(invitation=invitation, acting_user=primary_contact)


# --- invitations sent by someone who has left (issue 10, rule 4) ---------------------------


@pytest.fixture
def sent_by_a_leaver(organization, primary_contact):
    """A pending invitation sent by a primary contact whose membership then ended."""
    leaver = MembershipFactory(
        organization=organization, role=Role.PRIMARY_CONTACT, user__full_name="Lee Leaver"
    )
    invitation = services.invite_person(
        organization=organization,
        acting_user=leaver.user,
        email="invited.by.leaver@example.org",
        role=Role.STAFF,
    )
    services.end_membership(membership=leaver, acting_user=primary_contact)
    invitation.refresh_from_db()  # keeps .token, the link's secret
    return invitation


def test_invitations_sent_by_someone_who_left_stay_valid(organization, sent_by_a_leaver):
    assert sent_by_a_leaver.state == "pending"
    membership = services.accept_invitation(
        token=sent_by_a_leaver.token, full_name="Ivy Invited", password=NEW_PASSWORD
    )
    assert membership.organization == organization and membership.is_current


def test_the_managers_see_and_revoke_an_invitation_whose_sender_left(
    client, organization, primary_contact, sent_by_a_leaver
):
    leaver = sent_by_a_leaver.invited_by
    for attempt in (services.resend_invitation, services.revoke_invitation):
        with pytest.raises(PermissionDenied):
            attempt(invitation=sent_by_a_leaver, acting_user=leaver)
    client.force_login(primary_contact)
    page = client.get(reverse("portal:people", kwargs={"slug": organization.slug}))
    assert "invited.by.leaver@example.org" in page.text
    assert "Invited by Lee Leaver" in page.text
    revoke = reverse(
        "portal:revoke-invitation", kwargs={"slug": organization.slug, "pk": sent_by_a_leaver.pk}
    )
    assert client.post(revoke).status_code == 302
    sent_by_a_leaver.refresh_from_db()
    assert sent_by_a_leaver.state == "revoked"


# --- accepting -----------------------------------------------------------------------------


def test_new_person_creates_account_and_joins(invite, client, organization):
    invitation = invite(role=Role.EXECUTIVE_LEADER)
    url = accept_url(invitation.token)
    page = client.get(url)
    assert page.status_code == 200
    assert "new.person@example.org" in page.text
    response = client.post(
        url, {"full_name": "Robin Avery", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "Robin Avery"
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.filter(
        user=user, email="new.person@example.org", verified=True, primary=True
    ).exists()
    membership = Membership.objects.current().get(user=user, organization=organization)
    assert membership.role == Role.EXECUTIVE_LEADER
    invitation.refresh_from_db()
    assert invitation.state == "accepted"
    assert invitation.accepted_by == user
    # Signed in straight away.
    assert client.get(reverse("portal:dashboard")).context["user"] == user


def test_the_invitees_name_is_prefilled_and_a_retyped_one_kept_after_an_error(invite, client):
    invitation = invite(full_name="Robin Avery")
    url = accept_url(invitation.token)
    assert 'value="Robin Avery"' in client.get(url).text
    response = client.post(
        url, {"full_name": "Robin A. Avery", "password1": NEW_PASSWORD, "password2": "other"}
    )
    assert response.status_code == 200
    assert 'value="Robin A. Avery"' in response.text


def test_weak_password_is_refused_and_what_was_typed_is_kept(invite, client):
    invitation = invite()
    response = client.post(
        accept_url(invitation.token),
        {"full_name": "Robin Avery", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert 'value="Robin Avery"' in response.text
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_mismatched_passwords_are_refused(invite, client):
    invitation = invite()
    response = client.post(
        accept_url(invitation.token),
        {"full_name": "R", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    )
    assert "do not match" in response.text
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_invitation_is_single_use(invite, client):
    invitation = invite()
    url = accept_url(invitation.token)
    data = {"full_name": "Robin Avery", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(url, data).status_code == 302
    client.logout()
    again = client.post(url, data)
    assert again.status_code == 410
    assert "already used" in again.text
    assert Membership.objects.filter(user__email="new.person@example.org").count() == 1


def test_expired_invitation_shows_what_to_do(invite, client):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(accept_url(invitation.token))
    assert response.status_code == 410
    assert "has expired" in response.text
    assert "re-send" in response.text
    post = client.post(
        accept_url(invitation.token),
        {"full_name": "R", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert post.status_code == 410
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()


def test_unknown_token_is_a_clear_404(client, db):
    response = client.get(accept_url("not-a-real-token"))
    assert response.status_code == 404
    assert "not valid" in response.text


def test_existing_account_must_sign_in_first(invite, client):
    existing = UserFactory(email="new.person@example.org")
    invitation = invite()
    response = client.get(accept_url(invitation.token))
    assert response.status_code == 200
    assert "Sign in" in response.text
    assert reverse("account_login") in response.text
    # No account can be created over the existing one.
    client.post(
        accept_url(invitation.token),
        {"full_name": "Intruder", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)
    assert not Membership.objects.filter(user=existing).exists()


def test_existing_account_accepts_when_signed_in(invite, client, organization):
    existing = UserFactory(email="new.person@example.org")
    invitation = invite(role=Role.PRIMARY_CONTACT)
    client.force_login(existing)
    assert client.get(accept_url(invitation.token)).status_code == 200
    response = client.post(accept_url(invitation.token))
    assert response.status_code == 302
    assert (
        Membership.objects.current().get(user=existing, organization=organization).role
        == Role.PRIMARY_CONTACT
    )


def test_existing_unverified_address_is_verified_by_accepting(invite, client):
    existing = UserFactory(email="new.person@example.org", verified=False)
    EmailAddress.objects.create(user=existing, email=existing.email, verified=False, primary=True)
    invitation = invite()
    client.force_login(existing)
    client.post(accept_url(invitation.token))
    assert EmailAddress.objects.get(user=existing).verified


def test_wrong_signed_in_user_is_refused(invite, client, other_partner):
    UserFactory(email="new.person@example.org")
    invitation = invite()
    client.force_login(other_partner)
    response = client.get(accept_url(invitation.token))
    assert response.status_code == 403
    assert "another account" in response.text
    # The invited address is not revealed to the wrong person.
    assert "new.person@example.org" not in response.text
    assert client.post(accept_url(invitation.token)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_signed_in_user_cannot_take_an_invitation_for_a_new_address(invite, client, other_partner):
    invitation = invite()
    client.force_login(other_partner)
    response = client.post(
        accept_url(invitation.token),
        {"full_name": "R", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert not Membership.objects.filter(user=other_partner, organization=invitation.organization)


def test_service_refuses_wrong_user(invite, other_partner):
    UserFactory(email="new.person@example.org")
    invitation = invite()
    with pytest.raises(services.InvitationError) as caught:
        services.accept_invitation(token=invitation.token, user=other_partner)
    assert caught.value.code == "wrong_user"


def test_invitation_to_an_inactive_organization_cannot_be_accepted(invite, organization):
    invitation = invite()
    organization.status = OrganizationStatus.WITHDRAWN
    organization.save()
    with pytest.raises(services.InvitationError) as caught:
        services.accept_invitation(token=invitation.token, full_name="R", password=NEW_PASSWORD)
    assert caught.value.code == "inactive_organization"
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_an_inactive_organization_cannot_invite(organization, primary_contact):
    from django.core.exceptions import ValidationError

    from partners.models import Invitation, OrganizationStatus
    from partners.people.services import invite_person

    organization.status = OrganizationStatus.INACTIVE
    organization.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="not an active partner"):
        invite_person(
            organization=organization,
            acting_user=primary_contact,
            email="new@example.org",
            role="staff",
        )
    assert not Invitation.objects.filter(organization=organization).exists()
