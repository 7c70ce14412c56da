"""What the benchmark's steps share: where things go, its settings, errors and logging.

Only the standard library is used here; Django runs in the subprocesses.
"""

import os
import sys
from pathlib import Path

import pages as bench_pages

ROOT = Path(__file__).resolve().parent.parent
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
DEFAULT_MAILS = 200
# The broker of the submit's "after" timing when the environment names none.
LOCAL_BROKER_URL = "redis://127.0.0.1:6379/0"
WARMUP_SECONDS = 0.5
HEALTH_TIMEOUT = 30
STOP_TIMEOUT = 10
# How long one request may take under load before it counts as an error: a page
# that takes seconds (a search over many notices) is measured, not dropped.
REQUEST_TIMEOUT = 30
POSTGRESQL_SCHEMES = ("postgres", "postgresql", "pgsql", "psql", "postgis")


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


def bench_mails():
    return whole_number("BENCH_MAILS", DEFAULT_MAILS, 0, "of mails")
