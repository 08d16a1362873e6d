"""The reminder engine: when a reminder goes, that it is claimed in the database before it is
sent, and that two overlapping runs send it once (PostgreSQL)."""

import datetime
import io
import threading
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from cate_portal import reminders
from cate_portal.models import SentReminder
from cate_portal.reminders import ONCE, Reminder, ReminderKind, send_due, subject_key
from partners.models import Role
from tests.factories import MembershipFactory, OrganizationFactory, adopted_version
from tests.leadership.factories import ProposalFactory

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def kind_with(
    *,
    every: datetime.timedelta | None = WEEK,
    recipients: tuple[str, ...] = ("contact@example.org",),
    one_message_each: bool = True,
    name: str = "test-kind",
) -> ReminderKind:
    """A kind with one subject always due, "organization:1", whatever the time."""

    def due(now):
        yield Reminder(
            key="organization:1",
            about="Test Partner",
            recipients=recipients,
            subject="Please do the thing",
            template="emails/profile_review_reminder.txt",
            context={"organization_name": "Test Partner", "link": "https://example.org/"},
        )

    return ReminderKind(
        name=name,
        every=every,
        due=due,
        no_recipients="no current primary contact",
        one_message_each=one_message_each,
    )


def send(kind: ReminderKind, *, at: datetime.datetime, capture, dry_run: bool = False):
    with capture(execute=True):
        return send_due(kind, now=at, dry_run=dry_run)


def numbers(kind: ReminderKind) -> list[int]:
    return sorted(SentReminder.objects.filter(kind=kind.name).values_list("number", flat=True))


# --- the rules, as a table --------------------------------------------------------------------

RULES = [
    # (every, earlier runs in days, this run in days, sent, its number, note when skipped)
    pytest.param(WEEK, [], 0, True, 1, None, id="first-reminder-is-number-1"),
    pytest.param(WEEK, [0], 0, False, None, "reminded in the last 7 days", id="same-moment"),
    pytest.param(
        WEEK, [0], 6.999, False, None, "reminded in the last 7 days", id="within-the-interval"
    ),
    pytest.param(WEEK, [0], 7, True, 2, None, id="exactly-one-interval-later"),
    pytest.param(WEEK, [0], 30, True, 2, None, id="long-after-the-interval"),
    pytest.param(WEEK, [0, 7], 14, True, 3, None, id="third-after-two"),
    pytest.param(
        WEEK, [0, 3, 10], 16, False, None, "reminded in the last 7 days", id="counts-from-latest"
    ),
    pytest.param(
        days(30), [0], 29, False, None, "reminded in the last 30 days", id="thirty-day-kind"
    ),
    pytest.param(
        datetime.timedelta(hours=12),
        [0],
        0.25,
        False,
        None,
        "reminded in the last 12 hours",
        id="interval-under-a-day",
    ),
    pytest.param(ONCE, [], 0, True, 1, None, id="once-only-first"),
    pytest.param(ONCE, [0], 365, False, None, "already sent", id="once-only-never-again"),
]


@pytest.mark.parametrize(("every", "earlier", "at", "sent", "number", "note"), RULES)
def test_when_a_reminder_goes(
    django_capture_on_commit_callbacks, every, earlier, at, sent, number, note
):
    kind = kind_with(every=every)
    # The earlier runs are ordinary runs at those times (the second one of [0, 3, 10] skips).
    for day in earlier:
        send(kind, at=START + days(day), capture=django_capture_on_commit_callbacks)
    before = numbers(kind)
    mail.outbox.clear()

    outcome = send(kind, at=START + days(at), capture=django_capture_on_commit_callbacks)

    if sent:
        assert (outcome.sent, outcome.skipped) == (1, 0)
        assert numbers(kind) == [*before, number]
        claim = SentReminder.objects.get(kind=kind.name, number=number)
        assert claim.sent_at == START + days(at)
        assert (claim.key, claim.about) == ("organization:1", "Test Partner")
        assert [m.to for m in mail.outbox] == [["contact@example.org"]]
        assert outcome.notes == ["Test Partner: contact@example.org"]
    else:
        assert (outcome.sent, outcome.skipped) == (0, 1)
        assert numbers(kind) == before
        assert mail.outbox == []
        assert outcome.notes == [f"skipped Test Partner: {note}"]


