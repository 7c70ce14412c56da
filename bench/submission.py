"""The submit's server time without and with a broker, and the worker's receipts.

Run by bench/run.py with the benchmark's production environment, after the
page table (gunicorn is stopped by then):

    BENCH_BROKER_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/submission.py 20

The demo citizen submits the generic request (the procedure with
is_generic=True) in-process: a draft answered field by field like
tramits/demo_cases.py does, with a small PDF in every file field that takes
PDFs (not timed), then `submission_register` called as the view calls it,
outside any transaction, so that its transaction commits when it returns and
the after-commit callbacks run before it does. Timed from the call to its
return: from the start of the registration to the response being ready (the
view only adds a message and a redirect). COUNT submissions each way,
alternating, after one warm-up each way:

- before: no broker (CELERY_BROKER_URL empty). The callbacks do the work
  here, in the citizen's request: the outbox delivers the confirmation mail
  over SMTP to a local server (bench/smtp_sink.py), then the receipt is built,
  sealed and stored.
- after: the broker of BENCH_BROKER_URL. The callbacks queue two tasks (the
  mail's delivery and the receipt) and return. The tasks go to a queue of the
  bench's own, which no worker reads and which is deleted at the end. When no
  broker answers there, "after" is not measured and the output says why.

Each callback is timed too (seu.background.dispatch, wrapped): the
registration's transaction is the total minus the callbacks.

Then the worker's time per receipt: the body of the task
tramits.tasks.receipt_issue (read the entry, then services.receipt_issue:
build, seal and store the PDF), run here on the COUNT entries that the
"after" submissions left without a receipt; without a broker, on COUNT
entries registered with the after-commit work left out.

Checks what each way did: before, every confirmation mail arrived once and
every entry has its receipt; after, two tasks per submission wait in the
queue, and no receipt or mail was done in the request; then every receipt
the worker step issued exists. Exits 1 and says why when one fails.

Writes to the registry: bench/run.py runs it only on a throwaway database.
Prints one JSON line.
"""

import json
import math
import os
import secrets
import statistics
import sys
import time
from unittest import mock

import djangoenv
from smtp_sink import SmtpSink

WARMUP = 1
RECEIPT_TASK = "tramits.receipt_issue"
MAIL_TASK = "outbox.deliver"


def percentile(sorted_values, percent):
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summary(samples):
    ordered = sorted(samples)
    return {
        "median": round(statistics.median(ordered), 3),
        "p95": round(percentile(ordered, 95), 3),
        "mean": round(statistics.fmean(ordered), 3),
        "samples": [round(value, 3) for value in samples],
    }


