"""The real queue: a Celery worker process, Redis as the broker, PostgreSQL.

This process registers applications with a broker configured, so the work
after each commit is queued on Redis (db 7, emptied before and after each
test); a worker started with `celery -A seu worker`, as `make worker` starts
it, does it in another process, on the same test database. The worker hands
a task back only once it is done (acks_late), so a worker killed in the
middle of one leaves it to the next, after the visibility timeout (3 s here).

The worker is another process: it cannot open SQLite's in-memory test
database, so these tests run on PostgreSQL only (CI runs the suite there),
and they need Redis at 127.0.0.1:6379.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction

from documents.models import IssuedDocument
from outbox.choices import MailKind, MailState
from outbox.models import Mail
from seu.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.realparts import SmtpSink, submission_register_for, wait_for
from tests.tramits.factories import ProcedureFactory
from tramits.models import RegistryEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REDIS_URL = "redis://127.0.0.1:6379/7"
VISIBILITY_TIMEOUT = 3
CELERY = Path(sys.executable).with_name("celery")


@pytest.fixture(autouse=True)
def _postgresql_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("The worker is another process: SQLite's test database is in memory.")


@pytest.fixture
def database_url():
    """The test database, as the worker's DATABASE_URL."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    # A Unix socket's folder goes in the host, percent-encoded.
    host = quote(db["HOST"] or "localhost", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"No Redis at {REDIS_URL}")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def _broker_connections_forget():
    # The app keeps its broker connections from the first task it queued, to
    # the broker it had then; Celery forgets them only after a fork, with
    # this (private) method.
    kombu.pools.reset()
    celery_app._after_fork()


@pytest.fixture
def broker(settings, redis_db):
    """This process queues its tasks on Redis, as a web process with
    CELERY_BROKER_URL does."""
    before = celery_app.conf.broker_url
    settings.CELERY_BROKER_URL = REDIS_URL
    celery_app.conf.broker_url = REDIS_URL
    _broker_connections_forget()
    yield redis_db
    celery_app.conf.broker_url = before
    _broker_connections_forget()


@pytest.fixture
def smtp():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


class Worker:
    """`celery -A seu worker` in a process group of its own, logging to a file."""

    def __init__(self, *, environment: dict, log: Path, name: str):
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [
                    str(CELERY),
                    "-A",
                    "seu",
                    "worker",
                    "--pool=solo",
                    "--concurrency=1",
                    "-Q",
                    "celery",
                    "-l",
                    "info",
                    "-n",
                    f"{name}@%h",
                    # A lone worker: no waiting for others to say hello.
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                ],
                cwd=django_settings.BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_ready(self) -> None:
        wait_for(self._ready, timeout=30, what=f"the worker to start ({self.log})")

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"The worker stopped at once:\n{self.output()}")
        return " ready." in self.output()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def task_ids(self, task: str, event: str) -> list[str]:
        """The ids of the `task`s this worker logged as `event` (received, succeeded)."""
        return re.findall(rf"Task {re.escape(task)}\[([0-9a-f-]+)\] {event}", self.output())

    def kill(self) -> None:
        """SIGKILL to the whole group: no warm shutdown, nothing acknowledged."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def start_worker(transactional_db, database_url, broker, smtp, settings, tmp_path):
    """Start a worker on the test's database, media folder, seal, broker and
    mail server; every worker is killed when the test ends."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CELERY_", "EMAIL_", "DATABASE_", "REDIS_", "SEAL_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="seu.settings",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="0",
        CELERY_BROKER_URL=REDIS_URL,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        SEAL_P12_PATH=str(settings.SEAL_P12_PATH),
        SEAL_P12_PASSWORD=settings.SEAL_P12_PASSWORD,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}/",
        EMAIL_TIMEOUT="2",
        SEU_SITE_URL="https://seu.mollet.example",
        PYTHONUNBUFFERED="1",
    )
    workers = []

    def start_worker() -> Worker:
        number = len(workers) + 1
        worker = Worker(
            environment=environment, log=tmp_path / f"worker{number}.log", name=f"test{number}"
        )
        workers.append(worker)
        worker.wait_until_ready()
        return worker

    yield start_worker
    for worker in workers:
        worker.kill()


