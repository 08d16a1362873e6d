"""Signing the shared values: who may sign, what is recorded, the status through a change of
version, and the /portal/agreement/ page."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import Agreement, OrganizationStatus, Role
from partners.values.selectors import AgreementState, agreement_statuses
from partners.values.services import adopt_version, sign_agreement
from tests.factories import (
    AgreementFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    ValuesVersionFactory,
    adopted_version,
)

pytestmark = pytest.mark.django_db

URL = "/portal/agreement/"


@pytest.fixture
def version():
    return adopted_version(adopted_on=timezone.localdate() - datetime.timedelta(days=10))


def sign(organization, user, **overrides):
    kwargs = {
        "organization": organization,
        "acting_user": user,
        "signer_name": "Dana Whitfield",
        "signer_title": "Executive Director",
        "attested": True,
        "ip_address": "203.0.113.7",
    }
    return sign_agreement(**{**kwargs, **overrides})


# --- Who may sign -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PRIMARY_CONTACT, Role.EXECUTIVE_LEADER])
def test_primary_contact_or_executive_leader_signs(version, organization, role):
    signer = MembershipFactory(organization=organization, role=role).user
    agreement = sign(organization, signer)
    assert agreement.organization == organization
    assert agreement.version == version
    assert agreement.signed_by == signer
    assert agreement.signer_name == "Dana Whitfield"
    assert agreement.signer_title == "Executive Director"
    assert agreement.attested is True
    assert agreement.text_hash == version.text_hash() == version.adopted_text_hash
    assert agreement.ip_address == "203.0.113.7"
    assert abs(agreement.signed_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_staff_role_cannot_sign(version, organization, staff_member):
    with pytest.raises(PermissionDenied):
        sign(organization, staff_member)
    assert not Agreement.objects.exists()


def test_coalition_director_cannot_sign_for_a_partner(version, organization, director):
    with pytest.raises(PermissionDenied):
        sign(organization, director)


def test_member_of_another_organization_cannot_sign(version, organization, other_partner):
    with pytest.raises(PermissionDenied):
        sign(organization, other_partner)


def test_former_primary_contact_cannot_sign(version, organization):
    membership = MembershipFactory(
        organization=organization,
        role=Role.PRIMARY_CONTACT,
        ended_on=timezone.localdate(),
    )
    with pytest.raises(PermissionDenied):
        sign(organization, membership.user)


@pytest.mark.parametrize("status", [OrganizationStatus.INACTIVE, OrganizationStatus.WITHDRAWN])
def test_inactive_organization_cannot_sign(version, organization, primary_contact, status):
    organization.status = status
    organization.save()
    with pytest.raises(ValidationError, match="active"):
        sign(organization, primary_contact)


def test_signing_needs_name_title_and_attestation(version, organization, primary_contact):
    with pytest.raises(ValidationError) as excinfo:
        sign(organization, primary_contact, signer_name=" ", signer_title="", attested=False)
    assert set(excinfo.value.error_dict) == {"signer_name", "signer_title", "attested"}
    assert not Agreement.objects.exists()


def test_nothing_to_sign_before_adoption(organization, primary_contact):
    ValuesVersionFactory()
    with pytest.raises(ValidationError, match="no adopted version"):
        sign(organization, primary_contact)


def test_an_organization_signs_a_version_once(version, organization, primary_contact):
    sign(organization, primary_contact)
    with pytest.raises(ValidationError, match="already signed"):
        sign(organization, primary_contact)
    assert Agreement.objects.count() == 1


def test_database_refuses_a_second_signature_of_one_version(version, organization):
    AgreementFactory(organization=organization, version=version)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementFactory(organization=organization, version=version)


def test_database_refuses_an_unattested_signature(version, organization):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementFactory(organization=organization, version=version, attested=False)


def test_a_retired_version_cannot_be_signed(version, organization, primary_contact):
    newer = adopt_version(version=ValuesVersionFactory())
    with pytest.raises(ValidationError, match="no longer the current"):
        sign(organization, primary_contact, version=version)
    assert sign(organization, primary_contact, version=newer).version == newer


def test_signing_e_mails_the_signer_and_primary_contacts(
    version, organization, primary_contact, django_capture_on_commit_callbacks
):
    leader = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER).user
    with django_capture_on_commit_callbacks(execute=True):
        sign(organization, leader)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([leader.email, primary_contact.email])
    assert organization.name in mail.outbox[0].subject
    assert "Dana Whitfield" in mail.outbox[0].body


# --- Status through a change of version -------------------------------------------------------


def test_status_through_a_change_of_version(organization, primary_contact, settings):
    settings.AGREEMENT_GRACE_DAYS = 60
    organization.joined_on = datetime.date(2019, 5, 1)
    organization.save()
    first = adopted_version(adopted_on=datetime.date(2024, 3, 1))
    [status] = agreement_statuses([organization], today=datetime.date(2024, 3, 5)).values()
    assert status.state == AgreementState.NEVER_SIGNED
    assert status.due_on == datetime.date(2024, 4, 30)
    assert status.days_overdue == 0 and status.must_sign

    [status] = agreement_statuses([organization], today=datetime.date(2024, 5, 10)).values()
    assert status.days_overdue == 10 and status.is_overdue

    sign(organization, primary_contact)
    [status] = agreement_statuses([organization], today=datetime.date(2024, 5, 10)).values()
    assert status.state == AgreementState.SIGNED_CURRENT
    assert not status.must_sign and status.days_overdue == 0
    assert status.agreement.version == first

    second = adopt_version(version=ValuesVersionFactory(), adopted_on=datetime.date(2025, 1, 10))
    [status] = agreement_statuses([organization], today=datetime.date(2025, 1, 11)).values()
    assert status.state == AgreementState.SIGNED_EARLIER
    assert status.agreement.version == first
    assert status.due_on == datetime.date(2025, 3, 11)
    assert status.must_sign and status.days_overdue == 0

    [status] = agreement_statuses([organization], today=datetime.date(2025, 3, 21)).values()
    assert status.days_overdue == 10

    sign(organization, primary_contact)
    [status] = agreement_statuses([organization], today=datetime.date(2025, 3, 21)).values()
    assert status.state == AgreementState.SIGNED_CURRENT
    assert status.agreement.version == second


def test_an_organization_joining_after_adoption_gets_its_own_grace_period(settings):
    settings.AGREEMENT_GRACE_DAYS = 60
    adopted_version(adopted_on=datetime.date(2024, 1, 1))
    newcomer = OrganizationFactory(joined_on=datetime.date(2024, 6, 1))
    [status] = agreement_statuses([newcomer], today=datetime.date(2024, 6, 2)).values()
    assert status.due_on == datetime.date(2024, 7, 31)
    assert status.days_overdue == 0


def test_inactive_organizations_are_not_required_to_sign(version):
    inactive = OrganizationFactory(status=OrganizationStatus.INACTIVE)
    [status] = agreement_statuses([inactive]).values()
    assert status.state == AgreementState.NOT_REQUIRED
    assert not status.must_sign


# --- The /portal/agreement/ page --------------------------------------------------------------


def test_page_requires_sign_in(client, version):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_manager_sees_the_text_the_status_and_the_form(
    client, version, organization, primary_contact
):
    client.force_login(primary_contact)
    html = client.get(URL).content.decode()
    assert organization.name in html
    assert "Never signed" in html
    assert version.vision in html
    assert version.items[0].name in html
    assert 'name="signer_name"' in html and 'name="attested"' in html


def test_the_signers_name_and_title_are_prefilled(client, version, organization, primary_contact):
    from partners.models import Membership

    Membership.objects.filter(user=primary_contact).update(title="Program Director")
    client.force_login(primary_contact)
    html = client.get(URL).content.decode()
    assert f'value="{primary_contact.get_full_name()}"' in html
    assert 'value="Program Director"' in html


def test_manager_signs_through_the_page_and_ip_is_recorded(
    client, version, organization, primary_contact
):
    client.force_login(primary_contact)
    response = client.post(
        URL,
        {
            "organization": organization.pk,
            "version": version.pk,
            "signer_name": "Dana Whitfield",
            "signer_title": "Executive Director",
            "attested": "on",
        },
        REMOTE_ADDR="198.51.100.23",
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.ip_address == "198.51.100.23"
    assert agreement.signed_by == primary_contact
    assert agreement.text_hash == version.text_hash()
    html = client.get(URL).content.decode()
    assert "Signed the current version" in html
    assert 'name="signer_name"' not in html


def test_form_errors_keep_what_was_typed(client, version, organization, primary_contact):
    client.force_login(primary_contact)
    response = client.post(
        URL,
        {
            "organization": organization.pk,
            "version": version.pk,
            "signer_name": "Typed Name Kept",
            "signer_title": "Typed Title Kept",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tick the box to attest that you may sign" in html
    assert 'value="Typed Name Kept"' in html and 'value="Typed Title Kept"' in html
    assert not Agreement.objects.exists()


def test_staff_member_sees_who_signed_but_gets_no_form(
    client, version, organization, primary_contact, staff_member
):
    sign(organization, primary_contact, signer_name="Dana Whitfield")
    client.force_login(staff_member)
    html = client.get(URL).content.decode()
    assert "Signed the current version" in html
    assert "Dana Whitfield" in html
    assert 'name="signer_name"' not in html


def test_staff_member_before_signature_is_told_who_signs(
    client, version, organization, staff_member
):
    client.force_login(staff_member)
    html = client.get(URL).content.decode()
    assert "Never signed" in html
    assert "primary contact or executive leader signs" in html
    assert 'name="signer_name"' not in html


def test_staff_member_post_is_refused(client, version, organization, staff_member):
    client.force_login(staff_member)
    response = client.post(
        URL,
        {
            "organization": organization.pk,
            "version": version.pk,
            "signer_name": "X",
            "signer_title": "Y",
            "attested": "on",
        },
    )
    assert response.status_code == 403
    assert not Agreement.objects.exists()


def test_cannot_sign_for_another_organization(
    client, version, organization, primary_contact, other_organization
):
    client.force_login(primary_contact)
    response = client.post(
        URL,
        {
            "organization": other_organization.pk,
            "version": version.pk,
            "signer_name": "X",
            "signer_title": "Y",
            "attested": "on",
        },
    )
    assert response.status_code == 200
    assert not Agreement.objects.exists()
    assert other_organization.name not in response.content.decode()


def test_page_shows_only_the_users_own_organizations(
    client, version, organization, primary_contact, other_organization, other_partner
):
    sign(other_organization, other_partner, signer_name="Other Org Signer")
    client.force_login(primary_contact)
    html = client.get(URL).content.decode()
    assert other_organization.name not in html
    assert "Other Org Signer" not in html


def test_stale_form_after_a_new_adoption_is_refused(client, version, organization, primary_contact):
    adopt_version(version=ValuesVersionFactory())
    client.force_login(primary_contact)
    response = client.post(
        URL,
        {
            "organization": organization.pk,
            "version": version.pk,
            "signer_name": "X",
            "signer_title": "Y",
            "attested": "on",
        },
    )
    assert response.status_code == 200
    assert "no longer the current" in response.content.decode()
    assert not Agreement.objects.exists()


def test_bad_input_never_errors(client, version, organization, primary_contact):
    client.force_login(primary_contact)
    for data in (
        {},
        {"organization": "abc", "version": "xyz"},
        {"organization": "999999", "version": "999999", "attested": "on"},
    ):
        assert client.post(URL, data).status_code == 200
    assert not Agreement.objects.exists()


def test_page_without_an_adopted_version(client, organization, primary_contact):
    client.force_login(primary_contact)
    response = client.get(URL)
    assert response.status_code == 200
    assert b"nothing to sign" in response.content


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_agreement_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    adopted_version(adopted_on=datetime.date(2020, 1, 1))
    user = UserFactory()
    first = MembershipFactory(user=user, role=Role.PRIMARY_CONTACT).organization
    AgreementFactory(organization=first, version=adopt_version(version=ValuesVersionFactory()))
    client.force_login(user)
    small = _queries(client, URL)

    for _ in range(6):
        organization = MembershipFactory(user=user, role=Role.EXECUTIVE_LEADER).organization
        AgreementFactory(organization=organization, version=first.agreements.get().version)
    for _ in range(4):
        MembershipFactory(user=user, role=Role.STAFF)
    for _ in range(10):
        AgreementFactory(version=first.agreements.get().version)
    adopt_version(version=ValuesVersionFactory(values=[(f"V{i}", "d") for i in range(10)]))
    with django_assert_max_num_queries(small):
        response = client.get(URL)
    assert response.content.decode().count("Signed an earlier version") == 7
