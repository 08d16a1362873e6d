"""Restores an export_coalition file into an empty, migrated database (cate_portal/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from cate_portal import backup


class Command(BaseCommand):
    help = (
        "Restores a file written by export_coalition into an empty database (run migrate "
        "first), in one transaction: all of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by export_coalition.")

    def handle(self, *args, path: str, **options):
        try:
            counts = backup.import_from(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {sum(counts.values())} rows of {len(counts)} models from {path}."
        )
        if options["verbosity"] > 1:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label}: {count}")
