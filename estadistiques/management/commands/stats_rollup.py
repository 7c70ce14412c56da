"""manage.py stats_rollup [--older-than DAYS]: keep old page views only as aggregates.

DAYS defaults to settings.STATS_RETENTION_DAYS, which the public metrics page states.
"""

from django.core.management.base import BaseCommand, CommandError

from estadistiques.retention import retention_days, rollup


class Command(BaseCommand):
    help = (
        "Roll page views older than N days (default: the STATS_RETENTION_DAYS setting) into "
        "per-visit and per-day aggregates and delete them; the reports give the same "
        "figures. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="DAYS",
            help="Days to keep page views as they are (default: STATS_RETENTION_DAYS).",
        )

    def handle(self, *args, **options):
        days = options["older_than"]
        if days is None:
            days = retention_days()
        if days < 0:
            raise CommandError("--older-than must be 0 or more days.")
        result = rollup(days)
        self.stdout.write(
            f"Before {result.cutoff:%Y-%m-%d %H:%M %Z}: {result.pageviews:,} page views of "
            f"{result.days:,} days rolled into {result.visits:,} visits; {result.kept:,} kept "
            "as they are (their visit goes on past the cutoff)."
        )
