"""How long build_report (the statistics dashboard's figures) takes on a big site.

    .venv/bin/python bench/stats_report.py                 # 1,000,000 page views, SQLite file
    .venv/bin/python bench/stats_report.py 200000          # another size
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seu_bench_stats \\
        .venv/bin/python bench/stats_report.py
    .venv/bin/python bench/stats_report.py --rollup 90     # first roll up views over 90 days old

Fills var/bench/stats-report.sqlite3 (or the DATABASE_URL database, which
must be a throwaway one) with about the requested number of page views over
the six months up to UNTIL, with the demo's traffic (estadistiques/demo.py)
scaled up: same devices, cities, referrers, pages, hours and visit shapes,
more visitors a day. The data is kept for the next run while its count
matches; otherwise the page views are deleted and generated again.

Then it times build_report for the last 30 days and the last 6 months up to
UNTIL (best and median of --repeat runs), twice: "cold", with the cache
emptied before each run, as the first dashboard request of a period computes
it; and "warm", with the figures of the finished months already in the cache
(UNTIL is in the past, so every chunk of these periods is finished). It
compares every report with the one stored in
var/bench/stats-report-<backend>-<size>.json by an earlier run (written if
missing, or with --save): a faster report must give the same figures. Prints
one line per period and one JSON line.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import djangoenv

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "stats-report.sqlite3"
DEFAULT_PAGEVIEWS = 1_000_000
UNTIL = date(2025, 6, 30)
DAYS = 182
# The demo's weekday visits give about 25,000 page views over 182 days.
DEMO_PAGEVIEWS = 25_000


def generate(count: int) -> int:
    """About `count` page views over the DAYS days up to UNTIL; how many were written."""
    from estadistiques import demo
    from estadistiques.models import PageView

    demo.WEEKDAY_VISITS = round(demo.WEEKDAY_VISITS * count / DEMO_PAGEVIEWS)
    PageView.objects.all().delete()
    written = 0
    day = UNTIL - timedelta(days=DAYS - 1)
    while day <= UNTIL:
        views = demo.day_views(day)
        PageView.objects.bulk_create(views, batch_size=5000)
        written += len(views)
        print(f"\r  {day} {written:,} page views", end="", flush=True)
        day += timedelta(days=1)
    print()
    return written


def timed(function, repeat: int, *, before=None):
    samples, result = [], None
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - started)
    return result, samples


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pageviews", nargs="?", type=int, default=DEFAULT_PAGEVIEWS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rollup", type=int, metavar="DAYS", help="Roll up older page views.")
    parser.add_argument("--save", action="store_true", help="Store these reports as reference.")
    options = parser.parse_args(argv)

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
    djangoenv.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from estadistiques.models import DailyPageCount, PageView, RolledVisit
    from estadistiques.periods import Preset, preset_period
    from estadistiques.reports import build_report
    from estadistiques.retention import rollup
    from estadistiques.visitors import day_start

    call_command("migrate", "--noinput", verbosity=0)
    stored = PageView.objects.count() + (DailyPageCount.objects.aggregate(n=Sum("views"))["n"] or 0)
    if abs(stored - options.pageviews) > options.pageviews * 0.1:
        print(f"Generating about {options.pageviews:,} page views ({connection.vendor})")
        RolledVisit.objects.all().delete()
        DailyPageCount.objects.all().delete()
        stored = generate(options.pageviews)
    if options.rollup is not None:
        now = day_start(UNTIL) + timedelta(hours=23)
        result = rollup(options.rollup, now=now)
        print(f"Rolled up {result.pageviews:,} page views into {result.visits:,} visits")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = {
        "pageviews": PageView.objects.count(),
        "rolled_visits": RolledVisit.objects.count(),
        "daily_counts": DailyPageCount.objects.count(),
    }
    print(f"{connection.vendor}: {counts}")

    periods = {
        "30 days": preset_period(Preset.LAST_30_DAYS, today=UNTIL),
        "6 months": preset_period(Preset.LAST_6_MONTHS, today=UNTIL),
    }
    results, reports = {}, {}
    for name, period in periods.items():
        run = lambda p=period: build_report(p.since, p.until)  # noqa: E731
        report, cold = timed(run, options.repeat, before=cache.clear)
        warm_report, warm = timed(run, options.repeat)
        if warm_report != report:
            print(f"{name}: the report from the cache differs from the one computed")
            return 1
        reports[name] = report
        results[name] = {
            "cold_best": round(min(cold), 3),
            "cold_median": round(statistics.median(cold), 3),
            "warm_best": round(min(warm), 3),
            "warm_median": round(statistics.median(warm), 3),
            "visits": report["visits"],
            "pageviews": report["pageviews"],
        }
        print(
            f"{name:>9} ({period.since} to {period.until}): cold best {min(cold):.3f} s, "
            f"median {statistics.median(cold):.3f} s; warm best {min(warm):.3f} s, "
            f"median {statistics.median(warm):.3f} s; {report['pageviews']:,} page views, "
            f"{report['visits']:,} visits"
        )

    reference = BENCH_DIR / f"stats-report-{connection.vendor}-{options.pageviews}.json"
    same = None
    if options.save or not reference.exists():
        reference.write_text(json.dumps(reports, indent=1, ensure_ascii=False))
        print(f"Reports stored in {reference.relative_to(ROOT)}")
    else:
        same = json.loads(reference.read_text()) == json.loads(json.dumps(reports))
        print(f"Same reports as {reference.relative_to(ROOT)}: {'yes' if same else 'NO'}")
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "counts": counts,
                "results": results,
                "same_as_reference": same,
                "at": timezone.now().isoformat(timespec="seconds"),
            }
        )
    )
    return 0 if same is not False else 1


if __name__ == "__main__":
    sys.exit(main())