@pytest.fixture
def procedure(transactional_db):
    return ProcedureFactory(title="Ocupació de la via pública", slug="ocupacio-via-publica")


def queued_tasks(redis_client) -> list[str]:
    """The names of the tasks waiting in the default queue, oldest first."""
    return [
        json.loads(message)["headers"]["task"]
        for message in reversed(redis_client.lrange("celery", 0, -1))
    ]


def receipt_of(entry):
    return RegistryEntry.objects.select_related("receipt").get(pk=entry.pk).receipt


def waiting_for_a_row_lock() -> int:
    """Sessions of the test database waiting for a lock another one holds."""
    with connection.cursor() as cursor:
        # The statistics views keep one snapshot per transaction, and the
        # caller holds its lock in one: take a new snapshot each time.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_registration_queues_its_receipt_and_a_worker_issues_it(
    broker, start_worker, procedure, citizen
):
    submission = submission_register_for(citizen, procedure)
    entry = submission.entries.get()

    # Nothing was done in the request: the work waits in the queue.
    assert receipt_of(entry) is None
    assert queued_tasks(broker) == ["outbox.deliver", "tramits.receipt_issue"]

    worker = start_worker()
    receipt = wait_for(lambda: receipt_of(entry), timeout=30, what="the receipt")

    assert receipt.owner == citizen
    with receipt.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    assert list(IssuedDocument.objects.for_object(entry)) == [receipt]
    wait_for(
        lambda: len(worker.task_ids("tramits.receipt_issue", "succeeded")) == 1,
        timeout=10,
        what="the worker's log",
    )
    assert queued_tasks(broker) == []


def test_a_receipt_whose_worker_was_killed_is_issued_by_the_next_one_once(
    broker, start_worker, procedure, citizen
):
    submission = submission_register_for(citizen, procedure)
    entry = submission.entries.get()

    # Staff (say) hold the entry's row: the worker's task waits for it, inside
    # its transaction, and is killed there.
    with transaction.atomic():
        RegistryEntry.objects.select_for_update().get(pk=entry.pk)
        first = start_worker()
        [task_id] = wait_for(
            lambda: first.task_ids("tramits.receipt_issue", "received"),
            timeout=30,
            what="the worker to take the receipt's task",
        )
        received = time.monotonic()
        wait_for(waiting_for_a_row_lock, timeout=10, what="the task to wait for the row")
        first.kill()

    # The broker still holds the task the dead worker never acknowledged.
    assert broker.hlen("unacked") == 1
    assert receipt_of(entry) is None
    # A worker looks for such tasks when it starts: start the next one once
    # the task's visibility timeout has passed.
    time.sleep(max(0, received + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    second = start_worker()
    receipt = wait_for(lambda: receipt_of(entry), timeout=30, what="the receipt")

    assert second.task_ids("tramits.receipt_issue", "received") == [task_id]
    assert first.task_ids("tramits.receipt_issue", "succeeded") == []
    assert IssuedDocument.objects.for_object(entry).count() == 1
    assert receipt.owner == citizen
    wait_for(lambda: broker.hlen("unacked") == 0, timeout=10, what="the acknowledgement")


def test_a_worker_delivers_each_confirmation_mail_once(broker, start_worker, procedure, smtp):
    worker = start_worker()
    citizens = [UserFactory(email=f"veina{n}@example.cat") for n in range(3)]

    submissions = [submission_register_for(citizen, procedure) for citizen in citizens]

    wait_for(
        lambda: Mail.objects.filter(state=MailState.SENT).count() == 3,
        timeout=30,
        what="three mails sent",
    )
    mails = list(Mail.objects.filter(kind=MailKind.REGISTERED))
    assert smtp.deliveries() == {(mail.message_id, mail.recipients[0]): 1 for mail in mails}
    assert {message.to: message.subject for message in smtp.received} == {
        s.applicant_email: f"Registered: Ocupació de la via pública ({s.number})"
        for s in submissions
    }
    wait_for(
        lambda: len(worker.task_ids("outbox.deliver", "succeeded")) == 3,
        timeout=10,
        what="the worker's log",
    )
    # Their receipts too, while we are here; and still no mail twice.
    wait_for(
        lambda: not RegistryEntry.objects.filter(receipt__isnull=True).exists(),
        timeout=30,
        what="the receipts",
    )
    assert len(smtp.received) == 3
