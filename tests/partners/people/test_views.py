import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.utils import timezone
from PIL import Image

from cate_portal.models import User
from partners.models import Invitation, Membership, Organization, Role, Visibility
from partners.people.services import LAST_PRIMARY_CONTACT_MESSAGE
from partners.portal import urls as portal_urls
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, area, service

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "description": "We walk with survivors.",
        "website": "https://safeharbor.example.org",
        "sector": "1",
        "public_email": "hello@safeharbor.example.org",
        "public_email_visibility": Visibility.PUBLIC,
        "public_phone": "(314) 555-0123",
        "public_phone_visibility": Visibility.PUBLIC,
        "street_address": "12 Market St, Columbia, MO",
        "street_address_visibility": Visibility.STAFF,
        "mailing_address": "PO Box 1, Columbia, MO",
        "mailing_address_visibility": Visibility.PARTNERS,
        "counties": [str(area("Boone County").pk)],
        "services": [str(service("case-management").pk)],
        "populations": [],
        "serves_sex_trafficking": "on",
        "languages": "English, Spanish",
        "accepts_referrals": "on",
        "hours": "Mon-Fri 9-5",
        "hotline_number": "",
        "hotline_number_visibility": Visibility.PUBLIC,
        "hotline_hours": "",
        "eligibility_notes": "Adults 18+.",
    }
    data.update(overrides)
    return data


