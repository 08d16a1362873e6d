"""Sends the reminders that keep the partner records true. Safe to run daily (e.g. from cron).

Each reminder kind is one function in REMINDERS: it finds who is due, skips anyone reminded
within the interval (ReminderLog), and sends through a service. Later issues add their kinds
(agreements to renew, decisions to vote on, ...) by appending a function.
"""

import datetime
from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.utils import timezone

from cate_portal.notifications import Outcome
from leadership.decisions.notifications import decision_reminders
from partners.models import ReminderLog
from partners.people import services
from partners.values.reminders import agreement_signing


def profile_review(*, today: datetime.date, dry_run: bool) -> Outcome:
    """Asks the primary contacts of stale profiles to review them, once per 30 days."""
    outcome = Outcome()
    for organization in services.organizations_due_for_profile_review(today):
        if services.recently_reminded(organization, ReminderLog.Kind.PROFILE_REVIEW):
            outcome.skipped += 1
            outcome.notes.append(f"skipped {organization}: reminded in the last 30 days")
            continue
        recipients = services.primary_contact_emails(organization)
        if not recipients:
            outcome.skipped += 1
            outcome.notes.append(f"skipped {organization}: no current primary contact")
            continue
        if not dry_run:
            services.send_profile_review_reminder(organization=organization, recipients=recipients)
        outcome.sent += 1
        outcome.notes.append(f"{organization}: {', '.join(recipients)}")
    return outcome


REMINDERS: dict[str, Callable[..., Outcome]] = {
    "profile-review": profile_review,
    "agreement": agreement_signing,
    "decisions": decision_reminders,
}


class Command(BaseCommand):
    help = "E-mails the reminders that are due (profile reviews, ...); idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be sent; send and record nothing.",
        )
        parser.add_argument(
            "--kind",
            action="append",
            choices=sorted(REMINDERS),
            help="Only this kind of reminder (repeatable). Default: all kinds.",
        )

    def handle(self, *args, dry_run: bool, kind: list[str] | None, verbosity: int, **options):
        today = timezone.localdate()
        verb = "would send" if dry_run else "sent"
        total = Outcome()
        for name in kind or REMINDERS:
            outcome = REMINDERS[name](today=today, dry_run=dry_run)
            total.sent += outcome.sent
            total.skipped += outcome.skipped
            if verbosity >= 2:
                for note in outcome.notes:
                    self.stdout.write(f"  {name}: {note}")
            self.stdout.write(f"{name}: {verb} {outcome.sent}, skipped {outcome.skipped}")
        prefix = "Dry run, nothing sent or recorded: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(f"{prefix}{verb} {total.sent}, skipped {total.skipped}")
        )
