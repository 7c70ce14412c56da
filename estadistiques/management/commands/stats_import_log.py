"""manage.py stats_import_log FILE...: add the page views of web-server logs to the statistics.

See estadistiques/importer.py for the rules; in short: combined format, plain
or gzip; importing a log again adds only the lines it did not have before;
give one run all the files that hold lines of the same day.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from estadistiques.importer import Importer, ProgressBar


class Command(BaseCommand):
    help = (
        "Import nginx/Apache combined-format access logs (plain or .gz) into the usage "
        "statistics, with the same rules as live recording. Lines already imported are "
        "skipped, so a log can be imported again after it grows."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Access log files.")
        parser.add_argument(
            "--host",
            action="append",
            default=[],
            help="A host name of the seu, so referrers from it are not counted as external "
            "(ALLOWED_HOSTS and SEU_SITE_URL are always included). Repeatable.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        bar = None if options["no_progress"] else ProgressBar(self.stderr._out)
        importer = Importer(own_hosts=options["host"], progress=bar)
        started = time.monotonic()
        failed = []
        totals = {"lines": 0, "pageviews": 0}
        try:
            for name in options["files"]:
                result = importer.import_file(name)
                if bar:
                    bar.end_file()
                totals["lines"] += result.lines
                totals["pageviews"] += result.pageviews
                if result.error:
                    failed.append(name)
                    self.stderr.write(f"{name}: {result.error}")
                    continue
                summary = (
                    f"{name}: {result.lines:,} lines read, {result.pageviews:,} page views added, "
                    f"{result.skipped:,} lines that are not page views, "
                    f"{result.malformed:,} malformed"
                )
                if result.already:
                    summary += f"; {result.already:,} lines already imported before"
                if result.pending_tail:
                    summary += "; an unfinished last line is left for the next import"
                self.stdout.write(summary)
        finally:
            # The salts of past days made for this run are never stored: drop them.
            importer.forget_salts()
        seconds = time.monotonic() - started
        rate = totals["lines"] / seconds if seconds else 0
        self.stdout.write(
            f"Total: {totals['lines']:,} lines, {totals['pageviews']:,} page views "
            f"in {seconds:.1f} s ({rate:,.0f} lines/s)."
        )
        if failed:
            raise CommandError(f"{len(failed)} file(s) not imported: {', '.join(failed)}")