def png_bytes(size=(800, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "purple").save(buffer, format="PNG")
    return buffer.getvalue()


# --- who may reach what --------------------------------------------------------------------


def slugged_patterns() -> list[URLPattern]:
    return [p for p in portal_urls.urlpatterns if "slug" in p.pattern.converters]


def test_every_portal_url_is_404_for_a_member_of_another_organization(
    client, organization, primary_contact, other_organization, other_partner
):
    other_invitation = Invitation.objects.create(
        organization=other_organization,
        email="x@example.org",
        token_hash="a" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    other_membership = Membership.objects.get(user=other_partner)
    client.force_login(primary_contact)
    patterns = slugged_patterns()
    assert len(patterns) >= 7
    for pattern in patterns:
        kwargs = {"slug": other_organization.slug}
        if "pk" in pattern.pattern.converters:
            kwargs["pk"] = (
                other_invitation.pk if "invitation" in pattern.name else other_membership.pk
            )
        url = reverse(f"portal:{pattern.name}", kwargs=kwargs)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, (pattern.name, method)
            assert other_organization.name not in response.text
    # Nothing changed in the other organization.
    other_invitation.refresh_from_db()
    assert other_invitation.state == "pending"
    other_membership.refresh_from_db()
    assert other_membership.is_current and other_membership.role == Role.PRIMARY_CONTACT


def test_a_slug_that_does_not_exist_looks_the_same_as_another_organization(
    client, primary_contact, other_organization
):
    client.force_login(primary_contact)
    missing = client.get(reverse("portal:people", kwargs={"slug": "no-such-org"}))
    other = client.get(reverse("portal:people", kwargs={"slug": other_organization.slug}))
    assert missing.status_code == other.status_code == 404


def test_former_member_gets_404(client, organization, primary_contact):
    former = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER)
    former.ended_on = timezone.localdate()
    former.save()
    client.force_login(former.user)
    for name in ("profile", "people"):
        assert client.get(reverse(f"portal:{name}", args=[organization.slug])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, organization):
    for pattern in slugged_patterns():
        kwargs = {"slug": organization.slug}
        if "pk" in pattern.pattern.converters:
            kwargs["pk"] = 1
        response = client.get(reverse(f"portal:{pattern.name}", kwargs=kwargs))
        assert response.status_code == 302, pattern.name
        assert response.url.startswith(reverse("account_login"))
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_staff_can_read_people_but_cannot_manage(
    client, organization, primary_contact, staff_member
):
    client.force_login(staff_member)
    people = client.get(reverse("portal:people", args=[organization.slug]))
    assert people.status_code == 200
    assert primary_contact.email in people.text
    assert "Invite a colleague" not in people.text
    assert "End membership" not in people.text
    assert client.get(reverse("portal:profile", args=[organization.slug])).status_code == 403
    pc_membership = Membership.objects.get(user=primary_contact)
    manage_posts = [
        reverse("portal:people", args=[organization.slug]),
        reverse("portal:confirm-profile", args=[organization.slug]),
        reverse("portal:change-role", args=[organization.slug, pc_membership.pk]),
        reverse("portal:end-membership", args=[organization.slug, pc_membership.pk]),
        reverse("portal:profile", args=[organization.slug]),
    ]
    for url in manage_posts:
        response = client.post(url, {"role": Role.STAFF, "email": "x@example.org"})
        assert response.status_code == 403, url
    pc_membership.refresh_from_db()
    assert pc_membership.is_current and pc_membership.role == Role.PRIMARY_CONTACT
    assert not Invitation.objects.exists()


# --- dashboard -----------------------------------------------------------------------------


def test_dashboard_lists_tasks_for_an_incomplete_and_stale_profile(
    client, organization, primary_contact
):
    organization.description = ""
    organization.profile_confirmed_on = timezone.localdate() - datetime.timedelta(days=400)
    organization.save()
    client.force_login(primary_contact)
    response = client.get(reverse("portal:dashboard"))
    text = response.text
    assert "Complete the profile" in text
    assert "a description" in text
    assert "the services you offer" in text
    assert "the counties you serve" in text
    assert "Confirm profile is current" in text
    assert reverse("portal:confirm-profile", args=[organization.slug]) in text
    assert reverse("portal:profile", args=[organization.slug]) in text
    assert reverse("portal:people", args=[organization.slug]) in text


def test_dashboard_has_nothing_to_do_for_a_complete_current_profile(
    client, primary_contact, organization
):
    organization.services.set([service("case-management")])
    organization.statewide = True
    organization.save()
    client.force_login(primary_contact)
    text = client.get(reverse("portal:dashboard")).text
    assert "Nothing to do" in text
    assert "Confirm profile is current" not in text


def test_dashboard_counts_pending_invitations(
    client, organization, primary_contact, django_capture_on_commit_callbacks
):
    client.force_login(primary_contact)
    for n in range(3):
        client.post(
            reverse("portal:people", args=[organization.slug]),
            {"email": f"p{n}@example.org", "role": Role.STAFF},
        )
    Invitation.objects.filter(email="p2@example.org").update(revoked_at=timezone.now())
    assert "2 pending invitations" in client.get(reverse("portal:dashboard")).text


def test_confirm_profile_button_confirms(client, organization, primary_contact):
    organization.profile_confirmed_on = None
    organization.save()
    client.force_login(primary_contact)
    response = client.post(reverse("portal:confirm-profile", args=[organization.slug]))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.profile_confirmed_on == timezone.localdate()
    assert "confirmed as current" in client.get(response.url).text


def test_staff_sees_no_confirm_button(client, organization, staff_member):
    organization.profile_confirmed_on = None
    organization.save()
    client.force_login(staff_member)
    text = client.get(reverse("portal:dashboard")).text
    assert "Confirm profile is current" not in text
    assert "Ask your primary contact" in text


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:dashboard")).status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_organizations(client, django_assert_num_queries):
    user = UserFactory()
    sector = OrganizationFactory().sector
    hotline = service("hotline")

    def add_organizations(start, n):
        # Bulk creation keeps the test fast; the page's queries are what is measured.
        # bulk_create calls no save(), so the unique name_key is given here.
        organizations = Organization.objects.bulk_create(
            Organization(
                name=f"Bulk Org {i}", name_key=f"bulk org {i}", slug=f"bulk-org-{i}", sector=sector
            )
            for i in range(start, start + n)
        )
        Organization.services.through.objects.bulk_create(
            Organization.services.through(organization=org, service=hotline)
            for org in organizations
        )
        Membership.objects.bulk_create(
            Membership(
                user=user,
                organization=org,
                role=Role.PRIMARY_CONTACT,
                started_on=timezone.localdate(),
            )
            for org in organizations
        )
        Invitation.objects.bulk_create(
            Invitation(
                organization=org,
                email=f"i{org.pk}@example.org",
                token_hash=f"{org.pk:064d}",
                expires_at=timezone.now() + datetime.timedelta(days=2),
            )
            for org in organizations
        )

    add_organizations(0, 10)
    client.force_login(user)
    small = dashboard_queries(client)
    add_organizations(10, 190)
    with django_assert_num_queries(small):
        response = client.get(reverse("portal:dashboard"))
    assert response.text.count("Confirm profile is current") == 200
    assert response.text.count("1 pending invitation.") == 200


# --- people page ---------------------------------------------------------------------------


def people_url(organization):
    return reverse("portal:people", args=[organization.slug])


def test_people_page_lists_current_and_former_members_and_invitations(
    client, organization, primary_contact, staff_member
):
    former = MembershipFactory(organization=organization, role=Role.STAFF)
    former.ended_on = timezone.localdate()
    former.save()
    expired = Invitation.objects.create(
        organization=organization,
        email="late@example.org",
        token_hash="b" * 64,
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    Invitation.objects.create(
        organization=organization,
        email="gone@example.org",
        token_hash="c" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=1),
        revoked_at=timezone.now(),
    )
    client.force_login(primary_contact)
    text = client.get(people_url(organization)).text
    assert staff_member.email in text
    assert former.user.get_full_name() in text
    assert "Former members" in text
    assert "late@example.org" in text
    assert "Expired on" in text
    assert reverse("portal:resend-invitation", args=[organization.slug, expired.pk]) in text
    assert "gone@example.org" not in text


def test_inviting_from_the_people_page_sends_the_email(
    client, organization, primary_contact, django_capture_on_commit_callbacks
):
    client.force_login(primary_contact)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            people_url(organization),
            {"email": "colleague@example.org", "full_name": "Sam Lee", "role": Role.STAFF},
        )
    assert response.status_code == 302
    assert Invitation.objects.get().email == "colleague@example.org"
    assert mail.outbox[0].to == ["colleague@example.org"]


