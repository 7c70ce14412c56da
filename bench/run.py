"""`make bench`: load the seu's main pages under gunicorn and print a table.

Steps: prepare a benchmark database (a fresh SQLite file, or DATABASE_URL)
and the static files; count SQL queries and HTML bytes per page with the
Django test client (bench/measure.py); log the demo citizen in for the pages
loaded as them (bench/session.py); start gunicorn on a free local port with
production settings; load every page of bench/pages.py with wrk (or a
built-in load generator when wrk is missing); then time the registration of
submissions in-process (bench/submission.py); print the tables and write
var/bench/results.json. Exits 1 when a page or step fails. See bench/README.md.

`bench/run.py --notices 10000` is the notice board at scale instead: on the
PostgreSQL database of DATABASE_URL (a dedicated one), bench/notices.py
writes 10,000 published notices and their hash-chained log, runs ANALYZE,
checks the log with tauler_verify and EXPLAINs the archive's search; then the
notice pages of bench/pages.py are loaded as above. Results go to
var/bench/notices-results.json.

Only the standard library is used here; Django runs in the subprocesses.
"""

import argparse
import datetime
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pages as bench_pages  # noqa: E402  (bench/pages.py, found through the line above)

BENCH_DIR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "bench.sqlite3"
MEDIA_DIR = BENCH_DIR / "media"
RESULTS_PATH = BENCH_DIR / "results.json"
NOTICES_RESULTS_PATH = BENCH_DIR / "notices-results.json"
NOTICES_MEDIA_DIR = BENCH_DIR / "notices-media"
GUNICORN_LOG = BENCH_DIR / "gunicorn.log"

HOST = "127.0.0.1"
WORKERS = 2
WORKER_CLASS = "sync"
WORKER_THREADS = 1
LOAD_THREADS = 2
CONNECTIONS = 8
DEFAULT_SECONDS = 5
DEFAULT_SUBMISSIONS = 20
WARMUP_SECONDS = 0.5
HEALTH_TIMEOUT = 30
STOP_TIMEOUT = 10
# How long one request may take under load before it counts as an error: a page
# that takes seconds (a search over many notices) is measured, not dropped.
REQUEST_TIMEOUT = 30
POSTGRESQL_SCHEMES = ("postgres", "postgresql", "pgsql", "psql", "postgis")

UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


class BenchError(Exception):
    """A failure that stops the whole benchmark; the message says why."""


def log(message=""):
    print(message, flush=True)


def tail(text, lines=20):
    return "\n".join(text.strip().splitlines()[-lines:])


def venv_bin(name):
    """A program of the project's virtualenv (.venv), or of the running Python's."""
    path = ROOT / ".venv" / "bin" / name
    if not path.exists():
        path = Path(sys.executable).parent / name
    return str(path)


def load_pages():
    """The Page objects of bench/pages.py, and the reference path."""
    try:
        return bench_pages.entries(), bench_pages.REFERENCE_PATH
    except ValueError as exc:
        raise BenchError(str(exc)) from None


def whole_number(variable, default, minimum, what):
    raw = os.environ.get(variable, "").strip() or str(default)
    try:
        number = int(raw)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise BenchError(f"{variable} must be a whole number {what} >= {minimum}, not {raw!r}")
    return number


def bench_seconds():
    return whole_number("BENCH_SECONDS", DEFAULT_SECONDS, 1, "of seconds")


def bench_submissions():
    return whole_number("BENCH_SUBMISSIONS", DEFAULT_SUBMISSIONS, 0, "of submissions")


# --- Database and environment ------------------------------------------------------


def describe_database_url(url):
    """The URL without its password or query string, fit to print."""
    parts = urllib.parse.urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if at and ":" in userinfo:
        userinfo = userinfo.split(":", 1)[0] + ":***"
    netloc = f"{userinfo}@{hostport}" if at else hostport
    return f"{parts.scheme}://{netloc}{parts.path}"


