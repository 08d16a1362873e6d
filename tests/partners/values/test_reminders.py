"""Signing reminders: who gets them, never twice within 7 days, dry run, summary."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from cate_portal.models import SentReminder
from cate_portal.reminders import send_due
from partners.models import OrganizationStatus, Role
from partners.values.reminders import AGREEMENT_SIGNING
from partners.values.services import adopt_version
from tests.factories import (
    AgreementFactory,
    MembershipFactory,
    OrganizationFactory,
    ValuesVersionFactory,
    adopted_version,
)

pytestmark = pytest.mark.django_db

SENTINEL_ADDRESS = "12 Reminder Sentinel Lane"


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def run(*, at: datetime.datetime | None = None, dry_run: bool = False):
        at = at or timezone.now()
        with (
            django_capture_on_commit_callbacks(execute=True),
            mock.patch("django.utils.timezone.now", return_value=at),
        ):
            return send_due(AGREEMENT_SIGNING, now=at, dry_run=dry_run)

    return run


@pytest.fixture
def version():
    return adopted_version(adopted_on=timezone.localdate() - datetime.timedelta(days=5))


@pytest.fixture
def unsigned(version):
    organization = OrganizationFactory(name="Unsigned Partner", street_address=SENTINEL_ADDRESS)
    contact = MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT).user
    MembershipFactory(organization=organization, role=Role.STAFF)
    MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER)
    return organization, contact


def test_reminds_primary_contacts_of_organizations_that_must_sign_only(remind, version, unsigned):
    _organization, contact = unsigned
    signed = OrganizationFactory(name="Signed Partner")
    MembershipFactory(organization=signed, role=Role.PRIMARY_CONTACT)
    AgreementFactory(organization=signed, version=version)
    inactive = OrganizationFactory(name="Inactive Partner", status=OrganizationStatus.INACTIVE)
    MembershipFactory(organization=inactive, role=Role.PRIMARY_CONTACT)

    outcome = remind()

    assert [m.to for m in mail.outbox] == [[contact.email]]
    body = mail.outbox[0].body
    assert "Unsigned Partner" in body
    assert "/portal/agreement/" in body
    assert SENTINEL_ADDRESS not in body
    assert outcome.sent == 1 and outcome.skipped == 0
    assert SentReminder.objects.get().kind == "agreement"


def test_each_primary_contact_gets_their_own_message(remind, unsigned):
    organization, contact = unsigned
    second = MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT).user
    remind()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([contact.email, second.email])
    assert all(len(m.to) == 1 for m in mail.outbox)


def test_never_twice_within_seven_days_then_again(remind, unsigned):
    start = timezone.now()
    assert remind(at=start).sent == 1
    assert len(mail.outbox) == 1

    again = remind(at=start + datetime.timedelta(days=6, hours=23))
    assert again.sent == 0 and again.skipped == 1
    assert "reminded in the last 7 days" in again.notes[0]
    assert len(mail.outbox) == 1

    later = remind(at=start + datetime.timedelta(days=7, minutes=1))
    assert later.sent == 1
    assert len(mail.outbox) == 2
    assert SentReminder.objects.filter(kind="agreement").count() == 2


def test_profile_review_reminders_do_not_count_as_agreement_reminders(remind, unsigned):
    organization, _ = unsigned
    SentReminder.objects.create(
        kind="profile-review",
        key=f"organization:{organization.pk}",
        number=1,
        about=organization.name,
        recipients="x",
    )
    assert remind().sent == 1


def test_dry_run_sends_and_records_nothing(remind, unsigned):
    _organization, contact = unsigned
    outcome = remind(dry_run=True)
    assert outcome.sent == 1
    assert contact.email in outcome.notes[0]
    assert mail.outbox == []
    assert not SentReminder.objects.exists()
    assert remind().sent == 1  # the real run still sends


def test_no_reminders_once_signed(remind, version, unsigned):
    organization, _ = unsigned
    AgreementFactory(organization=organization, version=version)
    assert remind().sent == 0
    assert mail.outbox == []


def test_no_reminders_before_any_adoption(remind):
    ValuesVersionFactory()
    organization = OrganizationFactory()
    MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    assert remind().sent == 0


def test_organization_without_primary_contact_is_skipped_and_reported(remind, version):
    organization = OrganizationFactory(name="Headless Partner")
    MembershipFactory(organization=organization, role=Role.STAFF)
    outcome = remind()
    assert outcome.sent == 0 and outcome.skipped == 1
    assert "no current primary contact" in outcome.notes[0]
    assert mail.outbox == []


def test_a_new_version_brings_back_organizations_that_signed_the_old_one(remind, version, unsigned):
    organization, _contact = unsigned
    AgreementFactory(organization=organization, version=version)
    assert remind().sent == 0
    adopt_version(version=ValuesVersionFactory())
    outcome = remind()
    assert outcome.sent == 1
    assert "signed an earlier version" in mail.outbox[0].body


def test_overdue_reminder_says_how_late(remind, settings):
    settings.AGREEMENT_GRACE_DAYS = 10
    today = timezone.localdate()
    adopted_version(adopted_on=today - datetime.timedelta(days=30))
    organization = OrganizationFactory(joined_on=today - datetime.timedelta(days=400))
    MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    outcome = remind()
    assert "20 days overdue" in outcome.notes[0]
    assert "20 days ago" in mail.outbox[0].body
