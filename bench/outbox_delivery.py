"""Mails delivered per second from the outbox, for `make bench`.

Run by bench/run.py with the benchmark's production environment, after
bench/submission.py:

    .venv/bin/python bench/outbox_delivery.py 200

Mails go over SMTP, through Django's SMTP backend, to a local server of the
bench's own (bench/smtp_sink.py, in a process of its own) that accepts them
all:

1. The mails already waiting in the outbox (those of the "after" submissions
   of bench/submission.py: no worker took their tasks) are delivered first
   with deliver_due, not timed; it warms the delivery up too.
2. deliver_due: COUNT mails written with outbox.services.mail_queue, each the
   size of a registry confirmation; the delivery each asks for after the
   commit is left out, as when no worker took it. Then
   outbox.services.deliver_due(), what the beat runs every minute, is timed
   until it has sent them: they go over one SMTP connection.
3. a task per mail: COUNT more mails, each delivered by the body of the task
   outbox.deliver (services.deliver([id])), one after the other, as one
   worker runs the tasks that mail_queue asks for: one SMTP connection each.

Checks that every mail is marked sent and arrived exactly once (by its
Message-ID); exits 1 and says why when not. Mails per second are COUNT
divided by the time of the whole delivery. Writes to the outbox:
bench/run.py runs it only on a throwaway database. Prints one JSON line.
"""

import json
import statistics
import sys
import time
from unittest import mock

import djangoenv
from smtp_sink import SmtpSink

BODY = """Hola, Marta Puig i Soler,

La teva sol·licitud «Instància genèrica» s'ha inscrit al registre electrònic de
l'Ajuntament de Mollet del Vallès amb el número {number}.

Pots fer-ne el seguiment i descarregar-ne el justificant a La meva carpeta:
https://seu.mollet.example/ca/tramits/les-meves-sollicituds/{slug}/

Ajuntament de Mollet del Vallès
"""


def mails_write(count, first):
    """COUNT mails in the outbox, written as the site writes them; their ids."""
    from django.db import transaction

    from outbox import services
    from outbox.choices import MailKind
    from seu import background

    asked = []
    # mail_queue asks for each mail's delivery after the commit: left out, so
    # that the mails wait for the delivery being timed.
    with (
        mock.patch.object(background, "after_commit", lambda task, *args: asked.append(task)),
        transaction.atomic(),
    ):
        ids = []
        for index in range(first, first + count):
            number = f"E/2026/{900000 + index:06d}"
            mail = services.mail_queue(
                kind=MailKind.REGISTERED,
                to=f"bench-{index}@mollet.example",
                subject=f"Sol·licitud registrada: Instància genèrica ({number})",
                body=BODY.format(number=number, slug=number.replace("/", "-")),
                language="ca",
            )
            ids.append(mail.pk)
    if len(asked) != count:
        raise SystemExit(f"mail_queue asked for {len(asked)} deliveries for {count} mails")
    return ids


def sent_check(ids, what):
    """SystemExit unless every one of these mails is marked sent."""
    from outbox.choices import MailState
    from outbox.models import Mail

    if unsent := Mail.objects.filter(pk__in=ids).exclude(state=MailState.SENT).count():
        raise SystemExit(f"{what}: {unsent} of {len(ids)} mails not marked sent")


def message_ids(ids):
    from outbox.models import Mail

    return list(Mail.objects.filter(pk__in=ids).values_list("message_id", flat=True))


def drain():
    """Deliver what earlier steps left waiting; the ids it found."""
    from django.utils import timezone

    from outbox import services
    from outbox.choices import MailState
    from outbox.models import Mail

    waiting = list(
        Mail.objects.filter(
            state=MailState.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)
    )
    while services.deliver_due().sent:
        pass
    sent_check(waiting, "the mails left waiting")
    return waiting


def deliver_due_timed(ids):
    """Seconds that deliver_due takes to send these mails (it runs until it has)."""
    from outbox import services

    sent = 0
    started = time.perf_counter()
    while sent < len(ids):
        delivery = services.deliver_due()
        if delivery.failed or delivery.waiting:
            raise SystemExit(f"deliver_due: {delivery}")
        if not delivery.sent:
            break
        sent += delivery.sent
    elapsed = time.perf_counter() - started
    sent_check(ids, "deliver_due")
    return elapsed


def task_per_mail_timed(ids):
    """(seconds in all, ms per mail) of the task outbox.deliver, one mail each."""
    from outbox import tasks

    samples = []
    started = time.perf_counter()
    for pk in ids:
        one = time.perf_counter()
        tasks.deliver.run(pk)
        samples.append((time.perf_counter() - one) * 1000)
    elapsed = time.perf_counter() - started
    sent_check(ids, "outbox.deliver")
    return elapsed, samples


def rate(count, seconds):
    return {"seconds": round(seconds, 3), "mails_per_s": round(count / seconds, 1)}


def main(argv):
    count = int(argv[0]) if argv else 200
    if count < 1:
        sys.stderr.write("usage: outbox_delivery.py [COUNT >= 1]\n")
        return 2
    djangoenv.setup()

    from django.db import connection

    with SmtpSink() as sink:
        sink.use_for_django()
        waiting = drain()
        by_due = mails_write(count, first=0)
        due_seconds = deliver_due_timed(by_due)
        by_task = mails_write(count, first=count)
        task_seconds, task_ms = task_per_mail_timed(by_task)

    for what, ids in (
        ("the mails left waiting", waiting),
        ("deliver_due", by_due),
        ("outbox.deliver", by_task),
    ):
        if problem := sink.missing_or_repeated(message_ids(ids)):
            raise SystemExit(f"{what}: of {len(ids)} mails, {problem}")
    messages = sum(sink.received.values())

    result = {
        "mails": count,
        "database": connection.vendor,
        "smtp": "aiosmtpd on 127.0.0.1 (bench/smtp_sink.py), plain SMTP",
        "message_bytes": round(sink.bytes / messages) if messages else None,
        "drained": len(waiting),
        "deliver_due": rate(count, due_seconds),
        "task_per_mail": {
            **rate(count, task_seconds),
            "median_ms": round(statistics.median(task_ms), 3),
        },
        "arrived_once": True,
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