def choose_database():
    """(DATABASE_URL, description, throwaway): a fresh SQLite file unless DATABASE_URL is set."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        description = f"{describe_database_url(url)} (from DATABASE_URL; migrated, not dropped)"
        return url, description, False
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    # The uploads and sealed documents of the previous run's database.
    shutil.rmtree(MEDIA_DIR, ignore_errors=True)
    return f"sqlite:///{SQLITE_PATH}", f"SQLite {SQLITE_PATH.relative_to(ROOT)} (fresh)", True


def production_environment(database_url, media_dir=MEDIA_DIR):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="seu.settings",
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",  # no TLS on the local port
        BENCH_REFERENCE_VIEW="True",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        # Receipts and certificates are sealed: a development seal of the bench's own.
        SEAL_P12_PATH=str(BENCH_DIR / "dev-seal.p12"),
        SEAL_P12_PASSWORD="",
    )
    # Uploads and sealed documents of the bench's own, unless MEDIA_ROOT says otherwise.
    env.setdefault("MEDIA_ROOT", str(media_dir))
    return env


def manage(env, *args, check=True):
    command = [venv_bin("python"), "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise BenchError(
            f"`manage.py {' '.join(args)}` failed with exit code {result.returncode}:\n"
            + tail(result.stdout + "\n" + result.stderr)
        )
    return result


def prepare(env, throwaway):
    """Migrate, seed the demo data when seed_demo exists, collect static files.

    seed_demo creates accounts with published passwords, so with DEBUG off it
    wants --force: given for the fresh SQLite file, and for DATABASE_URL only
    when BENCH_SEED_FORCE=1 says that database is throwaway too.
    """
    started = time.monotonic()
    manage(env, "migrate", "--noinput")
    log(f"  migrate        done ({time.monotonic() - started:.1f} s)")

    manage(env, "seal_create_dev")

    started = time.monotonic()
    seed_help = manage(env, "help", "seed_demo", check=False)
    force = throwaway or os.environ.get("BENCH_SEED_FORCE", "").strip() == "1"
    seeded = False
    if seed_help.returncode != 0:
        log("  seed_demo      skipped: the command does not exist yet (pages may lack data)")
    elif "--force" in seed_help.stdout and not force:
        log("  seed_demo      skipped: it adds demo accounts with published passwords;")
        log("                 set BENCH_SEED_FORCE=1 if DATABASE_URL is a throwaway database")
    else:
        manage(env, "seed_demo", *(["--force"] if "--force" in seed_help.stdout else []))
        seeded = True
        log(f"  seed_demo      done ({time.monotonic() - started:.1f} s)")

    started = time.monotonic()
    manage(env, "collectstatic", "--noinput")
    log(f"  collectstatic  done ({time.monotonic() - started:.1f} s)")
    return seeded


def bench_script(env, script, *args):
    """The JSON last line that bench/<script> prints; BenchError when it fails."""
    command = [venv_bin("python"), str(ROOT / "bench" / script), *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    try:
        if result.returncode != 0 or not lines:
            raise ValueError
        return json.loads(lines[-1])
    except ValueError:
        raise BenchError(
            f"bench/{script} failed with exit code {result.returncode}:\n"
            + tail(result.stdout + "\n" + result.stderr)
        ) from None


def measure_pages(env, labels):
    """{label: {path, user, status, queries, html_bytes, error}} from bench/measure.py.

    measure.py also finds the paths that bench/pages.py leaves to a function.
    """
    return {item["label"]: item for item in bench_script(env, "measure.py", *labels)}


def create_sessions(env, users):
    """{user: (Cookie header value, session key, error)} from bench/session.py."""
    sessions = {}
    for user in sorted(users):
        try:
            created = bench_script(env, "session.py", "create", user)
            sessions[user] = (created["cookie"], created["session_key"], None)
        except BenchError as exc:
            why = str(exc).strip().splitlines()[-1]  # session.py's own message
            sessions[user] = (None, None, f"no session for the {user}: {why}")
    return sessions


def delete_sessions(env, sessions):
    for _cookie, session_key, _error in sessions.values():
        if session_key:
            try:
                bench_script(env, "session.py", "delete", session_key)
            except BenchError as exc:
                log(f"Warning: could not delete the benchmark session: {exc}")


def time_submissions(env, count):
    """bench/submission.py's timings; BenchError when it fails."""
    return bench_script(env, "submission.py", str(count))


def stats_overhead_step(env, count=400):
    """bench/stats_overhead.py's timings of live page-view recording, or {"error": what}."""
    log(f"Timing page-view recording in-process (bench/stats_overhead.py, {count} requests)")
    try:
        return bench_script(env, "stats_overhead.py", str(count))
    except BenchError as exc:
        return {"error": str(exc)}


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


