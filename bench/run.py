"""`make bench`: load the seu's main pages under gunicorn and print a table.

Steps: prepare a benchmark database (a fresh SQLite file, or DATABASE_URL)
and the static files; count SQL queries and HTML bytes per page with the
Django test client (bench/measure.py); log the demo citizen in for the pages
loaded as them (bench/session.py); start gunicorn on a free local port with
production settings; load every page of bench/pages.py with wrk (or a
built-in load generator when wrk is missing); then, in-process, time the
submit without and with a broker and the worker's receipts
(bench/submission.py), and the outbox's mails per second to a local SMTP
server (bench/outbox_delivery.py); print the tables and write
var/bench/results.json. Exits 1 when a page or step fails. See bench/README.md.

`bench/run.py --notices 10000` is the notice board at scale instead: on the
PostgreSQL database of DATABASE_URL (a dedicated one), bench/notices.py
writes 10,000 published notices and their hash-chained log, runs ANALYZE,
checks the log with tauler_verify and EXPLAINs the archive's search; then the
notice pages of bench/pages.py are loaded as above. Results go to
var/bench/notices-results.json.

Here the two runs and the command line; the steps are in bench/steps.py,
gunicorn in gunicorn_server.py, the load generators in loadgen.py, the tables
and results.json in report.py, and the --notices run in notices_mode.py. Only
the standard library is used; Django runs in the subprocesses.
"""

import argparse
import signal
import sys
from pathlib import Path

# bench/ on the path, so that its modules are found however this file is run.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    RESULTS_PATH,
    ROOT,
    BenchError,
    bench_mails,
    bench_seconds,
    bench_submissions,
    load_pages,
    log,
)
from loadgen import find_wrk  # noqa: E402
from notices_mode import run_notices  # noqa: E402
from report import (  # noqa: E402
    print_mails,
    print_settings,
    print_stats_overhead,
    print_submissions,
    print_table,
    report_failed_rows,
    write_results,
)
from steps import (  # noqa: E402
    choose_database,
    load_step,
    mail_step,
    prepare,
    production_environment,
    select_pages,
    stats_overhead_step,
    submission_step,
)


def run(labels):
    pages, reference_path = load_pages()
    pages = select_pages(pages, reference_path, labels)
    seconds = bench_seconds()
    submission_count = bench_submissions()
    mail_count = bench_mails()
    wrk_found = find_wrk()

    log("Preparing the benchmark database and static files")
    database_url, database, throwaway = choose_database()
    env = production_environment(database_url)
    seeded = prepare(env, throwaway)

    settings, rows, reference = load_step(
        env, pages, reference_path, seconds, wrk_found, database, seeded
    )
    submissions = submission_step(env, submission_count, seeded)
    mails = mail_step(env, mail_count, seeded)
    stats_overhead = stats_overhead_step(env)

    log()
    print_settings(settings)
    log()
    print_table(rows)
    if not reference:
        log("\nNo ratios: the reference page failed.")
    log()
    print_submissions(submissions)
    log()
    print_mails(mails)
    log()
    print_stats_overhead(stats_overhead)
    write_results(settings, rows, submissions, mails, stats_overhead)
    log(f"\nResults written to {RESULTS_PATH.relative_to(ROOT)}")

    failed = report_failed_rows(rows)
    if submissions.get("error"):
        log("FAILED  submission timing (see above)")
    if mails.get("error"):
        log("FAILED  outbox delivery (see above)")
    return 1 if failed or submissions.get("error") or mails.get("error") else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "pages", nargs="*", metavar="LABEL", help="only these pages of bench/pages.py"
    )
    parser.add_argument(
        "--notices",
        type=int,
        metavar="N",
        help="the notice board at scale: N notices on the PostgreSQL database of DATABASE_URL",
    )
    args = parser.parse_args(argv)
    if args.notices is not None and args.notices < 1:
        parser.error("--notices needs a number of notices >= 1")

    def terminated(signum, frame):
        raise KeyboardInterrupt  # unwinds through the finally that stops gunicorn

    signal.signal(signal.SIGTERM, terminated)
    try:
        if args.notices is not None:
            return run_notices(args.notices, args.pages)
        return run(args.pages)
    except BenchError as exc:
        log(f"\nBenchmark failed: {exc}")
        return 1
    except KeyboardInterrupt:
        log("\nInterrupted.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
