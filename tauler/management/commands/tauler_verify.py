"""Verify the notice board against its publication log.

- the hash chain, entry by entry (the first broken entry is named);
- every published notice against the entries about it: its published fields
  (by their SHA-256 in the PUBLISHED entry; notices published before the
  entries held them only on what their entry states), period, cancellation
  and end;
- every document row against the PUBLISHED entry, and every stored file
  against both;
- every daily statement of the log's head: its entry must still be in the
  log with the hash it states (a cut end or a rewritten chain shows here),
  and its sealed PDF must match its fingerprint.

Every mismatch goes to stderr, one a line; the status is then 1, so a
monitoring job can alert on it. Exit status 0 when everything holds.
"""

import re

from django.core.management.base import BaseCommand, CommandError

from tauler.integrity import board_verify

EXPECTED = re.compile(r"(\d+):([0-9a-f]{64})")


def _expected(value: str) -> tuple[int, str]:
    match = EXPECTED.fullmatch(value.strip().lower())
    if match is None:
        raise CommandError(f"--expect takes SEQUENCE:HASH (64 hexadecimal digits), not {value!r}.")
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = (
        "Verifies the publication log's chain, every published notice, document and stored "
        "file against it, and the daily statements of its head."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect",
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help=(
                "An entry the log must still hold with this hash, as a statement of its head "
                "kept outside the seu states it. Repeatable."
            ),
        )

    def handle(self, *args, **options):
        report = board_verify(expected=[_expected(value) for value in options["expect"]])
        for problem in report.problems:
            self.stderr.write(problem)
        if report.chain is None:
            self.stdout.write(
                self.style.SUCCESS(f"Publication log intact: {report.entries} entries.")
            )
        checked = report.checked
        self.stdout.write(f"Published notices compared with the log: {checked.notices}.")
        if checked.notices_v1:
            self.stdout.write(
                f"{checked.notices_v1} of them were published before the log held a hash of "
                "each field: they were compared only on what their entry holds (number, "
                "title, start, period, cancellation and documents), not on their text, case "
                "reference, category or department."
            )
        self.stdout.write(
            f"Documents compared with the log and with their stored files: {checked.documents}."
        )
        latest = report.latest_statement
        if latest is None:
            self.stdout.write("Statements of the log's head: none issued yet.")
        else:
            self.stdout.write(
                f"Statements of the log's head compared with the log: {report.statements}; "
                f"the latest, of {latest.day:%d/%m/%Y}, states entry #{latest.sequence} "
                f"(CSV {latest.document.csv_display})."
            )
        if problems := report.problems:
            count = len(problems)
            raise CommandError(f"{count} problem{'s' if count > 1 else ''} found, listed above.")