def draft_contents(procedure):
    """(answers, files) for a draft of `procedure`, like tramits/demo_cases.py makes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tramits import services
    from tramits.choices import FieldKind, FileType
    from tramits.demo_cases import _answer, _sample_pdf

    answers, files = {}, {}
    for field in procedure.fields.all():
        if field.kind != FieldKind.FILE:
            answers[field.name] = _answer(field)
        elif FileType.PDF in field.allowed_type_list:
            upload = SimpleUploadedFile(
                f"{field.name}.pdf", _sample_pdf(field.label), "application/pdf"
            )
            files[field.name] = services.upload_check(upload=upload, field=field)
    return answers, files


class Submitter:
    """Registers submissions of one procedure by one citizen, as the view does."""

    def __init__(self, citizen, procedure):
        self.citizen = citizen
        self.procedure = procedure
        self.attachment_bytes = 0

    def draft(self):
        from tramits import services

        draft = services.draft_for(applicant=self.citizen, procedure=self.procedure)
        answers, files = draft_contents(self.procedure)
        services.draft_save(draft=draft, answers=answers, files=files)
        self.attachment_bytes = sum(checked.size for checked in files.values())
        return draft

    def submit(self, broker_url):
        """(entry, total ms, {task name: ms of its after-commit callback}).

        `broker_url` empty: no broker, the callbacks do the work here."""
        from django.conf import settings
        from django.db import connection

        from seu import background
        from tramits import services
        from tramits.choices import EntryKind

        draft = self.draft()
        settings.CELERY_BROKER_URL = broker_url
        callbacks = {}
        dispatch = background.dispatch

        def timed_dispatch(task, *args):
            started = time.perf_counter()
            dispatch(task, *args)
            callbacks[task.name] = (
                callbacks.get(task.name, 0) + (time.perf_counter() - started) * 1000
            )

        if connection.in_atomic_block:
            raise SystemExit("submission.py: inside a transaction, nothing would commit")
        # The wrapper only times; after_commit looks dispatch up when it is called.
        with mock.patch.object(background, "dispatch", timed_dispatch):
            started = time.perf_counter()
            submission = services.submission_register(
                draft=draft, device_class="desktop", identification=_signer(draft.applicant)
            )
            total = (time.perf_counter() - started) * 1000
        entry = submission.entries.get(kind=EntryKind.SUBMISSION)
        if not {RECEIPT_TASK, MAIL_TASK} <= callbacks.keys():
            raise SystemExit(
                f"submission.py: expected the callbacks {RECEIPT_TASK} and {MAIL_TASK} "
                f"after the commit, got {sorted(callbacks) or 'none'}"
            )
        return entry, total, callbacks

    def submit_without_background(self):
        """An entry whose receipt and mail are left undone, as a broker leaves them."""
        from seu import background

        with mock.patch.object(background, "dispatch", lambda task, *args: None):
            entry, _total, _callbacks = self.submit("")
        return entry


class Way:
    """The samples of one way of submitting (before or after)."""

    def __init__(self):
        self.entries, self.total, self.after_commit = [], [], []
        self.tasks = {}

    def add(self, entry, total, callbacks):
        self.entries.append(entry)
        self.total.append(total)
        self.after_commit.append(sum(callbacks.values()))
        for name, ms in callbacks.items():
            self.tasks.setdefault(name, []).append(ms)

    def result(self):
        return {
            "submissions": len(self.total),
            "total_ms": summary(self.total),
            "transaction_ms": summary(
                [total - after for total, after in zip(self.total, self.after_commit, strict=True)]
            ),
            "after_commit_ms": summary(self.after_commit),
            "tasks_ms": {name: summary(samples) for name, samples in sorted(self.tasks.items())},
        }


def confirmation_mails(entries):
    """The registry confirmation mails of these entries, in the outbox."""
    from django.contrib.contenttypes.models import ContentType

    from outbox.choices import MailKind
    from outbox.models import Mail
    from tramits.models import RegistryEntry

    return list(
        Mail.objects.filter(
            kind=MailKind.REGISTERED,
            about_type=ContentType.objects.get_for_model(RegistryEntry),
            about_id__in=[str(entry.pk) for entry in entries],
        )
    )


def receipts_missing(entries):
    from tramits.models import RegistryEntry

    return RegistryEntry.objects.filter(
        pk__in=[entry.pk for entry in entries], receipt__isnull=True
    ).count()


def check_before(way, sink):
    """Each "before" submission sent its mail (once) and has its receipt."""
    from outbox.choices import MailState

    mails = confirmation_mails(way.entries)
    if len(mails) != len(way.entries):
        raise SystemExit(f"before: {len(mails)} confirmation mails for {len(way.entries)} entries")
    if unsent := sum(1 for mail in mails if mail.state != MailState.SENT):
        raise SystemExit(f"before: {unsent} confirmation mails not sent in the request")
    if problem := sink.missing_or_repeated([mail.message_id for mail in mails]):
        raise SystemExit(f"before: of the confirmation mails, {problem}")
    if missing := receipts_missing(way.entries):
        raise SystemExit(f"before: {missing} entries without their receipt after the request")


def check_after(way, queued, expected):
    """The "after" submissions only queued: two tasks each, nothing done here."""
    from outbox.choices import MailState

    if queued != expected:
        raise SystemExit(
            f"after: {queued} tasks in the bench's queue, {expected} expected "
            "(a task that could not be queued is logged above)"
        )
    if sent := sum(
        1 for mail in confirmation_mails(way.entries) if mail.state != MailState.PENDING
    ):
        raise SystemExit(f"after: {sent} confirmation mails were not left waiting")
    if receipts_missing(way.entries) != len(way.entries):
        raise SystemExit("after: some receipts were issued in the request")


class BenchQueue:
    """A queue of the bench's own on the broker: the "after" tasks wait there,
    unread by any worker, and go with it at the end."""

    def __init__(self, broker_url):
        from seu.celery import app

        self.app = app
        self.name = f"seu-bench-{os.getpid()}-{secrets.token_hex(4)}"
        # Before the first task is sent: Celery reads these when it first publishes.
        app.conf.broker_url = broker_url
        app.conf.task_default_queue = self.name

    def _bound(self, connection):
        queue = self.app.amqp.queues[self.name](connection.default_channel)
        queue.declare()
        return queue

    def size(self):
        with self.app.connection_for_write() as connection:
            return self._bound(connection).queue_declare(passive=True).message_count

    def delete(self):
        with self.app.connection_for_write() as connection:
            self._bound(connection).delete()


def broker_problem(url):
    """None when the broker at `url` answers, else why it does not."""
    if not url:
        return "no broker URL"
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=3
            )
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def worker_receipts(entries):
    """ms of the task tramits.receipt_issue per entry, run here as a worker runs it."""
    from tramits import tasks

    samples = []
    for entry in entries:
        started = time.perf_counter()
        tasks.receipt_issue.run(entry.pk)
        samples.append((time.perf_counter() - started) * 1000)
    if missing := receipts_missing(entries):
        raise SystemExit(f"worker: {missing} entries still without a receipt")
    return samples


def _signer(applicant) -> dict:
    """A fresh accredited identification, as the view passes it: the generic
    request is signed, so its evidence is part of what is timed."""
    from django.utils import timezone

    return {
        "method": "openid",
        "provider": "http://127.0.0.1/bench",
        "subject": f"bench-{applicant.pk}",
        "means": "idcatMobil",
        "document_number": applicant.id_document_number,
        "assurance": 2,
        "at": timezone.now().isoformat(),
        "fingerprint": "0" * 64,
    }


def main(argv):
    count = int(argv[0]) if argv else 20
    if count < 1:
        sys.stderr.write("usage: submission.py [COUNT >= 1]\n")
        return 2
    djangoenv.setup()

    from django.db import connection

    from tramits.models import Procedure, RegistryEntry

    citizen = djangoenv.demo_citizen()
    procedure = Procedure.objects.filter(is_generic=True).first()
    if procedure is None:
        raise LookupError("there is no generic request (Procedure with is_generic=True)")
    submitter = Submitter(citizen, procedure)

    broker_url = os.environ.get("BENCH_BROKER_URL", "").strip()
    why_no_broker = broker_problem(broker_url)
    queue = BenchQueue(broker_url) if why_no_broker is None else None
    before, after = Way(), Way()
    ways = [("", before)] + ([(broker_url, after)] if queue else [])
    try:
        with SmtpSink() as sink:
            sink.use_for_django()
            warmup = [submitter.submit(url) for url, _way in ways for _ in range(WARMUP)]
            for index in range(count):
                for url, way in ways if index % 2 == 0 else ways[::-1]:
                    way.add(*submitter.submit(url))
        check_before(before, sink)
        if queue:
            check_after(after, queue.size(), expected=2 * (count + WARMUP))
    finally:
        if queue:
            queue.delete()

    if queue:
        # The worker's warm-up, then the entries it is timed on.
        worker_receipts([entry for entry, _total, _callbacks in warmup[WARMUP:]])
        missing, source = after.entries, "after"
    else:
        missing = [submitter.submit_without_background() for _ in range(count)]
        source = "registered"
    receipt_ms = worker_receipts(missing)
    receipt_bytes = [
        entry.receipt.size
        for entry in RegistryEntry.objects.filter(pk__in=[e.pk for e in missing]).select_related(
            "receipt"
        )
    ]

    result = {
        "procedure": procedure.slug,
        "submissions": count,
        "warmup": WARMUP,
        "attachment_bytes": submitter.attachment_bytes,
        "database": connection.vendor,
        "before": before.result(),
        "after": after.result() if queue else {"not_measured": why_no_broker},
        "queue": queue.name if queue else None,
        "worker": {
            "entries": len(missing),
            "entries_from": source,
            "receipt_ms": summary(receipt_ms),
            "receipts_per_s": round(len(receipt_ms) / (sum(receipt_ms) / 1000), 2),
        },
        "receipt_bytes": {
            "median": int(statistics.median(receipt_bytes)),
            "samples": receipt_bytes,
        },
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
