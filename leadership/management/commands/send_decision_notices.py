"""`python manage.py send_decision_notices [--dry-run]`: e-mails about proposals. Cron-safe.

Sends "a proposal is open" once per organization and proposal, and "closing within a day" once
to organizations that have not voted; settles proposals that have closed. Prints a summary. The
same as `send_reminders --kind decisions` (the reminder engine's "decisions" kind), with the
settled proposals counted.
"""

from django.core.management.base import BaseCommand

from leadership.decisions.notifications import send_decision_notices


class Command(BaseCommand):
    help = (
        "E-mails partners when a proposal opens and a day before it closes if they have not voted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be sent; send and record nothing.",
        )

    def handle(self, *args, dry_run: bool, verbosity: int, **options):
        outcome = send_decision_notices(dry_run=dry_run)
        if verbosity >= 2:
            for note in outcome.notes:
                self.stdout.write(f"  {note}")
        verb = "would send" if dry_run else "sent"
        prefix = "Dry run, nothing sent or recorded: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{verb} {outcome.sent}, skipped {outcome.skipped}, "
                f"settled {outcome.settled} closed proposal{'s' if outcome.settled != 1 else ''}"
            )
        )
