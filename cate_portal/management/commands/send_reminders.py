"""Sends the reminders that are due, of every kind the apps registered. Safe to run daily (e.g.
from cron), also from two hosts at once: each reminder is claimed in the database before it is
sent, so it goes once per its kind's interval (see cate_portal.reminders)."""

from django.core.management.base import BaseCommand

from cate_portal import reminders


class Command(BaseCommand):
    help = (
        "E-mails the reminders that are due (profile reviews, signatures, decisions); idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be sent; send and record nothing.",
        )
        parser.add_argument(
            "--kind",
            action="append",
            choices=sorted(reminders.REMINDER_KINDS),
            help="Only this kind of reminder (repeatable). Default: all kinds.",
        )

    def handle(self, *args, dry_run: bool, kind: list[str] | None, verbosity: int, **options):
        verb = "would send" if dry_run else "sent"
        sent = skipped = 0
        outcomes = reminders.run(dry_run=dry_run, kinds=kind)
        for name, outcome in outcomes.items():
            sent += outcome.sent
            skipped += outcome.skipped
            if verbosity >= 2:
                for note in outcome.notes:
                    self.stdout.write(f"  {name}: {note}")
            self.stdout.write(f"{name}: {verb} {outcome.sent}, skipped {outcome.skipped}")
        prefix = "Dry run, nothing sent or recorded: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{verb} {sent}, skipped {skipped}"))
