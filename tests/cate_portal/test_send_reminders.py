import datetime
import io
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cate_portal.models import SentReminder
from partners.models import OrganizationStatus, Role
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

SENTINEL_ADDRESS = "9 Confidential Sentinel Court"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_command(*args, at: datetime.datetime | None = None) -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            if at is None:
                call_command("send_reminders", *args, stdout=out)
            else:
                with mock.patch("django.utils.timezone.now", return_value=at):
                    call_command("send_reminders", *args, stdout=out)
        return out.getvalue()

    return run_command


@pytest.fixture
def stale(db):
    organization = OrganizationFactory(
        name="Stale Partner",
        profile_confirmed_on=timezone.localdate() - datetime.timedelta(days=400),
        street_address=SENTINEL_ADDRESS,
    )
    contact = MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT).user
    MembershipFactory(organization=organization, role=Role.STAFF)
    return organization, contact


def test_reminds_primary_contacts_of_stale_profiles_only(run, stale):
    organization, contact = stale
    never = OrganizationFactory(name="Never Confirmed", profile_confirmed_on=None)
    never_contact = MembershipFactory(organization=never, role=Role.PRIMARY_CONTACT).user
    fresh = OrganizationFactory(name="Fresh")
    MembershipFactory(organization=fresh, role=Role.PRIMARY_CONTACT)
    withdrawn = OrganizationFactory(
        name="Withdrawn", profile_confirmed_on=None, status=OrganizationStatus.WITHDRAWN
    )
    MembershipFactory(organization=withdrawn, role=Role.PRIMARY_CONTACT)

    output = run()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([contact.email, never_contact.email])
    message = next(m for m in mail.outbox if m.to == [contact.email])
    assert "Stale Partner" in message.subject
    assert f"{settings.SITE_URL}{reverse('portal:dashboard')}" in message.body
    assert SENTINEL_ADDRESS not in message.body
    sent = SentReminder.objects.get(key=f"organization:{organization.pk}")
    assert (sent.kind, sent.number, sent.about) == ("profile-review", 1, "Stale Partner")
    assert sent.recipients == contact.email
    assert SentReminder.objects.count() == 2
    assert "sent 2, skipped 0" in output


def test_running_twice_sends_once(run, stale):
    run()
    output = run()
    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 1
    assert "sent 0, skipped 1" in output


def test_reminds_again_after_thirty_days_not_before(run, stale):
    organization, _ = stale
    run()
    assert len(mail.outbox) == 1
    run(at=timezone.now() + datetime.timedelta(days=29))
    assert len(mail.outbox) == 1
    run(at=timezone.now() + datetime.timedelta(days=31))
    assert len(mail.outbox) == 2
    sent = SentReminder.objects.filter(key=f"organization:{organization.pk}")
    assert sorted(sent.values_list("number", flat=True)) == [1, 2]


def test_confirming_the_profile_stops_the_reminders(run, stale):
    organization, _ = stale
    organization.profile_confirmed_on = timezone.localdate()
    organization.save()
    run(at=timezone.now() + datetime.timedelta(days=60))
    assert mail.outbox == []


def test_a_profile_becomes_due_when_a_year_passes(run, db):
    organization = OrganizationFactory(profile_confirmed_on=timezone.localdate())
    MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    run(at=timezone.now() + datetime.timedelta(days=300))
    assert mail.outbox == []
    run(at=timezone.now() + datetime.timedelta(days=370))
    assert len(mail.outbox) == 1


def test_dry_run_sends_and_records_nothing(run, stale):
    output = run("--dry-run")
    assert mail.outbox == []
    assert not SentReminder.objects.exists()
    assert "would send 1" in output
    assert "nothing sent or recorded" in output
    # A real run afterwards still sends.
    run()
    assert len(mail.outbox) == 1


def test_organization_without_primary_contact_is_skipped(run, db):
    organization = OrganizationFactory(profile_confirmed_on=None)
    MembershipFactory(organization=organization, role=Role.STAFF)
    ended = MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    ended.ended_on = timezone.localdate()
    ended.save()
    output = run()
    assert mail.outbox == []
    assert not SentReminder.objects.exists()
    assert "sent 0, skipped 1" in output


def test_each_primary_contact_gets_their_own_message(run, stale):
    organization, contact = stale
    second = MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT).user
    run()
    assert sorted(m.to for m in mail.outbox) == sorted([[contact.email], [second.email]])
    assert SentReminder.objects.get().recipients.splitlines() == sorted(
        [contact.email, second.email]
    )
