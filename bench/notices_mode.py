"""`bench/run.py --notices N`: the notice board at scale, on PostgreSQL.

bench/notices.py writes N published notices and their hash-chained log, runs
ANALYZE and EXPLAINs the archive's search; tauler_verify checks the log; then
the notice pages of bench/pages.py are loaded as in the main run. Results go to
var/bench/notices-results.json.
"""

import datetime
import json
import os
import re
import time
import urllib.parse

import pages as bench_pages
from common import (
    NOTICES_MEDIA_DIR,
    NOTICES_RESULTS_PATH,
    POSTGRESQL_SCHEMES,
    ROOT,
    BenchError,
    bench_seconds,
    load_pages,
    log,
    tail,
)
from loadgen import find_wrk
from report import fmt, print_settings, print_table, report_failed_rows
from steps import (
    bench_script,
    describe_database_url,
    load_step,
    manage,
    production_environment,
    select_pages,
)


def notices_database():
    """(DATABASE_URL, description) for --notices: PostgreSQL only, never SQLite."""
    url = os.environ.get("DATABASE_URL", "").strip()
    example = "DATABASE_URL=postgres://postgres@127.0.0.1:5432/seu_bench_notices"
    if not url:
        raise BenchError(
            "--notices needs a PostgreSQL database of its own in DATABASE_URL (it does not run "
            f"on the SQLite file: it measures PostgreSQL's full-text search), e.g. {example} "
            "after `CREATE DATABASE seu_bench_notices`"
        )
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in POSTGRESQL_SCHEMES:
        raise BenchError(
            f"--notices runs on PostgreSQL only, and DATABASE_URL is a {scheme or 'bare'} URL: "
            "SQLite has neither the full-text search nor the GIN index this mode measures. "
            f"Point it to a dedicated PostgreSQL database, e.g. {example}"
        )
    return url, f"{describe_database_url(url)} (from DATABASE_URL; --notices)"


def verify_log(env):
    """(ok, what tauler_verify said)."""
    result = manage(env, "tauler_verify", check=False)
    output = (result.stdout + "\n" + result.stderr).strip()
    if result.returncode != 0 and "Unknown command" in output:
        return True, "skipped: the tauler_verify command does not exist yet"
    return result.returncode == 0, tail(output, 3)


PLAN_NODE = re.compile(r"^(\s*(?:->\s+)?)(.+?)\s+\(cost=[^)]*\)\s+(\(actual [^)]*\))")


def plan_outline(plan):
    """The nodes of an EXPLAIN ANALYZE text plan, without costs or conditions."""
    lines = []
    for line in plan.splitlines():
        match = PLAN_NODE.match(line)
        if match:
            lines.append(f"{match.group(1)}{match.group(2)}  {match.group(3)}")
        elif line.startswith(("Execution Time", "Planning Time")):
            lines.append(line)
    return lines


def print_explain(inspected):
    public = inspected["states"]["public"]
    log(
        f"Search EXPLAIN ANALYZE (bench/notices.py inspect): the archive's first page, "
        f"tauler.search on the public notices; GIN index {inspected['index']}, "
        f"{inspected['index_size']}"
    )
    for search in inspected["searches"]:
        used = "USED" if search["gin_index_used"] else "NOT used"
        log(
            f'  q="{search["word"]}": {search["matching"]} of {public} public notices match; '
            f"GIN index {used}; EXPLAIN ANALYZE {fmt(search['execution_ms'], '.1f')} ms, "
            f"the query alone {search['query_ms']:.1f} ms (best of 3)"
        )
        for line in plan_outline(search["plan"]):
            log(f"      {line}")
        forced = search.get("forced")
        if forced:
            could = "would use it" if forced["gin_index_used"] else "still would not use it"
            log(
                f"    with enable_seqscan=off the planner {could}: "
                f"{fmt(forced['execution_ms'], '.1f')} ms"
            )


def run_notices(count, labels):
    pages, reference_path = load_pages()
    known = {page.label for page in pages}
    missing = [label for label in bench_pages.NOTICE_PAGES if label not in known]
    if missing:
        raise BenchError(f"bench/pages.py NOTICE_PAGES names unknown pages: {', '.join(missing)}")
    pages = [
        page
        for page in pages
        if page.path == reference_path or page.label in bench_pages.NOTICE_PAGES
    ]
    pages = select_pages(pages, reference_path, labels)
    seconds = bench_seconds()
    wrk_found = find_wrk()
    database_url, database = notices_database()
    env = production_environment(database_url, media_dir=NOTICES_MEDIA_DIR)

    log(f"Preparing {database}")
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    log(f"  migrate        done ({time.monotonic() - started:.1f} s)")
    manage(env, "seal_create_dev")
    started = time.monotonic()
    manage(env, "collectstatic", "--noinput")
    log(f"  collectstatic  done ({time.monotonic() - started:.1f} s)")

    log(f"Writing {count} notices in bulk, then ANALYZE (bench/notices.py generate)")
    generated = bench_script(env, "notices.py", "generate", str(count))
    if generated["reused"]:
        log(f"  the database already holds {count} notices: used as they are")
    else:
        log(
            f"  {generated['created']} notices, {generated['documents']} documents, "
            f"{generated['log_entries']} log entries in {generated['seconds']:.1f} s; "
            f"ANALYZE {generated['analyze_seconds']:.1f} s"
        )
    verified, verify_output = verify_log(env)
    log(f"  tauler_verify  {verify_output}")

    inspected = bench_script(env, "notices.py", "inspect")
    settings, rows, reference = load_step(
        env, pages, reference_path, seconds, wrk_found, database, seeded=False
    )
    for row in rows:
        row["notices"] = inspected["rows"].get(row["label"])

    states = inspected["states"]
    log()
    print_settings(settings)
    log(
        f"notices   {states['total']}: {states['on_display']} on display, "
        f"{states['finished']} finished, {states['cancelled']} cancelled, "
        f"{states['scheduled']} scheduled; {states['log_entries']} log entries"
    )
    log()
    print_table(rows, notices=True)
    if not reference:
        log("\nNo ratios: the reference page failed.")
    log("(notices: how many notices the page lists over all its pages; it shows 20 at a time)")
    log()
    print_explain(inspected)

    NOTICES_RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "ok": all(row["ok"] for row in rows) and verified,
        "settings": settings,
        "notices": {"requested": count, "generation": generated, **inspected},
        "tauler_verify": {"ok": verified, "output": verify_output},
        "pages": rows,
    }
    NOTICES_RESULTS_PATH.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    log(f"\nResults (with the full plans) written to {NOTICES_RESULTS_PATH.relative_to(ROOT)}")

    failed = report_failed_rows(rows)
    if not verified:
        log(f"FAILED  tauler_verify: {verify_output}")
    return 1 if failed or not verified else 0
