"""The benchmark's steps: the database and its environment, the in-process
scripts (bench/measure.py, session.py, submission.py, outbox_delivery.py,
stats_overhead.py), and the load of every page under gunicorn."""

import http.client
import json
import os
import secrets
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

import pages as bench_pages
from common import (
    BENCH_DIR,
    CONNECTIONS,
    GUNICORN_LOG,
    HOST,
    LOAD_THREADS,
    LOCAL_BROKER_URL,
    MEDIA_DIR,
    ROOT,
    SQLITE_PATH,
    WORKER_CLASS,
    WORKER_THREADS,
    WORKERS,
    BenchError,
    log,
    tail,
    venv_bin,
)
from gunicorn_server import (
    free_port,
    gunicorn_command,
    start_gunicorn,
    stop_gunicorn,
    wait_until_healthy,
)
from loadgen import bench_page

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
        # No broker: the work that follows a commit (seed_demo's receipts and
        # mails, ...) is done in-process, and nothing is left in a queue that no
        # worker of the bench reads. Only gunicorn (served_environment) and the
        # submit's "after" timing use one.
        CELERY_BROKER_URL="",
    )
    # Uploads and sealed documents of the bench's own, unless MEDIA_ROOT says otherwise.
    env.setdefault("MEDIA_ROOT", str(media_dir))
    return env


def served_environment(env):
    """gunicorn's environment: the broker as the environment configures it.

    /healthz asks the broker when there is one, as in production; no page of
    bench/pages.py queues a task."""
    served = dict(env)
    if "CELERY_BROKER_URL" in os.environ:
        served["CELERY_BROKER_URL"] = os.environ["CELERY_BROKER_URL"]
    else:
        del served["CELERY_BROKER_URL"]  # seu.settings falls back on REDIS_URL
    return served


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


# --- The in-process scripts -------------------------------------------------------------


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


def stats_overhead_step(env, count=400):
    """bench/stats_overhead.py's timings of live page-view recording, or {"error": what}."""
    log(f"Timing page-view recording in-process (bench/stats_overhead.py, {count} requests)")
    try:
        return bench_script(env, "stats_overhead.py", str(count))
    except BenchError as exc:
        return {"error": str(exc)}


def broker_choice():
    """(URL, where it comes from) of the broker for the submit's "after" timing.

    The environment's CELERY_BROKER_URL or REDIS_URL, as seu.settings reads
    them, else Redis on this machine's default port; whether it answers is
    for bench/submission.py to find out."""
    for variable in ("CELERY_BROKER_URL", "REDIS_URL"):
        url = os.environ.get(variable, "").strip()
        if url:
            return url, variable
    return LOCAL_BROKER_URL, "Redis on this machine"


def submission_step(env, count, seeded):
    """bench/submission.py's results, or {"skipped": why} / {"error": what}."""
    if count == 0:
        return {"skipped": "BENCH_SUBMISSIONS=0"}
    if not seeded:
        # It writes cases to the registry: only on the fresh or throwaway database.
        return {"skipped": "it writes to the registry, and seed_demo did not run on this database"}
    broker_url, source = broker_choice()
    log(
        f"Timing {count} submissions each way, without and with a broker, and the worker's "
        "receipts (bench/submission.py)"
    )
    try:
        result = bench_script(dict(env, BENCH_BROKER_URL=broker_url), "submission.py", str(count))
    except BenchError as exc:
        return {"error": str(exc)}
    result["broker"] = f"{describe_database_url(broker_url)} ({source})"
    return result


def mail_step(env, count, seeded):
    """bench/outbox_delivery.py's results, or {"skipped": why} / {"error": what}."""
    if count == 0:
        return {"skipped": "BENCH_MAILS=0"}
    if not seeded:
        # It delivers every mail waiting in the outbox, to a server that keeps none.
        return {"skipped": "it empties the outbox, and seed_demo did not run on this database"}
    log(f"Delivering 2 × {count} mails from the outbox over SMTP (bench/outbox_delivery.py)")
    try:
        return bench_script(env, "outbox_delivery.py", str(count))
    except BenchError as exc:
        return {"error": str(exc)}


# --- Pages under load ---------------------------------------------------------------------


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
    process = start_gunicorn(command, served_environment(env))
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