# --- gunicorn ------------------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(env, port):
    """The gunicorn command line, and its fully resolved settings.

    gunicorn runs from the repository root, so a gunicorn.conf.py there is
    read; the explicit flags below override what it says about them.
    """
    gunicorn = venv_bin("gunicorn")
    command = [
        gunicorn,
        "seu.wsgi:application",
        "--workers",
        str(WORKERS),
        "--worker-class",
        WORKER_CLASS,
        "--threads",
        str(WORKER_THREADS),
        "--bind",
        f"{HOST}:{port}",
        # No recycling: a worker restarting every few thousand requests
        # (max_requests in gunicorn.conf.py) would put its boot in the p99.
        "--max-requests",
        "0",
        "--log-level",
        "warning",
    ]
    help_text = subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout
    if "--no-control-socket" in help_text:
        # gunicorn >= 25 opens a control socket in the home folder; two runs would clash.
        command.append("--no-control-socket")

    # --print-config loads the config file and the application, then exits:
    # a broken configuration fails here, before any port is opened.
    result = subprocess.run(
        [*command, "--print-config"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BenchError(
            "gunicorn cannot load its configuration or the application:\n"
            + tail(result.stdout + "\n" + result.stderr)
        )
    config = {}
    for line in result.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            config[key.strip()] = value.strip()
    config["access_log_discarded"] = config.get("accesslog", "None") != "None"
    if config["access_log_discarded"]:
        # The config file turns the access log on; no flag turns it off, so discard it.
        command += ["--access-logfile", os.devnull]
    return command, config


def start_gunicorn(command, env):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    with open(GUNICORN_LOG, "wb") as log_file:
        # Its own session: a Ctrl-C reaches this script only, which then stops it.
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def gunicorn_log_tail():
    try:
        return tail(GUNICORN_LOG.read_text(errors="replace"))
    except OSError:
        return ""


def wait_until_healthy(process, port):
    deadline = time.monotonic() + HEALTH_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(
                f"gunicorn exited with code {process.returncode} before answering:\n"
                + gunicorn_log_tail()
            )
        try:
            status, _, _ = http_get(port, "/healthz", timeout=2)
            if status == 200:
                return
            last = f"status {status}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.2)
    raise BenchError(
        f"/healthz did not answer 200 within {HEALTH_TIMEOUT} s ({last}):\n" + gunicorn_log_tail()
    )


def stop_gunicorn(process):
    if process.poll() is not None:
        return
    process.terminate()  # graceful: the master stops its workers, then exits
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        # The master is still running, so its process group is still ours.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- Load -------------------------------------------------------------------------------


def http_get(port, path, timeout=REQUEST_TIMEOUT, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, response.getheader("Location"), body
    finally:
        connection.close()


def percentile(sorted_values, percent):
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def builtin_load(port, path, seconds, connections, headers=None):
    """Keep-alive HTTP/1.1 load from `connections` threads, like wrk but slower."""
    headers = headers or {}
    deadline = time.monotonic() + seconds
    per_thread = [{"latencies": [], "errors": 0, "bad_status": 0} for _ in range(connections)]

    def client(stats):
        connection = None
        while time.monotonic() < deadline:
            if connection is None:
                connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                stats["errors"] += 1
                connection.close()
                connection = None
                continue
            stats["latencies"].append(time.perf_counter() - started)
            if response.status >= 400:
                stats["bad_status"] += 1
            if response.will_close:  # gunicorn's sync workers close after each response
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client, args=(stats,), daemon=True) for stats in per_thread]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    latencies = sorted(value for stats in per_thread for value in stats["latencies"])
    if not latencies:
        raise BenchError(f"no request to {path} succeeded")
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 2),
        "p50_ms": round(percentile(latencies, 50) * 1000, 3),
        "p99_ms": round(percentile(latencies, 99) * 1000, 3),
        "error_responses": sum(stats["bad_status"] for stats in per_thread),
        "socket_errors": sum(stats["errors"] for stats in per_thread),
    }


def to_ms(value, unit):
    return round(float(value) * UNIT_TO_MS[unit], 3)


def parse_wrk(output):
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    latency = {}
    for percent in ("50", "99"):
        match = re.search(
            rf"^\s*{percent}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE
        )
        if match:
            latency[percent] = to_ms(*match.groups())
    if not rps or len(latency) != 2:
        raise BenchError("cannot read wrk's output:\n" + tail(output))
    requests = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(requests.group(1)) if requests else None,
        "rps": float(rps.group(1)),
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "error_responses": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }


def wrk_load(wrk, port, path, seconds, headers=None):
    command = [wrk, f"-t{LOAD_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    command.append(f"--timeout={REQUEST_TIMEOUT}s")
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + REQUEST_TIMEOUT + 60
    )
    if result.returncode != 0:
        raise BenchError(
            f"wrk failed with exit code {result.returncode}:\n"
            + tail(result.stdout + "\n" + result.stderr)
        )
    return parse_wrk(result.stdout)


