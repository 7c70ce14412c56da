"""Send the day's alert digests of the calls. For cron: run it as often as you
like (every hour, say); each address gets at most one mail a day, no item is
ever sent twice to a subscription, and two runs at once never send the same
digest (see convocatories/digests.py). Each digest is written to the mail
outbox, which delivers it (and retries while the mail server is away); an
address whose digest could not be written keeps its items for the next run,
and the command exits with an error.

Cron mails or logs what it prints, so addresses are masked ("m***@example.cat").
"""

from django.core.management.base import BaseCommand, CommandError

from convocatories.digests import alerts_send, email_masked


class Command(BaseCommand):
    help = "Sends each subscribed address its daily digest of new calls and new phases."

    def handle(self, *args, **options):
        report = alerts_send()
        for sent in report.sent:
            self.stdout.write(
                f"Sent to {email_masked(sent.email)}: {sent.items} item(s) "
                f"from {sent.subscriptions} subscription(s)"
            )
            for line in sent.lines:
                self.stdout.write(f"  - {line}")
        for email in report.skipped:
            self.stdout.write(f"Skipped {email_masked(email)}: another run is sending its digest")
        if report.purged:
            self.stdout.write(f"Forgot {report.purged} request(s) never confirmed in time.")
        if not report.sent and not report.failed:
            self.stdout.write("Nothing to send.")
        if report.failed:
            raise CommandError(
                f"Could not write the digest of {len(report.failed)} address(es); "
                "their items stay due for the next run."
            )
        self.stdout.write(
            self.style.SUCCESS(f"{len(report.sent)} digest(s) written to the outbox.")
        )
