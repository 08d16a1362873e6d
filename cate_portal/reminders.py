"""The reminder kinds of every app, in one registry that `send_reminders` runs.

The ground knows no app: each app registers its kinds from its AppConfig.ready(), so a new kind
(events, renewals, ...) is one `register` call in the app that owns it.
"""

import datetime
from collections.abc import Callable

from cate_portal.notifications import Outcome

#: A reminder kind: called with today's date and dry_run; returns what it sent and skipped.
ReminderJob = Callable[..., Outcome]

REMINDER_KINDS: dict[str, ReminderJob] = {}


def register(name: str, job: ReminderJob) -> None:
    """Adds a kind under `name` (the `--kind` value of send_reminders). Names are unique:
    registering a taken name with another job raises ValueError."""
    if REMINDER_KINDS.get(name, job) is not job:
        raise ValueError(f"A reminder kind named {name!r} is already registered.")
    REMINDER_KINDS[name] = job


def run(
    *, today: datetime.date, dry_run: bool, kinds: list[str] | None = None
) -> dict[str, Outcome]:
    """Runs the named kinds (all when None), in registration order; returns each one's outcome."""
    return {
        name: REMINDER_KINDS[name](today=today, dry_run=dry_run) for name in kinds or REMINDER_KINDS
    }
