"""E-mails about decisions: once when a proposal opens, once a day before it closes if unvoted."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cate_portal.models import SentReminder
from leadership.decisions.notifications import send_decision_notices, voter_emails
from leadership.seats import services as seat_services
from partners.models import OrganizationStatus
from tests.leadership.factories import DelegationFactory, ProposalFactory, VoteFactory

pytestmark = pytest.mark.django_db


def run(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return send_decision_notices(**kwargs)


def test_opened_notice_goes_once_to_each_active_partner_voter(
    django_capture_on_commit_callbacks,
    open_proposal,
    organization,
    executive_leader,
    primary_contact,
    other_organization,
    other_leader,
):
    outcome = run(django_capture_on_commit_callbacks)
    assert outcome.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [executive_leader.email, other_leader.email]
    )
    assert open_proposal.title in mail.outbox[0].subject
    assert open_proposal.get_absolute_url() in mail.outbox[0].body
    # Run again (cron): nothing new.
    again = run(django_capture_on_commit_callbacks)
    assert (again.sent, len(mail.outbox)) == (0, 2)


def test_voters_are_the_executive_leaders_and_the_current_delegate(
    organization, executive_leader, staff_member, primary_contact
):
    DelegationFactory(organization=organization, user=staff_member, named_by=executive_leader)
    assert voter_emails(organization) == sorted([executive_leader.email, staff_member.email])


def test_a_deactivated_account_gets_no_decision_notice(
    organization, executive_leader, staff_member
):
    DelegationFactory(organization=organization, user=staff_member, named_by=executive_leader)
    staff_member.is_active = False
    staff_member.save(update_fields=["is_active"])
    assert voter_emails(organization) == [executive_leader.email]


def test_closing_notice_only_to_partners_that_have_not_voted(
    django_capture_on_commit_callbacks,
    organization,
    executive_leader,
    other_organization,
    other_leader,
):
    now = timezone.now()
    proposal = ProposalFactory(
        opens_at=now - datetime.timedelta(days=6), closes_at=now + datetime.timedelta(hours=20)
    )
    VoteFactory(proposal=proposal, organization=organization)
    run(django_capture_on_commit_callbacks)
    closing = SentReminder.objects.filter(kind="decisions", key__endswith="/closing")
    assert list(closing.values_list("key", flat=True)) == [
        f"proposal:{proposal.pk}/organization:{other_organization.pk}/closing"
    ]
    closing_mail = [m for m in mail.outbox if "Closing soon" in m.subject]
    assert [m.to for m in closing_mail] == [[other_leader.email]]
    run(django_capture_on_commit_callbacks)
    assert closing.count() == 1


def test_no_closing_notice_more_than_a_day_ahead(
    django_capture_on_commit_callbacks, open_proposal, organization, executive_leader
):
    run(django_capture_on_commit_callbacks)
    assert not SentReminder.objects.filter(key__endswith="/closing").exists()


def test_no_notice_for_upcoming_closed_or_to_inactive_partners(
    django_capture_on_commit_callbacks,
    upcoming_proposal,
    closed_proposal,
    organization,
    executive_leader,
):
    organization.status = OrganizationStatus.INACTIVE
    organization.save()
    ProposalFactory()
    assert run(django_capture_on_commit_callbacks).sent == 0
    assert mail.outbox == []


def test_dry_run_sends_and_records_nothing(
    django_capture_on_commit_callbacks, open_proposal, organization, executive_leader
):
    outcome = run(django_capture_on_commit_callbacks, dry_run=True)
    assert outcome.sent == 1
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_command_prints_a_summary_and_settles_closed_proposals(
    open_proposal, closed_proposal, organization, executive_leader
):
    out = StringIO()
    call_command("send_decision_notices", stdout=out)
    assert "sent 1, skipped 0, settled 1 closed proposal" in out.getvalue()
    closed_proposal.refresh_from_db()
    assert closed_proposal.is_settled
    out = StringIO()
    call_command("send_decision_notices", "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert "would send 0, skipped 1" in out.getvalue()


def test_partner_without_a_voter_is_skipped_with_a_note(
    django_capture_on_commit_callbacks, open_proposal, organization, primary_contact
):
    outcome = run(django_capture_on_commit_callbacks)
    assert outcome.sent == 0
    assert any("no executive leader or delegate" in note for note in outcome.notes)
    seat_services.ensure_partner_seat(organization=organization)  # unrelated: no crash, no mail
    assert mail.outbox == []