def find_wrk():
    """(wrk's path, its version, None), or (None, None, why) for the built-in generator."""
    if os.environ.get("BENCH_LOADGEN", "").strip().lower() == "builtin":
        return None, None, "BENCH_LOADGEN=builtin"
    wrk = shutil.which("wrk")
    if not wrk:
        return None, None, "wrk is not on PATH"
    result = subprocess.run([wrk, "--version"], capture_output=True, text=True)
    first_line = (result.stdout or result.stderr).strip().splitlines()[:1]
    version = " ".join(first_line[0].split()[:2]) if first_line else "wrk"
    return wrk, version, None


def drain(port, service_seconds):
    """Wait until gunicorn is done with what the load generator left behind.

    wrk stops at its deadline with requests still queued: gunicorn accepts and
    answers them anyway, and a slow page's backlog would be measured in the
    next page's row. A request to /healthz queues behind them (the accept
    queue is first come, first served); once it is answered, a worker may
    still be on the last of them, for one service time at most.
    """
    http_get(port, "/healthz")
    if service_seconds > 0.05:
        time.sleep(min(service_seconds, REQUEST_TIMEOUT))


def bench_page(port, path, seconds, wrk, headers=None):
    """Load results for one page; BenchError when it does not answer 200.

    A logged-in page whose session is not accepted redirects to the login
    page, so the 200 check also checks the session cookie.
    """
    started = time.perf_counter()
    status, location, _ = http_get(port, path, headers=headers)
    service_seconds = time.perf_counter() - started
    if status != 200:
        where = f" to {location}" if location else ""
        raise BenchError(f"answered {status}{where}, expected 200")
    # Every worker renders it once.
    builtin_load(port, path, WARMUP_SECONDS, CONNECTIONS, headers)
    try:
        if wrk:
            result = wrk_load(wrk, port, path, seconds, headers)
        else:
            result = builtin_load(port, path, seconds, CONNECTIONS, headers)
    finally:
        drain(port, service_seconds)
    if not result["requests"]:
        raise BenchError(
            f"no request was answered within the {seconds} s of load (one alone took "
            f"{service_seconds * 1000:.0f} ms); try a longer BENCH_SECONDS"
        )
    if result["error_responses"]:
        raise BenchError(f"{result['error_responses']} error responses under load")
    return result


# --- Output -----------------------------------------------------------------------------


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


# --- Main ---------------------------------------------------------------------------------


