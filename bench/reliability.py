"""The reliability test of issue #16, against a production-like deployment.

    .venv/bin/python bench/reliability.py          # all four scenarios, a few minutes
    .venv/bin/python bench/reliability.py 1 3      # only these

Starts everything it uses, of its own: a PostgreSQL cluster in a temporary
folder on a free port (the machine's PostgreSQL on 5432 is never touched),
database 11 of the local Redis as broker and cache (emptied before and
after), an SMTP server in this process (aiosmtpd) that records every message
and can be stopped, started again on the same port, or replaced by one that
accepts connections and never answers. Then the seu as production runs it:
`migrate`, `collectstatic`, `seal_create_dev`, `seed_demo --force`; gunicorn
with 4 workers (DEBUG off, a random SECRET_KEY) and a Celery worker with
beat, all with the same environment; and a second gunicorn without a broker,
for comparison. Citizens log in and submit the generic request through the
real forms, over HTTP. The scenarios are in bench/reliability_scenarios.py.

Prints a table, writes var/bench/reliability.json, keeps the processes' logs
in var/bench/reliability/, and stops and removes everything it started, on
errors and Ctrl-C too. Exits 1 when a check fails, 2 when it cannot set up.
See bench/RELIABILITY.md.
"""

import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

# bench/ on the path, so that its modules are found however this file is run.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import reliability_scenarios as scenarios  # noqa: E402
from reliability_client import Browser, log_in  # noqa: E402
from reliability_services import (  # noqa: E402
    HOST,
    PrivatePostgres,
    RedisDatabase,
    Service,
    SetupError,
    SmtpServer,
    free_port,
    tail,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS_PATH = ROOT / "var" / "bench" / "reliability.json"
LOGS_DIR = ROOT / "var" / "bench" / "reliability"
REDIS_DB = 11
WEB_WORKERS = 4
EMAIL_TIMEOUT = 2
# Citizens besides the demo one, for the threads that submit at the same time.
EXTRA_CITIZENS = 2
HEALTH_TIMEOUT = 60
WORKER_READY_TIMEOUT = 90
# Variables of the caller's environment that would point the seu elsewhere.
CLEARED = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_VISIBILITY_TIMEOUT",
    "EMAIL_URL",
    "EMAIL_TIMEOUT",
    "MEDIA_ROOT",
    "SEAL_P12_PATH",
    "SEAL_P12_PASSWORD",
    "ADMINS",
    "BENCH_REFERENCE_VIEW",
    "RATELIMIT_STORE",
    "PORT",
    "WEB_CONCURRENCY",
)


def log(message=""):
    print(message, flush=True)


def venv_bin(name):
    path = ROOT / ".venv" / "bin" / name
    return str(path if path.exists() else Path(sys.executable).parent / name)


