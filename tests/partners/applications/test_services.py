"""Every move of an application, allowed and refused, and what approval creates."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leadership.models import Seat, SeatKind
from partners.applications import services
from partners.models import (
    Agreement,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Invitation,
    Organization,
    OrganizationStatus,
    Role,
    Visibility,
)
from partners.models.applications import ALLOWED_TRANSITIONS
from tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    UserFactory,
    adopted_version,
    area,
    service,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs what a block leaves for the commit (the e-mails), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


S = ApplicationStatus


def run(action: str, application, director):
    if action == "review":
        return services.start_review(application=application, acting_user=director, note="n")
    if action == "approve":
        return services.approve_application(application=application, acting_user=director)
    if action == "decline":
        return services.decline_application(application=application, acting_user=director)
    return services.withdraw_application(application=application)


ACTION_TARGET = {
    "review": S.IN_REVIEW,
    "approve": S.APPROVED,
    "decline": S.DECLINED,
    "withdraw": S.WITHDRAWN,
}
CASES = [
    (status, action, ACTION_TARGET[action] in ALLOWED_TRANSITIONS[status])
    for status in S.values
    for action in ACTION_TARGET
]


def test_the_transition_table_allows_exactly_the_intended_moves():
    assert {s: set(t) for s, t in ALLOWED_TRANSITIONS.items() if t} == {
        "": {S.SUBMITTED},
        S.SUBMITTED: {S.IN_REVIEW, S.APPROVED, S.DECLINED, S.WITHDRAWN},
        S.IN_REVIEW: {S.APPROVED, S.DECLINED, S.WITHDRAWN},
    }


@pytest.mark.parametrize("status, action, allowed", CASES)
def test_every_transition_is_allowed_or_refused_by_the_table(
    status, action, allowed, director, commit
):
    organization = OrganizationFactory() if status == S.APPROVED else None
    application = ApplicationFactory(status=status, organization=organization)
    organizations_before = Organization.objects.count()
    if allowed:
        with commit():
            run(action, application, director)
        application.refresh_from_db()
        assert application.status == ACTION_TARGET[action]
        transition = application.transitions.get()
        assert (transition.from_status, transition.to_status) == (status, ACTION_TARGET[action])
        assert transition.at is not None
        if action == "withdraw":
            assert transition.by_applicant and transition.by_user is None
        else:
            assert transition.by_user == director and not transition.by_applicant
    else:
        with pytest.raises(ValidationError), commit():
            run(action, application, director)
        application.refresh_from_db()
        assert application.status == status
        assert ApplicationTransition.objects.count() == 0
        assert Organization.objects.count() == organizations_before
        assert Invitation.objects.count() == 0
        assert mail.outbox == []


@pytest.mark.parametrize("action", ["review", "approve", "decline"])
def test_only_staff_review(action, user):
    application = ApplicationFactory()
    with pytest.raises(PermissionDenied):
        run(action, application, user)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_a_transition_records_who_when_and_the_note(director):
    application = ApplicationFactory()
    services.start_review(application=application, acting_user=director, note="  Call them.  ")
    transition = application.transitions.get()
    assert transition.by_user == director
    assert transition.note == "Call them."
    assert abs(transition.at - timezone.now()) < datetime.timedelta(minutes=1)
    assert transition.actor == director.get_full_name()


# --- Declining -------------------------------------------------------------------------------


def test_declining_emails_the_applicant_with_the_reason(director, commit):
    application = ApplicationFactory(status=S.IN_REVIEW, contact_email="robin@example.org")
    with commit():
        services.decline_application(
            application=application, acting_user=director, reason="Outside Missouri."
        )
    [message] = mail.outbox
    assert message.to == ["robin@example.org"]
    assert application.reference in message.subject
    assert "Outside Missouri." in message.body
    assert application.transitions.get().note == "Outside Missouri."


def test_declining_without_a_reason_sends_no_reason_section(director, commit):
    application = ApplicationFactory()
    with commit():
        services.decline_application(application=application, acting_user=director)
    [message] = mail.outbox
    assert "The reason given" not in message.body


# --- Approving -------------------------------------------------------------------------------


@pytest.fixture
def full_application():
    version = adopted_version()
    application = ApplicationFactory(
        organization_name="Northland Survivor Network",
        website="https://northland.example.org",
        description="Case management in the Northland.",
        public_email="hello@northland.example.org",
        public_phone="+18165550134",
        statewide=False,
        serves_labor_trafficking=True,
        contact_name="Robin Reyes",
        contact_title="Program Director",
        contact_email="robin@northland.example.org",
        executive_name="Alex Morgan",
        executive_email="alex@northland.example.org",
        values_version=version,
        submitted_from_ip="198.51.100.7",
        services=[service("case-management"), service("emergency-shelter")],
    )
    application.counties.set([area("Clay County")])
    return application


def test_approval_creates_the_active_partner_from_the_profile_with_confidential_defaults(
    director, full_application
):
    application = services.approve_application(
        application=full_application, acting_user=director, note="Welcome."
    )
    organization = application.organization
    assert application.status == S.APPROVED
    assert organization.name == "Northland Survivor Network"
    assert organization.slug == "northland-survivor-network"
    assert organization.status == OrganizationStatus.ACTIVE
    assert organization.joined_on == timezone.localdate()
    assert organization.website == "https://northland.example.org"
    assert organization.public_email == "hello@northland.example.org"
    assert organization.serves_labor_trafficking and organization.serves_sex_trafficking
    assert set(organization.services.values_list("slug", flat=True)) == {
        "case-management",
        "emergency-shelter",
    }
    assert list(organization.counties.values_list("name", flat=True)) == ["Clay County"]
    assert organization.street_address_visibility == Visibility.STAFF
    assert organization.mailing_address_visibility == Visibility.PARTNERS
    assert application.transitions.get().note == "Welcome."


def test_approval_invites_the_contact_and_the_executive_leader(director, full_application, commit):
    with commit():
        services.approve_application(application=full_application, acting_user=director)
    invitations = {i.email: i.role for i in Invitation.objects.all()}
    assert invitations == {
        "robin@northland.example.org": Role.PRIMARY_CONTACT,
        "alex@northland.example.org": Role.EXECUTIVE_LEADER,
    }
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [
        "alex@northland.example.org",
        "robin@northland.example.org",
        "robin@northland.example.org",
    ]
    assert any("approved" in m.subject for m in mail.outbox)


def test_one_person_as_contact_and_leader_gets_one_invitation(director):
    application = ApplicationFactory(
        contact_email="same@example.org", executive_email="SAME@example.org"
    )
    services.approve_application(application=application, acting_user=director)
    assert list(Invitation.objects.values_list("email", "role")) == [
        ("same@example.org", Role.PRIMARY_CONTACT)
    ]


def test_approval_records_the_agreement_to_the_values_version_shown(director, full_application):
    services.approve_application(application=full_application, acting_user=director)
    full_application.refresh_from_db()
    agreement = Agreement.objects.get()
    assert agreement.organization == full_application.organization
    assert agreement.version == full_application.values_version
    assert agreement.text_hash == full_application.values_version.text_hash()
    assert agreement.signer_name == "Robin Reyes"
    assert agreement.signer_title == "Program Director"
    assert agreement.ip_address == "198.51.100.7"
    assert agreement.signed_at == full_application.submitted_at


def test_approval_without_a_values_version_records_no_agreement(director):
    application = ApplicationFactory(values_version=None)
    services.approve_application(application=application, acting_user=director)
    assert Agreement.objects.count() == 0
    assert Organization.objects.filter(name=application.organization_name).exists()


def test_approval_gives_the_organization_its_partner_seat(director, full_application):
    services.approve_application(application=full_application, acting_user=director)
    full_application.refresh_from_db()
    assert Seat.objects.filter(
        kind=SeatKind.PARTNER, organization=full_application.organization
    ).exists()


def test_approving_twice_in_a_row_creates_one_organization(director, full_application):
    services.approve_application(application=full_application, acting_user=director)
    stale = Application.objects.get(pk=full_application.pk)
    stale.status = S.SUBMITTED  # what a second tab still shows
    with pytest.raises(ValidationError):
        services.approve_application(application=stale, acting_user=director)
    assert Organization.objects.filter(name="Northland Survivor Network").count() == 1
    assert Invitation.objects.count() == 2


def test_approval_of_a_name_taken_meanwhile_is_refused_and_nothing_is_half_written(
    director, commit
):
    OrganizationFactory(name="Taken Name")
    application = ApplicationFactory(organization_name="taken name")
    with pytest.raises(ValidationError, match="already exists"), commit():
        services.approve_application(application=application, acting_user=director)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED and application.organization is None
    assert Invitation.objects.count() == 0 and Agreement.objects.count() == 0
    assert mail.outbox == []


def test_the_slug_is_made_unique(director):
    OrganizationFactory(name="Hope House Original", slug="hope-house")
    application = ApplicationFactory(organization_name="Hope House")
    services.approve_application(application=application, acting_user=director)
    assert Organization.objects.get(name="Hope House").slug == "hope-house-2"


def test_a_declined_or_withdrawn_application_is_never_approved(director):
    for status in (S.DECLINED, S.WITHDRAWN):
        application = ApplicationFactory(status=status)
        with pytest.raises(ValidationError, match="cannot be approved"):
            services.approve_application(application=application, acting_user=director)
    assert Organization.objects.count() == 0


def test_status_counts_cover_every_status():
    ApplicationFactory.create_batch(2)
    ApplicationFactory(status=S.DECLINED)
    counts = services.status_counts()
    assert counts == {
        S.SUBMITTED: 2,
        S.IN_REVIEW: 0,
        S.APPROVED: 0,
        S.DECLINED: 1,
        S.WITHDRAWN: 0,
    }


def test_the_status_link_works_only_with_its_token():
    application = ApplicationFactory()
    assert services.find_by_token("") is None
    assert services.find_by_token("x" * 101) is None
    from tests.factories import give_status_token

    token = give_status_token(application)
    assert services.find_by_token(token) == application
    assert services.find_by_token(token[:-1]) is None


def test_other_staff_may_review_but_a_partner_may_not(primary_contact):
    staff = UserFactory(is_staff=True)
    application = ApplicationFactory()
    services.start_review(application=application, acting_user=staff)
    with pytest.raises(PermissionDenied):
        services.decline_application(application=application, acting_user=primary_contact)