def test_inviting_a_member_is_refused_on_the_page_keeping_what_was_typed(
    client, organization, primary_contact, staff_member
):
    client.force_login(primary_contact)
    response = client.post(
        people_url(organization),
        {"email": staff_member.email, "full_name": "Typed Name", "role": Role.EXECUTIVE_LEADER},
    )
    assert response.status_code == 200
    assert "already a member" in response.text
    assert 'value="Typed Name"' in response.text
    assert not Invitation.objects.exists()


def test_resend_and_revoke_buttons(
    client, organization, primary_contact, django_capture_on_commit_callbacks
):
    client.force_login(primary_contact)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(people_url(organization), {"email": "a@example.org", "role": Role.STAFF})
        invitation = Invitation.objects.get()
        old_hash = invitation.token_hash
        response = client.post(
            reverse("portal:resend-invitation", args=[organization.slug, invitation.pk])
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    invitation.refresh_from_db()
    assert invitation.token_hash != old_hash
    client.post(reverse("portal:revoke-invitation", args=[organization.slug, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.state == "revoked"


def test_ending_the_last_primary_contact_shows_the_rule(client, organization, primary_contact):
    client.force_login(primary_contact)
    membership = Membership.objects.get(user=primary_contact)
    response = client.post(
        reverse("portal:end-membership", args=[organization.slug, membership.pk]), follow=True
    )
    assert LAST_PRIMARY_CONTACT_MESSAGE in response.text
    membership.refresh_from_db()
    assert membership.is_current


def test_demoting_the_last_primary_contact_shows_the_rule(client, organization, primary_contact):
    client.force_login(primary_contact)
    membership = Membership.objects.get(user=primary_contact)
    response = client.post(
        reverse("portal:change-role", args=[organization.slug, membership.pk]),
        {"role": Role.STAFF},
        follow=True,
    )
    assert LAST_PRIMARY_CONTACT_MESSAGE in response.text
    membership.refresh_from_db()
    assert membership.role == Role.PRIMARY_CONTACT


def test_manager_changes_role_and_ends_membership(
    client, organization, primary_contact, staff_member
):
    client.force_login(primary_contact)
    membership = Membership.objects.get(user=staff_member)
    client.post(
        reverse("portal:change-role", args=[organization.slug, membership.pk]),
        {"role": Role.EXECUTIVE_LEADER},
    )
    membership.refresh_from_db()
    assert membership.role == Role.EXECUTIVE_LEADER
    client.post(reverse("portal:end-membership", args=[organization.slug, membership.pk]))
    membership.refresh_from_db()
    assert membership.ended_on == timezone.localdate()


def test_bad_role_is_refused_without_error(client, organization, primary_contact, staff_member):
    client.force_login(primary_contact)
    membership = Membership.objects.get(user=staff_member)
    response = client.post(
        reverse("portal:change-role", args=[organization.slug, membership.pk]),
        {"role": "emperor"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Choose one of the roles" in response.text
    membership.refresh_from_db()
    assert membership.role == Role.STAFF


def people_queries(client, organization) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(people_url(organization)).status_code == 200
    return len(queries)


def test_people_page_query_count_does_not_grow_with_members(
    client, organization, primary_contact, django_assert_num_queries
):
    today = timezone.localdate()

    def add_people(start, n):
        users = User.objects.bulk_create(
            User(email=f"bulk{i}@example.org", full_name=f"Bulk Person {i}")
            for i in range(start, start + n)
        )
        Membership.objects.bulk_create(
            Membership(
                user=u,
                organization=organization,
                role=Role.STAFF,
                started_on=today - datetime.timedelta(days=10),
                ended_on=today if i % 2 else None,
            )
            for i, u in enumerate(users)
        )
        Invitation.objects.bulk_create(
            Invitation(
                organization=organization,
                email=f"invitee{i}@example.org",
                token_hash=f"{i:064d}",
                invited_by=primary_contact,
                expires_at=timezone.now() + datetime.timedelta(days=2),
            )
            for i in range(start, start + n)
        )

    add_people(0, 10)
    client.force_login(primary_contact)
    small = people_queries(client, organization)
    add_people(10, 190)
    with django_assert_num_queries(small):
        response = client.get(people_url(organization))
    assert response.text.count("End membership<span") == 101
    assert response.text.count("invitee") >= 200


# --- profile editing -----------------------------------------------------------------------


def test_profile_edit_round_trip(client, organization, primary_contact):
    client.force_login(primary_contact)
    url = reverse("portal:profile", args=[organization.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "shelter locations must stay confidential" in page.text
    response = client.post(url, profile_data(sector=str(organization.sector_id)))
    assert response.status_code == 302, response.context["form"].errors
    organization.refresh_from_db()
    assert organization.description == "We walk with survivors."
    assert organization.public_phone.as_e164 == "+13145550123"
    assert organization.street_address_visibility == Visibility.STAFF
    assert [c.name for c in organization.counties.all()] == ["Boone County"]
    assert organization.serves_sex_trafficking and not organization.serves_labor_trafficking
    assert organization.history.first().history_user == primary_contact
    # The saved values show again in the form.
    again = client.get(url).text
    assert "We walk with survivors." in again
    assert "English, Spanish" in again


def test_shelter_address_cannot_be_made_public(client, organization, primary_contact):
    client.force_login(primary_contact)
    url = reverse("portal:profile", args=[organization.slug])
    response = client.post(
        url,
        profile_data(
            sector=str(organization.sector_id),
            description="Typed description stays",
            services=[str(service("emergency-shelter").pk)],
            street_address_visibility=Visibility.PUBLIC,
        ),
    )
    assert response.status_code == 200
    assert "shelter locations must stay confidential to protect survivors" in response.text
    assert "Typed description stays" in response.text
    organization.refresh_from_db()
    assert organization.street_address_visibility == Visibility.STAFF
    assert organization.description != "Typed description stays"


def test_logo_upload_is_reencoded(client, organization, primary_contact):
    client.force_login(primary_contact)
    url = reverse("portal:profile", args=[organization.slug])
    upload = SimpleUploadedFile("logo.jpg", png_bytes(), content_type="image/jpeg")
    response = client.post(
        url, {**profile_data(sector=str(organization.sector_id)), "logo_upload": upload}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.logo.name == f"logos/{organization.slug}.png"
    with organization.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert max(image.size) == 512


def test_fake_logo_is_refused_on_the_page(client, organization, primary_contact):
    client.force_login(primary_contact)
    url = reverse("portal:profile", args=[organization.slug])
    upload = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")
    response = client.post(
        url, {**profile_data(sector=str(organization.sector_id)), "logo_upload": upload}
    )
    assert response.status_code == 200
    assert "not one" in response.text
    organization.refresh_from_db()
    assert not organization.logo


def test_profile_of_unknown_organization_is_404(client, primary_contact):
    client.force_login(primary_contact)
    assert Organization.objects.filter(slug="nope").count() == 0
    assert client.get(reverse("portal:profile", args=["nope"])).status_code == 404


# --- ending a membership: confirmed on its own page, undone the same day --------------------


def test_ending_a_membership_asks_for_confirmation_on_its_own_page(
    client, organization, primary_contact, staff_member
):
    membership = Membership.objects.get(user=staff_member)
    membership.role = Role.EXECUTIVE_LEADER
    membership.save()
    client.force_login(primary_contact)
    url = reverse("portal:end-membership", args=[organization.slug, membership.pk])
    people = client.get(reverse("portal:people", args=[organization.slug])).text
    assert f'href="{url}"' in people  # a link to the page, not a one-click button
    response = client.get(url)
    assert response.status_code == 200
    text = response.text
    assert staff_member.get_full_name() in text and organization.name in text
    assert "Editing the profile of" in text  # a manager role's rights
    assert f"Casting the vote of {organization.name}" in text  # leadership's, by its signal
    assert "until the end of today" in text
    membership.refresh_from_db()
    assert membership.is_current  # looking is not ending


def test_staff_cannot_open_the_confirmation_page(
    client, organization, primary_contact, staff_member
):
    client.force_login(staff_member)
    membership = Membership.objects.get(user=primary_contact)
    url = reverse("portal:end-membership", args=[organization.slug, membership.pk])
    assert client.get(url).status_code == 403


def test_a_primary_contact_undoes_an_ending_from_the_people_page(
    client, organization, primary_contact, staff_member
):
    membership = Membership.objects.get(user=staff_member)
    client.force_login(primary_contact)
    client.post(reverse("portal:end-membership", args=[organization.slug, membership.pk]))
    people = client.get(reverse("portal:people", args=[organization.slug])).text
    restore = reverse("portal:restore-membership", args=[organization.slug, membership.pk])
    assert restore in people
    response = client.post(restore, follow=True)
    assert f"{staff_member.get_full_name()} is a member again, as staff." in response.text
    membership.refresh_from_db()
    assert membership.is_current


def test_an_executive_leader_is_not_offered_the_undo(client, organization, staff_member):
    leader = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER).user
    membership = Membership.objects.get(user=staff_member)
    client.force_login(leader)
    client.post(reverse("portal:end-membership", args=[organization.slug, membership.pk]))
    restore = reverse("portal:restore-membership", args=[organization.slug, membership.pk])
    assert restore not in client.get(reverse("portal:people", args=[organization.slug])).text
    assert client.post(restore).status_code == 403
    membership.refresh_from_db()
    assert not membership.is_current
