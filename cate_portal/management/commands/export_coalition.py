"""Writes all of the coalition's data to one versioned JSON file (cate_portal/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from cate_portal import backup


class Command(BaseCommand):
    help = (
        "Writes every record of every model (history included) and the files they refer to "
        "into one JSON file, for import_coalition. The file is as confidential as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write (it is replaced if it exists).")

    def handle(self, *args, path: str, **options):
        try:
            counts = backup.export_to(path)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error}") from error
        self.stdout.write(
            f"Exported {sum(counts.values())} rows of {len(counts)} models to {path} "
            f"(format version {backup.FORMAT_VERSION})."
        )
        if options["verbosity"] > 1:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label}: {count}")
