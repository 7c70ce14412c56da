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


# What each after-commit task does in the request: (what, done here without a broker).
TASKS = {
    "outbox.deliver": ("confirmation mail", "sent"),
    "tramits.receipt_issue": ("receipt", "issued"),
}


def print_submissions(submissions):
    if submissions.get("skipped"):
        log(f"Submission timing skipped: {submissions['skipped']}")
        return
    if submissions.get("error"):
        log(f"Submission timing FAILED: {submissions['error']}")
        return
    log(
        "Submit, server time from the start of the registration to the response "
        f"(bench/submission.py, in-process, {submissions['database']}): "
        f"{submissions['procedure']} by the demo citizen, {submissions['attachment_bytes']} "
        f"bytes of PDF attached; {submissions['submissions']} submissions each way, "
        f"alternating, after {submissions['warmup']} warm-up each"
    )
    before, after = submissions["before"], submissions["after"]
    measured = "not_measured" not in after
    ways = [("before: no broker, the work done in the request", None, before)]
    if measured:
        ways.append((f"after: broker {submissions['broker']}", "queued", after))

    def line(name, summary):
        return (
            name,
            fmt(summary["median"], ".2f"),
            fmt(summary["p95"], ".2f"),
            fmt(summary["mean"], ".2f"),
        )

    lines = []
    for title, queued, way in ways:
        lines.append(line(title, way["total_ms"]))
        lines.append(line("  registration's transaction", way["transaction_ms"]))
        for task, summary in way["tasks_ms"].items():
            what, done = TASKS.get(task, (task, "done"))
            name = f"  after the commit: {what} {queued or done} ({task})"
            lines.append(line(name, summary))
    print_columns(("submit", "median ms", "p95 ms", "mean ms"), lines, left_columns=1)
    if not measured:
        log(
            f"after: not measured, no broker answered at {submissions['broker']}: "
            f"{after['not_measured']}"
        )
    else:
        log(
            "after / before: "
            f"{after['total_ms']['median'] / before['total_ms']['median']:.3f} at the median, "
            f"{after['total_ms']['mean'] / before['total_ms']['mean']:.3f} in the mean"
        )

    worker = submissions["worker"]
    source = {
        "after": 'that the "after" submissions left without one',
        "registered": "registered with the work after the commit left out (no broker)",
    }[worker["entries_from"]]
    log()
    log(
        "Worker's time per receipt (the task tramits.receipt_issue run in-process on "
        f"{worker['entries']} entries {source})"
    )
    receipt = worker["receipt_ms"]
    print_columns(
        ("receipt", "median ms", "p95 ms", "mean ms", "receipts/s per worker process"),
        [
            (
                "read, build, seal, store",
                fmt(receipt["median"], ".2f"),
                fmt(receipt["p95"], ".2f"),
                fmt(receipt["mean"], ".2f"),
                fmt(worker["receipts_per_s"], ".2f"),
            )
        ],
        left_columns=1,
    )
    log(f"receipt PDF: median {submissions['receipt_bytes']['median']} bytes")


def print_mails(mails):
    if mails.get("skipped"):
        log(f"Outbox delivery skipped: {mails['skipped']}")
        return
    if mails.get("error"):
        log(f"Outbox delivery FAILED: {mails['error']}")
        return
    log(
        f"Outbox delivery (bench/outbox_delivery.py, in-process, {mails['database']}): "
        f"{mails['mails']} mails each way, about {mails['message_bytes']} bytes each, over "
        f"SMTP to {mails['smtp']}; {mails['drained']} mails the steps before left waiting "
        "were delivered first"
    )
    lines = [
        (
            "deliver_due (the minute's sweep: one connection)",
            fmt(mails["deliver_due"]["seconds"], ".3f"),
            fmt(mails["deliver_due"]["mails_per_s"], ".1f"),
        ),
        (
            "outbox.deliver (a task per mail: one connection each)",
            fmt(mails["task_per_mail"]["seconds"], ".3f"),
            fmt(mails["task_per_mail"]["mails_per_s"], ".1f"),
        ),
    ]
    print_columns(("delivery", "seconds", "mails/s"), lines, left_columns=1)
    log("every mail marked sent and arrived exactly once")


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


def write_results(settings, rows, submissions, mails, stats_overhead=None):
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "ok": all(row["ok"] for row in rows)
        and not submissions.get("error")
        and not mails.get("error"),
        "settings": settings,
        "pages": rows,
        "submissions": submissions,
        "mails": mails,
        "stats_overhead": stats_overhead,
    }
    RESULTS_PATH.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
