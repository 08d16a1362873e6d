"""One engine for every reminder the portal e-mails: profile reviews, values to sign, decisions,
and whatever an app adds next.

A kind says what it means and who is due; the engine decides what to send and keeps each
reminder from going twice. The ground knows no app: an app declares a `ReminderKind` and
registers it from its AppConfig.ready(), and `send_reminders` runs every registered kind.

    REMIND_TO_SIGN_EVERY = datetime.timedelta(days=7)

    def signing_reminders(now):          # who is due at `now`, as Reminder objects
        for status in organizations_that_must_sign(today=timezone.localdate(now)):
            yield Reminder(key=subject_key(status.organization), about=..., recipients=...,
                           subject=..., template="emails/agreement_reminder.txt", context=...)

    AGREEMENT_SIGNING = ReminderKind(
        name="agreement", every=REMIND_TO_SIGN_EVERY, due=signing_reminders,
        no_recipients="no current primary contact",
    )
    reminders.register(AGREEMENT_SIGNING)   # in the app's AppConfig.ready()

A kind may find the same subject due every day: the engine sends about one key at most once per
`every` (never again for an `ONCE` kind), and sends nothing to a reminder without recipients.

Exactly once, held by the database
----------------------------------
Before sending, the engine claims the reminder: in a savepoint it inserts a `SentReminder`
(kind, key, number), the number being one more than the latest reminder of that kind about that
key (1 for the first), and it asks for the e-mail with `transaction.on_commit`, so a claim that
rolls back sends nothing. It claims only when that latest reminder was sent at least `every`
before the run's `now`.

The read only picks the number to claim; the unique key on (kind, key, number) decides who
claims it. Two runs that overlap (two cron hosts, a rerun while the first is still going) read
the same latest number n, and both insert n + 1: the database lets one in, the other's insert
fails (on PostgreSQL it waits until the first commits, then fails) and that run counts the
reminder as skipped. A run that reads after the other committed sees n + 1, sent within the
interval, and skips. So each number is sent at most once, and number n + 1 only by a run that
saw number n sent at least `every` before its own `now`, which becomes n + 1's sent_at: two
reminders of one kind about one key are always at least `every` apart, whatever runs overlap.
An `ONCE` kind never claims number 2. A dry run reads and claims nothing.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import Truncator

from cate_portal.models import SentReminder
from cate_portal.notifications import Outcome, send_email_on_commit

#: The `every` of a kind that sends each reminder once and never again (decision notices).
ONCE: Final = None


@dataclass(frozen=True)
class Reminder:
    """One reminder a kind finds due: about whom, to whom, and the e-mail to send."""

    #: What it is about, unique within the kind: "organization:12",
    #: "proposal:3/organization:12/opened", "event:5/user:9" (see `subject_key`).
    key: str
    #: Who or what it is about, for people: the run's notes and the admin (200 characters kept).
    about: str
    recipients: Sequence[str]
    subject: str
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReminderKind:
    """A kind of reminder: what it is called, how often it may come, and who is due."""

    #: The `--kind` value of send_reminders, and SentReminder.kind: never rename a kind that
    #: has sent reminders, or they count as never sent.
    name: str
    #: At most one reminder about a key per this long; ONCE for never again.
    every: datetime.timedelta | None
    #: Called with the run's `now`; yields the reminders due then, whether sent recently or not.
    due: Callable[[datetime.datetime], Iterable[Reminder]]
    #: Why a reminder without recipients is skipped, for the run's notes.
    no_recipients: str = "nobody to send it to"
    #: One message per recipient (True), or one message to all of them.
    one_message_each: bool = True
    #: Run before `due`, except on a dry run: brings the kind's records up to date (decisions
    #: settle the proposals that have closed). Returns how many it settled.
    prepare: Callable[[], int] | None = None


REMINDER_KINDS: dict[str, ReminderKind] = {}


def register(kind: ReminderKind) -> None:
    """Adds a kind under its name. Names are unique: registering a taken name with another kind
    raises ValueError."""
    if REMINDER_KINDS.get(kind.name, kind) is not kind:
        raise ValueError(f"A reminder kind named {kind.name!r} is already registered.")
    REMINDER_KINDS[kind.name] = kind


def subject_key(*parts: models.Model | str) -> str:
    """A reminder's key from what it is about: model instances become "model:pk", strings stay.

    `subject_key(organization)` is "organization:12"; `subject_key(proposal, organization,
    "opened")` is "proposal:3/organization:12/opened".
    """
    return "/".join(
        part if isinstance(part, str) else f"{part._meta.model_name}:{part.pk}" for part in parts
    )


def run(
    *, now: datetime.datetime | None = None, dry_run: bool, kinds: list[str] | None = None
) -> dict[str, Outcome]:
    """Runs the named kinds (all when None), in registration order; returns each one's outcome."""
    now = now or timezone.now()
    return {
        name: send_due(REMINDER_KINDS[name], now=now, dry_run=dry_run)
        for name in kinds or REMINDER_KINDS
    }


