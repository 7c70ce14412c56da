"""manage.py files_orphans_delete: the stored files no row refers to (documents.orphans)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from documents import orphans


class Command(BaseCommand):
    help = (
        "Delete stored files (uploads, issued documents, published PDFs) that no row refers "
        "to and that were last modified more than a day ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files, delete nothing."
        )
        parser.add_argument(
            "--older-than",
            type=float,
            default=orphans.OLDER_THAN / timedelta(hours=1),
            metavar="HOURS",
            help="Only files last modified more than this many hours ago (default: 24). "
            "A file being uploaded has no row yet: keep this above the longest upload.",
        )

    def handle(self, *args, dry_run, older_than, **options):
        if older_than < 0:
            raise CommandError("--older-than cannot be negative.")
        age = timedelta(hours=older_than)
        if dry_run:
            paths = orphans.orphans_find(older_than=age)
            for path in paths:
                self.stdout.write(f"would delete {path}")
            self.stdout.write(f"{len(paths)} orphan files (dry run: nothing deleted).")
            return
        paths = orphans.orphans_delete(older_than=age)
        for path in paths:
            self.stdout.write(f"deleted {path}")
        self.stdout.write(f"{len(paths)} orphan files deleted.")
