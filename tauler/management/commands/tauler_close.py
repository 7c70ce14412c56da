"""Record the end of every notice whose period is over, and issue the
publication certificates that are missing. For cron (hourly is plenty):
idempotent, and a second run finds nothing to do.

Nothing depends on it running: the board's pages follow the clock, and a
notice's page records its end and issues its certificate the first time it is
seen after the end. It catches the notices nobody looked at.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError

from documents.choices import DocumentKind
from documents.models import IssuedDocument
from tauler.certificates import certificates_missing_issue
from tauler.models import Notice
from tauler.services import notices_close


def _certificates_count() -> int:
    return IssuedDocument.objects.filter(
        kind=DocumentKind.PUBLICATION_CERTIFICATE,
        content_type=ContentType.objects.get_for_model(Notice),
    ).count()


class Command(BaseCommand):
    help = "Records finished notices in the publication log and issues missing certificates."

    def handle(self, *args, **options):
        # Recording an end already issues its certificate once the record is
        # committed; counting before and after reports both paths.
        before = _certificates_count()
        closed = notices_close()
        _issued, failures = certificates_missing_issue()
        issued = _certificates_count() - before
        self.stdout.write(f"Finished notices recorded: {closed}.")
        self.stdout.write(f"Publication certificates issued: {issued}.")
        if failures:
            for failure in failures:
                self.stderr.write(failure)
            raise CommandError(f"Certificates not issued: {len(failures)}.")
