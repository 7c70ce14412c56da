"""What the benchmark prints and writes: aligned tables and results.json."""

import datetime
import json

from common import RESULTS_PATH, log


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def print_columns(header, lines, left_columns):
    """An aligned text table: the first `left_columns` columns left-aligned, the rest right."""
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def render(cells):
        return "  ".join(
            cell.ljust(width) if i < left_columns else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    log(render(header))
    log("  ".join("-" * width for width in widths))
    for line in lines:
        log(render(line))


def print_table(rows, notices=False):
    """The page table; with `notices`, a last column: how many notices each page lists."""
    header = ("page", "path", "as", "req/s", "p50 ms", "p99 ms", "vs ref", "queries", "HTML bytes")
    header += ("notices",) if notices else ()
    lines = [
        (
            row["label"],
            row["path"],
            row["user"] or "",
            fmt(row["rps"], ".1f"),
            fmt(row["p50_ms"], ".2f"),
            fmt(row["p99_ms"], ".2f"),
            fmt(row["ratio"], ".2f"),
            fmt(row["queries"], "d"),
            fmt(row["html_bytes"], "d"),
        )
        + ((fmt(row.get("notices"), "d"),) if notices else ())
        for row in rows
    ]
    print_columns(header, lines, left_columns=3)


def print_settings(settings):
    gunicorn = settings["gunicorn"]
    load = settings["load"]
    log(
        f"gunicorn  {gunicorn['workers']} workers, {gunicorn['worker_class']} worker class, "
        f"{gunicorn['threads']} thread(s) each, max_requests {gunicorn['max_requests']}, "
        f"access log {gunicorn['access_log']}"
    )
    if gunicorn["config_file"]:
        log(f"          {gunicorn['config_file']} read; the flags above override it")
    log(
        f"load      {load['generator']}: {load['threads']} threads, "
        f"{load['connections']} connections, {load['duration_s']} s per page"
    )
    log(
        f"database  {settings['database']}; seed_demo {'ran' if settings['seed_demo'] else 'skipped'}"
    )
    log(f"machine   {settings['cpus']} CPUs; DEBUG=False, SECURE_SSL_REDIRECT=False")


def print_submissions(submissions):
    if submissions.get("skipped"):
        log(f"Submission timing skipped: {submissions['skipped']}")
        return
    if submissions.get("error"):
        log(f"Submission timing FAILED: {submissions['error']}")
        return
    log(
        f"Submission timing (bench/submission.py, in-process, {submissions['database']}): "
        f"{submissions['submissions']} × {submissions['procedure']} by the demo citizen, "
        f"{submissions['attachment_bytes']} bytes of PDF attached, after "
        f"{submissions['warmup']} warm-up"
    )
    steps = (
        ("registration", "registration_ms"),
        ("receipt issue", "receipt_ms"),
        ("total", "total_ms"),
    )
    lines = [
        (name, fmt(submissions[key]["median"], ".2f"), fmt(submissions[key]["p95"], ".2f"))
        for name, key in steps
    ]
    print_columns(("step", "median ms", "p95 ms"), lines, left_columns=1)
    log(f"receipt PDF: median {submissions['receipt_bytes']['median']} bytes")


def print_stats_overhead(overhead):
    if overhead.get("error"):
        log(f"Recording overhead FAILED: {overhead['error']}")
        return
    log(
        f"Recording overhead (bench/stats_overhead.py, in-process, {overhead['database']}): "
        f"{overhead['path']} × {overhead['requests']} with STATS_ENABLED on and off, "
        "a browser's user agent"
    )
    steps = (
        ("page, recording on", "page_on_ms"),
        ("page, recording off", "page_off_ms"),
        ("close() after sending, on", "close_on_ms"),
        ("close() after sending, off", "close_off_ms"),
        ("record() alone", "record_ms"),
    )
    lines = [
        (name, fmt(overhead[key]["median"], ".3f"), fmt(overhead[key]["p95"], ".3f"))
        for name, key in steps
    ]
    print_columns(("step", "median ms", "p95 ms"), lines, left_columns=1)
    log(f"overhead at the median: {overhead['difference_median_ms']:.3f} ms (on minus off)")


def report_failed_rows(rows):
    """Warnings and FAILED lines for the rows; the failed rows."""
    for row in rows:
        if row["socket_errors"]:
            log(f"Warning: {row['label']} had {row['socket_errors']} socket errors under load")
    failed = [row for row in rows if not row["ok"]]
    for row in failed:
        log(f"FAILED  {row['label']} ({row['path']}): {row['error']}")
    return failed


def write_results(settings, rows, submissions, stats_overhead=None):
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "ok": all(row["ok"] for row in rows) and not submissions.get("error"),
        "settings": settings,
        "pages": rows,
        "submissions": submissions,
        "stats_overhead": stats_overhead,
    }
    RESULTS_PATH.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