def test_kinds_and_keys_are_counted_apart(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    send(kind_with(name="one"), at=START, capture=capture)
    assert send(kind_with(name="two"), at=START, capture=capture).sent == 1
    assert SentReminder.objects.filter(number=1).count() == 2


def test_a_reminder_without_recipients_is_skipped_and_not_claimed(
    django_capture_on_commit_callbacks,
):
    kind = kind_with(recipients=())
    outcome = send(kind, at=START, capture=django_capture_on_commit_callbacks)
    assert (outcome.sent, outcome.skipped) == (0, 1)
    assert outcome.notes == ["skipped Test Partner: no current primary contact"]
    assert not SentReminder.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("one_message_each", "messages"),
    [
        (True, [["a@example.org"], ["b@example.org"]]),
        (False, [["a@example.org", "b@example.org"]]),
    ],
)
def test_one_message_each_or_one_to_all(
    django_capture_on_commit_callbacks, one_message_each, messages
):
    kind = kind_with(
        recipients=("a@example.org", "b@example.org"), one_message_each=one_message_each
    )
    send(kind, at=START, capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == messages
    assert all(m.subject == "[CATE] Please do the thing" for m in mail.outbox)
    assert SentReminder.objects.get().recipients == "a@example.org\nb@example.org"


def test_dry_run_claims_nothing_and_sends_nothing(django_capture_on_commit_callbacks):
    kind = kind_with()
    outcome = send(kind, at=START, capture=django_capture_on_commit_callbacks, dry_run=True)
    assert (outcome.sent, outcome.skipped) == (1, 0)
    assert outcome.notes == ["Test Partner: contact@example.org"]
    assert not SentReminder.objects.exists()
    assert mail.outbox == []
    # A real run afterwards sends number 1, and a dry run then says it would skip.
    assert send(kind, at=START, capture=django_capture_on_commit_callbacks).sent == 1
    later = send(kind, at=START + days(1), capture=django_capture_on_commit_callbacks, dry_run=True)
    assert (later.sent, later.skipped) == (0, 1)
    assert numbers(kind) == [1]


def test_a_dry_run_does_not_prepare():
    prepared = []
    kind = ReminderKind(
        name="prepared", every=WEEK, due=lambda now: [], prepare=lambda: prepared.append(1) or 3
    )
    assert send_due(kind, now=START, dry_run=True).settled == 0
    assert prepared == []
    assert send_due(kind, now=START).settled == 3
    assert prepared == [1]


def test_a_claim_that_rolls_back_sends_no_e_mail(django_capture_on_commit_callbacks):
    kind = kind_with()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assert send_due(kind, now=START).sent == 1
        assert numbers(kind) == [1]  # claimed...
        raise RuntimeError("something after the claim failed")
    assert callbacks == []  # ...and the e-mail went with the rollback
    assert mail.outbox == []
    assert not SentReminder.objects.exists()
    # Nothing was sent, so the next run sends number 1.
    assert send(kind, at=START, capture=django_capture_on_commit_callbacks).sent == 1
    assert len(mail.outbox) == 1


def test_a_template_error_claims_nothing(django_capture_on_commit_callbacks):
    def due(now):
        yield Reminder(
            key="organization:1",
            about="Test Partner",
            recipients=["contact@example.org"],
            subject="Broken",
            template="emails/no_such_template.txt",
        )

    kind = ReminderKind(name="broken", every=WEEK, due=due)
    with pytest.raises(Exception, match="no_such_template"):
        send(kind, at=START, capture=django_capture_on_commit_callbacks)
    assert not SentReminder.objects.exists()
    assert mail.outbox == []


def test_a_number_claimed_by_another_run_is_skipped_not_sent_again(
    django_capture_on_commit_callbacks,
):
    """Another run claimed number 1 between this run's read and its insert: the unique key
    refuses this run's insert, and the reminder counts as skipped."""
    kind = kind_with()
    send(kind, at=START, capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with mock.patch.object(reminders, "latest_sent", return_value=None):  # the stale read
        outcome = send(kind, at=START, capture=django_capture_on_commit_callbacks)
    assert (outcome.sent, outcome.skipped) == (0, 1)
    assert outcome.notes == ["skipped Test Partner: another run sent it at the same time"]
    assert numbers(kind) == [1]
    assert mail.outbox == []


def test_an_integrity_error_other_than_the_unique_key_is_raised(
    django_capture_on_commit_callbacks,
):
    kind = kind_with()
    broken = SimpleNamespace(number=-1, sent_at=START - days(30))  # would claim number 0
    with (
        mock.patch.object(reminders, "latest_sent", return_value=broken),
        pytest.raises(IntegrityError),
    ):
        send(kind, at=START, capture=django_capture_on_commit_callbacks)
    assert not SentReminder.objects.exists()
    assert mail.outbox == []


# --- the registry and the keys ----------------------------------------------------------------


def test_kind_names_are_unique():
    kind = kind_with(name="unique-test")
    with mock.patch.dict(reminders.REMINDER_KINDS):
        reminders.register(kind)
        reminders.register(kind)  # the same kind again (ready() twice): fine
        with pytest.raises(ValueError, match="already registered"):
            reminders.register(kind_with(name="unique-test"))
    assert "unique-test" not in reminders.REMINDER_KINDS


def test_the_apps_kinds_keep_the_names_their_sent_reminders_carry():
    # Renaming a kind makes every reminder it sent count as never sent: the copied logs
    # (partners 0020, leadership 0020) carry these names.
    assert list(reminders.REMINDER_KINDS) == ["profile-review", "agreement", "decisions", "events"]
    assert reminders.REMINDER_KINDS["events"].every is ONCE
    assert reminders.REMINDER_KINDS["decisions"].every is ONCE


def test_subject_keys_name_models_and_their_primary_keys():
    organization = OrganizationFactory()
    proposal = ProposalFactory()
    assert subject_key(organization) == f"organization:{organization.pk}"
    assert (
        subject_key(proposal, organization, "opened")
        == f"proposal:{proposal.pk}/organization:{organization.pk}/opened"
    )


def test_the_admin_lists_reminders_sent_and_changes_none(
    director_client, django_capture_on_commit_callbacks
):
    send(kind_with(), at=START, capture=django_capture_on_commit_callbacks)
    response = director_client.get("/admin/cate_portal/sentreminder/")
    assert response.status_code == 200
    assert "Test Partner" in response.content.decode()
    claim = SentReminder.objects.get()
    assert (
        director_client.get(f"/admin/cate_portal/sentreminder/{claim.pk}/change/").status_code
        == 200
    )
    assert director_client.get("/admin/cate_portal/sentreminder/add/").status_code == 403
    delete = director_client.post(
        f"/admin/cate_portal/sentreminder/{claim.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403
    assert SentReminder.objects.filter(pk=claim.pk).exists()


# --- two overlapping runs on PostgreSQL -------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs concurrent writers: SQLite's in-memory test database serializes them.",
)
def test_two_overlapping_runs_send_each_reminder_once():
    """Two `send_reminders` at once (two cron hosts), for one organization due for all three
    kinds. Each run's read of the latest reminder is held at a barrier until the other run has
    read too, so both always decide from the same, stale, read: only the database's unique key
    can keep the second run from sending. A second round a week later does it for number 2."""
    now = timezone.now()
    organization = OrganizationFactory(name="Due Partner", profile_confirmed_on=None)
    contact = MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT).user
    leader = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER).user
    adopted_version(adopted_on=timezone.localdate() - days(5))
    proposal = ProposalFactory(closes_at=now + days(30))
    original_latest_sent = reminders.latest_sent

    def overlapping_runs(at: datetime.datetime) -> list[str]:
        both_read = threading.Barrier(2)
        outputs: list[str] = []
        errors: list[BaseException] = []

        def read_then_wait(kind, key):
            latest = original_latest_sent(kind, key)
            both_read.wait(timeout=10)
            return latest

        def send_reminders():
            try:
                out = io.StringIO()
                call_command("send_reminders", verbosity=2, stdout=out)
                outputs.append(out.getvalue())
            except BaseException as error:  # reported to the main thread
                errors.append(error)
                both_read.abort()
            finally:
                connections.close_all()

        mail.outbox.clear()
        with (
            mock.patch.object(reminders, "latest_sent", read_then_wait),
            mock.patch("django.utils.timezone.now", return_value=at),
        ):
            threads = [threading.Thread(target=send_reminders) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        assert not errors, errors
        assert len(outputs) == 2
        return outputs

    outputs = overlapping_runs(now)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [
            (contact.email, "[CATE] Please review Due Partner's directory profile"),
            (contact.email, "[CATE] Due Partner: please sign the coalition's shared values"),
            (leader.email, f"[CATE] Vote open: {proposal.title}"),
        ]
    )
    sent = SentReminder.objects.order_by("kind")
    assert list(sent.values_list("kind", "key", "number")) == [
        ("agreement", f"organization:{organization.pk}", 1),
        ("decisions", f"proposal:{proposal.pk}/organization:{organization.pk}/opened", 1),
        ("profile-review", f"organization:{organization.pk}", 1),
    ]
    # Both runs found all three due; the database gave each reminder to one of them.
    assert sum(out.count("another run sent it at the same time") for out in outputs) == 3

    outputs = overlapping_runs(now + days(8))  # only the 7-day signing reminder is due again
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (contact.email, "[CATE] Due Partner: please sign the coalition's shared values")
    ]
    assert numbers(reminders.REMINDER_KINDS["agreement"]) == [1, 2]
    assert SentReminder.objects.count() == 4
    assert sum(out.count("another run sent it at the same time") for out in outputs) == 1
