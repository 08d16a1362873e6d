"""The reminders sent before the engine still count: partners' reminder log and the decision
notices are copied into SentReminder (partners 0020, leadership 0020), and back on reverse."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cate_portal.models import SentReminder
from partners.models import Role
from tests.factories import MembershipFactory, OrganizationFactory, adopted_version
from tests.leadership.factories import ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True)

SENT_REMINDER = ("cate_portal", "0005_sentreminder")
COPIES = (
    ("partners", "0010_copy_reminder_logs_to_sent_reminders"),
    ("leadership", "0006_copy_decision_notices_to_sent_reminders"),
)


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


def before_the_copies() -> list[tuple[str, str]]:
    """Targets that leave the two copies (and all after them) unapplied, SentReminder applied."""
    graph = MigrationExecutor(connection).loader.graph
    parents = [
        parent.key
        for copy in COPIES
        for parent in graph.node_map[copy].parents
        if parent.key[0] == copy[0]
    ]
    return [*parents, SENT_REMINDER]


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_reminders_sent_before_the_engine_still_count_and_go_back_on_reverse():
    now = timezone.now()
    organization = OrganizationFactory(name="Logged Partner", profile_confirmed_on=None)
    MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER)
    adopted_version(adopted_on=timezone.localdate() - datetime.timedelta(days=5))
    proposal = ProposalFactory(title="Adopt the plan", closes_at=now + datetime.timedelta(days=30))
    # The log as the old code wrote it: two profile reviews, one signing reminder, one notice.
    old_log = [
        ("profile_review", now - datetime.timedelta(days=40)),
        ("profile_review", now - datetime.timedelta(days=10)),
        ("agreement", now - datetime.timedelta(days=3)),
    ]
    notice_sent_at = now - datetime.timedelta(days=1)

    targets = before_the_copies()
    try:
        old = migrate(targets).loader.project_state(targets).apps
        ReminderLog = old.get_model("partners", "ReminderLog")
        DecisionNotice = old.get_model("leadership", "DecisionNotice")
        for kind, sent_at in old_log:
            log = ReminderLog.objects.create(
                organization_id=organization.pk, kind=kind, recipients="contact@example.org"
            )
            ReminderLog.objects.filter(pk=log.pk).update(sent_at=sent_at)
        notice = DecisionNotice.objects.create(
            proposal_id=proposal.pk,
            organization_id=organization.pk,
            kind="opened",
            recipients="leader@example.org",
        )
        DecisionNotice.objects.filter(pk=notice.pk).update(sent_at=notice_sent_at)

        migrate(latest())

        organization_key = f"organization:{organization.pk}"
        assert sorted(
            SentReminder.objects.values_list("kind", "key", "number", "about", "sent_at")
        ) == [
            ("agreement", organization_key, 1, "Logged Partner", old_log[2][1]),
            (
                "decisions",
                f"proposal:{proposal.pk}/organization:{organization.pk}/opened",
                1,
                "opened “Adopt the plan” to Logged Partner",
                notice_sent_at,
            ),
            ("profile-review", organization_key, 1, "Logged Partner", old_log[0][1]),
            ("profile-review", organization_key, 2, "Logged Partner", old_log[1][1]),
        ]

        # All three are within their intervals (or once-only): the engine sends none again.
        mail.outbox.clear()
        out = io.StringIO()
        call_command("send_reminders", stdout=out)
        assert "sent 0, skipped 3" in out.getvalue()
        assert mail.outbox == []

        # Reversed, the rows go back where they came from, with their times.
        old = migrate(targets).loader.project_state(targets).apps
        ReminderLog = old.get_model("partners", "ReminderLog")
        DecisionNotice = old.get_model("leadership", "DecisionNotice")
        assert sorted(ReminderLog.objects.values_list("organization_id", "kind", "sent_at")) == (
            sorted((organization.pk, kind, sent_at) for kind, sent_at in old_log)
        )
        assert list(
            DecisionNotice.objects.values_list("proposal_id", "organization_id", "kind", "sent_at")
        ) == [(proposal.pk, organization.pk, "opened", notice_sent_at)]
        assert not SentReminder.objects.exists()
    finally:
        migrate(latest())
