"""Issue today's sealed statement of the publication log's head.

For cron, once a day (see the README): idempotent per official day
(Europe/Madrid), so a second run the same day issues nothing and prints the
statement already issued. It refuses, with status 1 and an error in the log,
while the log fails its verification or no longer holds what an earlier
statement states.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tauler.services import log_anchor


class Command(BaseCommand):
    help = "Issues today's sealed, CSV-verifiable statement of the publication log's head."

    def handle(self, *args, **options):
        try:
            statement, issued = log_anchor()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        what = "issued" if issued else "already issued"
        self.stdout.write(
            f"Statement of {statement.day:%d/%m/%Y} {what}: entry #{statement.sequence}, "
            f"hash {statement.hash}, CSV {statement.document.csv_display}."
        )
