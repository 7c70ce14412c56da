"""Recompute the hash chain of the publication log, entry by entry.

Exit status 0 when every entry holds; otherwise the first broken entry goes to
stderr and the status is 1, so a monitoring job can alert on it.
"""

from django.core.management.base import BaseCommand, CommandError

from tauler.models import PublicationLogEntry
from tauler.services import log_verify


class Command(BaseCommand):
    help = "Verifies that no entry of the publication log was changed, removed or reordered."

    def handle(self, *args, **options):
        problem = log_verify()
        if problem is not None:
            raise CommandError(f"Entry #{problem.sequence} is broken: {problem.reason}")
        count = PublicationLogEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Publication log intact: {count} entries."))