class Deployment:
    """Everything the scenarios run against; `close()` stops and removes it all."""

    def __init__(self, stack):
        self.stack = stack
        self.folder = Path(tempfile.mkdtemp(prefix="seu-reliability-"))
        stack.callback(shutil.rmtree, self.folder, True)
        stack.callback(self._keep_logs)
        self.media = self.folder / "media"
        self.logs = self.folder / "logs"
        self.logs.mkdir()
        self.pdf_path = self.folder / "attachment.pdf"
        self.postgres = None
        self.redis = RedisDatabase(REDIS_DB)
        self.smtp = SmtpServer()
        self.web = {}  # "broker" / "no broker": (Service, port)
        self.worker = None
        self.env = None
        self.accounts = None
        self.pdf = b""
        self.smtp_answers_again = None  # when scenario 2 put the real SMTP server back

    # --- setting up ---------------------------------------------------------------

    def set_up(self):
        started = time.monotonic()
        self.smtp.start()
        self.stack.callback(self.smtp.close)
        log(f"SMTP server (aiosmtpd) on {HOST}:{self.smtp.port}")

        self.redis.open()
        self.stack.callback(self.redis.flush)
        note = f" ({self.redis.keys_found} keys found and flushed)" if self.redis.keys_found else ""
        log(f"Redis database {self.redis.url}, emptied{note}")

        self.postgres = PrivatePostgres()
        # Run last to first: stop the server, keep its log, remove its folder.
        self.stack.callback(self.postgres.remove)
        self.stack.callback(self._keep_postgres_log)
        self.stack.callback(self.postgres.stop)
        self.postgres.start()
        self.postgres.create_database("seu")
        log(
            f"PostgreSQL {self.postgres.bin_dir.parent.name}: a private cluster on "
            f"{HOST}:{self.postgres.port} in {self.postgres.folder}"
        )

        self.env = self._environment()
        # Setting up runs the work after each commit in-process (no broker), as
        # bench/run.py does: nothing is queued before the worker starts.
        setup_env = {**self.env, "CELERY_BROKER_URL": ""}
        took = []
        for command in (
            ["migrate", "--noinput"],
            ["collectstatic", "--noinput"],
            ["seal_create_dev"],
            ["seed_demo", "--force"],
        ):
            step_started = time.monotonic()
            self._manage(command, setup_env)
            took.append(f"{command[0]} {time.monotonic() - step_started:.0f} s")
        self.accounts = self.django("prepare", str(EXTRA_CITIZENS), str(self.pdf_path))
        self.pdf = self.pdf_path.read_bytes()
        log(f"Database ready: {', '.join(took)}")

        self.start_web("broker", self.env)
        self.start_web("no broker", {**self.env, "CELERY_BROKER_URL": ""})
        self._start_worker()
        # What seed_demo mailed is not the scenarios' business.
        with self.smtp.lock:
            self.smtp.messages.clear()
        log(f"Set up in {time.monotonic() - started:.0f} s\n")

    def _environment(self):
        env = {key: value for key, value in os.environ.items() if key not in CLEARED}
        env.update(
            {
                "DEBUG": "False",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": HOST,
                "SECURE_SSL_REDIRECT": "False",
                "DATABASE_URL": self.postgres.url("seu"),
                "REDIS_URL": self.redis.url,
                "CELERY_BROKER_URL": self.redis.url,
                # A task a killed worker left unacknowledged comes back in a minute, not an hour.
                "CELERY_VISIBILITY_TIMEOUT": "60",
                "EMAIL_URL": f"smtp://{HOST}:{self.smtp.port}",
                "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
                "MEDIA_ROOT": str(self.media),
                "SEAL_P12_PATH": str(self.folder / "seal" / "dev-seal.p12"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def _manage(self, command, env):
        result = subprocess.run(
            [venv_bin("python"), "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            raise SetupError(
                f"manage.py {' '.join(command)} failed:\n" + (result.stdout + result.stderr)[-4000:]
            )

    def django(self, *arguments):
        """bench/reliability_django.py with the seu's environment; its JSON answer."""
        result = subprocess.run(
            [venv_bin("python"), str(ROOT / "bench" / "reliability_django.py"), *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            raise SetupError(
                f"reliability_django.py {arguments[0]} failed:\n"
                + (result.stdout + result.stderr)[-4000:]
            )
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start_web(self, name, env):
        port = free_port()
        command = [
            venv_bin("gunicorn"),
            "seu.wsgi",
            "-w",
            str(WEB_WORKERS),
            "-b",
            f"{HOST}:{port}",
        ]
        help_text = subprocess.run(
            [venv_bin("gunicorn"), "--help"], capture_output=True, text=True
        ).stdout
        if "--no-control-socket" in help_text:
            # gunicorn >= 25 opens a control socket in the home folder; two would clash.
            command.append("--no-control-socket")
        slug = name.replace(" ", "-")
        service = Service(
            f"gunicorn ({name})",
            command,
            env=env,
            cwd=ROOT,
            log_path=self.logs / f"gunicorn-{slug}.log",
        )
        self.stack.callback(service.stop)
        self.web[name] = (service, port)
        browser = Browser(port, timeout=5)
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while True:
            answer = browser.get("/healthz")
            if answer.status == 200:
                break
            if not service.alive() or time.monotonic() > deadline:
                raise SetupError(
                    f"gunicorn ({name}) did not answer /healthz with 200 "
                    f"({answer.label()}):\n" + tail(service.log_path)
                )
            time.sleep(0.3)
        log(f"gunicorn ({name}): {WEB_WORKERS} workers on {HOST}:{port}, pid {service.pid}")

    def _start_worker(self):
        command = [
            venv_bin("celery"),
            "-A",
            "seu",
            "worker",
            "--beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(self.folder / "celerybeat-schedule"),
            "--hostname",
            f"reliability-{os.getpid()}@%h",
        ]
        self.worker = Service(
            "Celery worker", command, env=self.env, cwd=ROOT, log_path=self.logs / "celery.log"
        )
        self.stack.callback(self.worker.stop, 60)
        self.worker.wait_for_log(" ready.", WORKER_READY_TIMEOUT)
        log(f"Celery worker with beat, pid {self.worker.pid}")

    # --- what the scenarios use ---------------------------------------------------------

    def port(self, name="broker"):
        return self.web[name][1]

    def web_service(self, name="broker"):
        return self.web[name][0]

    @property
    def slug(self):
        return self.accounts["procedure"]

    def citizen(self, index=None):
        """The demo citizen's account, or the index-th extra one."""
        return self.accounts["citizen"] if index is None else self.accounts["citizens"][index]

    def browser(self, port=None, *, citizen=None, record=None, timeout=30):
        """A browser on the seu; logged in through the form when `citizen` is given."""
        browser = Browser(port or self.port(), timeout=timeout)
        if citizen is not None:
            log_in(browser, citizen["email"], citizen["password"])
        browser.record = record
        return browser

    def _keep_logs(self):
        LOGS_DIR.mkdir(parents=True, exist_ok=True)
        for path in self.logs.glob("*.log"):
            shutil.copy(path, LOGS_DIR / path.name)

    def _keep_postgres_log(self):
        if self.postgres.folder is not None and self.postgres.log_path.exists():
            LOGS_DIR.mkdir(parents=True, exist_ok=True)
            shutil.copy(self.postgres.log_path, LOGS_DIR / "postgresql.log")


# --- the table ---------------------------------------------------------------------------


def print_table(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    header = ("scenario", "figure", "value", "check")
    widths = [max(width, len(title)) for width, title in zip(widths, header, strict=True)]
    line = "  ".join(f"{{:<{width}}}" for width in widths)
    log(line.format(*header))
    log("  ".join("-" * width for width in widths))
    previous = None
    for row in rows:
        scenario = row[0] if row[0] != previous else ""
        previous = row[0]
        log(line.format(scenario, *row[1:]))


def main(argv):
    try:
        chosen = sorted({int(arg) for arg in argv}) or sorted(scenarios.SCENARIOS)
    except ValueError:
        chosen = None
    if not chosen or not set(chosen) <= scenarios.SCENARIOS.keys():
        sys.stderr.write("usage: bench/reliability.py [1] [2] [3] [4]\n")
        return 2
    # SIGTERM ends the run as Ctrl-C does: through the clean-up below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    started = time.monotonic()
    results = {
        "date": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "settings": {
            "web_workers": WEB_WORKERS,
            "email_timeout": EMAIL_TIMEOUT,
            "redis_db": REDIS_DB,
        },
        "scenarios": {},
    }
    rows = []
    try:
        with ExitStack() as stack:
            deployment = Deployment(stack)
            deployment.set_up()
            results["settings"]["postgresql"] = deployment.postgres.bin_dir.parent.name
            for number in chosen:
                title, run = scenarios.SCENARIOS[number]
                log(f"Scenario {number}: {title}")
                outcome = run(deployment)
                results["scenarios"][str(number)] = outcome.details
                rows += [(f"{number} {title}", *row) for row in outcome.rows]
                log("")
            final = scenarios.recheck_mails(deployment, results["scenarios"])
            rows += [("after the run", *row) for row in final.rows]
            results["after_the_run"] = final.details
            log("Stopping and removing everything the run started...")
    except SetupError as exc:
        log(f"\nreliability.py: {exc}")
        return 2
    except KeyboardInterrupt:
        log("\nreliability.py: interrupted; everything it started is stopped and removed.")
        return 130
    results["seconds"] = round(time.monotonic() - started, 1)
    results["rows"] = [list(row) for row in rows]
    log("")
    print_table(rows)
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    failed = [row for row in rows if row[3] == "FAIL"]
    log(
        f"\n{len(failed)} checks failed; results in {RESULTS_PATH.relative_to(ROOT)}, logs in "
        f"{LOGS_DIR.relative_to(ROOT)}/ ({results['seconds']:.0f} s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