def select_pages(pages, reference_path, labels):
    if not labels:
        return pages
    known = {page.label for page in pages}
    unknown = [label for label in labels if label not in known]
    if unknown:
        raise BenchError(
            f"unknown page(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return [page for page in pages if page.label in labels or page.path == reference_path]


def empty_row(page, measured):
    """A page's row before its load: what bench/measure.py found about it."""
    row = {"label": page.label, "path": measured.get("path"), "user": page.user}
    row.update(ok=True, error=None)
    row.update(dict.fromkeys(("rps", "p50_ms", "p99_ms", "ratio", "requests"), None))
    row.update({"error_responses": None, "socket_errors": None})
    row["queries"] = measured.get("queries")
    row["html_bytes"] = measured.get("html_bytes")
    if row["path"] is None:
        row.update(path=page.path_shown, ok=False, error=measured.get("error") or "no path")
    return row


def load_pages_under_gunicorn(process, port, pages, measured, sessions, seconds, wrk):
    """The table's rows, one per page; gunicorn is running."""
    wait_until_healthy(process, port)
    log(f"Loading {len(pages)} pages for {seconds} s each")
    rows = [empty_row(page, measured.get(page.label, {})) for page in pages]
    shown = [row["path"] + (f" (as {row['user']})" if row["user"] else "") for row in rows]
    label_width = max(len(page.label) for page in pages)
    path_width = max(len(text) for text in shown)
    for page, row, path_shown in zip(pages, rows, shown, strict=True):
        page_measure = measured.get(page.label, {})
        cookie, _key, session_error = sessions.get(page.user, (None, None, None))
        if row["ok"] and session_error:
            row.update(ok=False, error=session_error)
        if row["ok"]:
            headers = {"Cookie": cookie} if cookie else None
            try:
                path = bench_pages.url_path(row["path"])
                row.update(bench_page(port, path, seconds, wrk, headers))
            except (BenchError, OSError, http.client.HTTPException) as exc:
                row.update(ok=False, error=str(exc))
        if row["ok"] and page_measure.get("error"):
            row.update(ok=False, error=f"test client: {page_measure['error']}")
        elif row["ok"] and page_measure.get("status") != 200:
            row.update(ok=False, error=f"test client got {page_measure.get('status')}")
        outcome = f"{row['rps']:.1f} req/s" if row["ok"] else f"FAILED: {row['error']}"
        log(f"  {page.label:<{label_width}}  {path_shown:<{path_width}}  {outcome}")
    return rows


def submission_step(env, count, seeded):
    """bench/submission.py's results, or {"skipped": why} / {"error": what}."""
    if count == 0:
        return {"skipped": "BENCH_SUBMISSIONS=0"}
    if not seeded:
        # It writes cases to the registry: only on the fresh or throwaway database.
        return {"skipped": "it writes to the registry, and seed_demo did not run on this database"}
    log(f"Timing {count} submissions in-process (bench/submission.py)")
    try:
        return time_submissions(env, count)
    except BenchError as exc:
        return {"error": str(exc)}


def load_step(env, pages, reference_path, seconds, wrk_found, database, seeded):
    """Count queries, start gunicorn, load every page: (settings, rows, reference row)."""
    wrk, wrk_version, why_builtin = wrk_found
    log("Counting SQL queries and HTML bytes (bench/measure.py)")
    measured = measure_pages(env, [page.label for page in pages])

    port = free_port()
    command, config = gunicorn_command(env, port)
    config_file = config.get("config", "")
    config_file = Path(config_file) if config_file and (ROOT / config_file).is_file() else None
    settings = {
        "gunicorn": {
            "workers": int(config.get("workers", WORKERS)),
            "worker_class": config.get("worker_class", WORKER_CLASS),
            "threads": int(config.get("threads", WORKER_THREADS)),
            "max_requests": int(config.get("max_requests", 0)),
            "config_file": str(config_file) if config_file else None,
            "access_log": "discarded" if config["access_log_discarded"] else "off",
            "bind": f"{HOST}:{port}",
        },
        "load": {
            "generator": wrk_version or "built-in (Python threads, keep-alive)",
            "threads": LOAD_THREADS if wrk else CONNECTIONS,
            "connections": CONNECTIONS,
            "duration_s": seconds,
        },
        "database": database,
        "seed_demo": seeded,
        "cpus": os.cpu_count(),
    }
    if not wrk:
        log(f"Note: {why_builtin}; using the built-in Python load generator instead. Its")
        log("      requests/s are lower than wrk's (it competes with gunicorn for the CPU).")

    users = {page.user for page in pages if page.user}
    sessions = {}
    if users:
        log(f"Logging in for the pages loaded as: {', '.join(sorted(users))} (bench/session.py)")
        sessions = create_sessions(env, users)

    log(f"Starting gunicorn on {HOST}:{port} (log: {GUNICORN_LOG.relative_to(ROOT)})")
    process = start_gunicorn(command, env)
    try:
        rows = load_pages_under_gunicorn(process, port, pages, measured, sessions, seconds, wrk)
    finally:
        stop_gunicorn(process)
        delete_sessions(env, sessions)

    reference = next((row for row in rows if row["path"] == reference_path and row["ok"]), None)
    for row in rows:
        if reference and row["rps"] is not None:
            row["ratio"] = round(row["rps"] / reference["rps"], 3)
    return settings, rows, reference


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


def report_failed_rows(rows):
    """Warnings and FAILED lines for the rows; the failed rows."""
    for row in rows:
        if row["socket_errors"]:
            log(f"Warning: {row['label']} had {row['socket_errors']} socket errors under load")
    failed = [row for row in rows if not row["ok"]]
    for row in failed:
        log(f"FAILED  {row['label']} ({row['path']}): {row['error']}")
    return failed


def run(labels):
    pages, reference_path = load_pages()
    pages = select_pages(pages, reference_path, labels)
    seconds = bench_seconds()
    submission_count = bench_submissions()
    wrk_found = find_wrk()

    log("Preparing the benchmark database and static files")
    database_url, database, throwaway = choose_database()
    env = production_environment(database_url)
    seeded = prepare(env, throwaway)

    settings, rows, reference = load_step(
        env, pages, reference_path, seconds, wrk_found, database, seeded
    )
    submissions = submission_step(env, submission_count, seeded)
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
    print_stats_overhead(stats_overhead)
    write_results(settings, rows, submissions, stats_overhead)
    log(f"\nResults written to {RESULTS_PATH.relative_to(ROOT)}")

    failed = report_failed_rows(rows)
    if submissions.get("error"):
        log("FAILED  submission timing (see above)")
    return 1 if failed or submissions.get("error") else 0


# --- The notice board at scale (--notices N) ------------------------------------------


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