def send_due(
    kind: ReminderKind, *, now: datetime.datetime | None = None, dry_run: bool = False
) -> Outcome:
    """Sends the kind's due reminders (with dry_run, only says what it would send)."""
    now = now or timezone.now()
    outcome = Outcome()
    if kind.prepare is not None and not dry_run:
        outcome.settled = kind.prepare()
    for reminder in kind.due(now):
        _send_one(kind, reminder, now=now, dry_run=dry_run, outcome=outcome)
    return outcome


def latest_sent(kind: ReminderKind, key: str) -> SentReminder | None:
    """The last reminder of the kind about the key, None if there was none."""
    return SentReminder.objects.filter(kind=kind.name, key=key).order_by("-number").first()


def _send_one(
    kind: ReminderKind,
    reminder: Reminder,
    *,
    now: datetime.datetime,
    dry_run: bool,
    outcome: Outcome,
) -> None:
    recipients = list(reminder.recipients)
    last = latest_sent(kind, reminder.key)
    if last is not None and (kind.every is ONCE or last.sent_at > now - kind.every):
        outcome.skipped += 1
        outcome.notes.append(f"skipped {reminder.about}: {_already(kind)}")
        return
    if not recipients:
        outcome.skipped += 1
        outcome.notes.append(f"skipped {reminder.about}: {kind.no_recipients}")
        return
    number = last.number + 1 if last is not None else 1
    if not dry_run and not _claim_and_send(kind, reminder, recipients, number=number, now=now):
        outcome.skipped += 1
        outcome.notes.append(f"skipped {reminder.about}: another run sent it at the same time")
        return
    outcome.sent += 1
    outcome.notes.append(f"{reminder.about}: {', '.join(recipients)}")


def _claim_and_send(
    kind: ReminderKind,
    reminder: Reminder,
    recipients: list[str],
    *,
    number: int,
    now: datetime.datetime,
) -> bool:
    """Claims number `number` and sends once the claim commits; False if another run has it."""
    claim = SentReminder(
        kind=kind.name,
        key=reminder.key,
        number=number,
        about=Truncator(reminder.about).chars(200),
        recipients="\n".join(recipients),
        sent_at=now,
    )
    # The unique key is checked by the database on insert, not read here first: a read would
    # be the race this engine exists to avoid.
    claim.full_clean(validate_unique=False, validate_constraints=False)
    messages = [[address] for address in recipients] if kind.one_message_each else [recipients]
    try:
        with transaction.atomic():
            claim.save(force_insert=True)
            for to in messages:
                send_email_on_commit(
                    subject=reminder.subject,
                    template=reminder.template,
                    context=reminder.context,
                    to=to,
                )
    except IntegrityError:
        claimed = SentReminder.objects.filter(kind=kind.name, key=reminder.key, number=number)
        if not claimed.exists():
            raise  # not the unique key: a real error
        return False
    return True


def _already(kind: ReminderKind) -> str:
    if kind.every is ONCE:
        return "already sent"
    return f"reminded in the last {_say(kind.every)}"


def _say(interval: datetime.timedelta) -> str:
    """7 days, 1 day, 12 hours; an interval in neither whole days nor hours as 1:30:00."""
    for unit, name in ((datetime.timedelta(days=1), "day"), (datetime.timedelta(hours=1), "hour")):
        if not interval % unit:
            count = interval // unit
            return f"{count} {name}{'s' if count != 1 else ''}"
    return str(interval)
