"""How long registering a submission takes, for `make bench`.

Run by bench/run.py with the benchmark's production environment, after the
page table (gunicorn is stopped by then):

    .venv/bin/python bench/submission.py 20

The demo citizen submits the generic request (the procedure with
is_generic=True) that many times, in-process, through tramits.services as the
site does: a draft answered field by field like tramits/demo_cases.py does,
with a small PDF in every file field that takes PDFs; then
`submission_register` (one transaction, timed up to its commit) and the
sealed receipt that the site issues right after the commit (timed apart:
`receipt_issue`, as `_after_entry` calls it). The mail `_after_entry` also
sends is left out: the after-commit callbacks are caught, not run, so the
registration time holds the transaction only. One warm-up submission (fonts,
seal, first queries) comes first and is not counted.

Writes to the registry: bench/run.py runs it only on a throwaway database.
Prints one JSON line: median and p95 (nearest rank) of registration,
receipt and total milliseconds, the samples, and the receipt PDF sizes.
"""

import json
import math
import statistics
import sys
import time
from unittest import mock

import djangoenv

WARMUP = 1


def percentile(sorted_values, percent):
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summary(samples):
    ordered = sorted(samples)
    return {
        "median": round(statistics.median(ordered), 3),
        "p95": round(percentile(ordered, 95), 3),
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


def submit_once(citizen, procedure):
    """(registration ms, receipt ms, receipt bytes, attachment bytes) of one submission."""
    from django.db import transaction

    from tramits import services
    from tramits.choices import EntryKind
    from tramits.models import RegistryEntry

    draft = services.draft_for(applicant=citizen, procedure=procedure)
    answers, files = draft_contents(procedure)
    services.draft_save(draft=draft, answers=answers, files=files)

    # The after-commit callbacks (receipt and mail) are caught, not run.
    with mock.patch.object(transaction, "on_commit", lambda func, using=None, robust=False: None):
        started = time.perf_counter()
        submission = services.submission_register(draft=draft, device_class="desktop")
        registration = time.perf_counter() - started

    # What _after_entry does after the commit, without the mail.
    started = time.perf_counter()
    entry = RegistryEntry.objects.select_related("submission__procedure", "applicant").get(
        submission=submission, kind=EntryKind.SUBMISSION
    )
    document = services.receipt_issue(entry=entry)
    receipt = time.perf_counter() - started
    attached = sum(checked.size for checked in files.values())
    return registration * 1000, receipt * 1000, document.size, attached


def main(argv):
    count = int(argv[0]) if argv else 20
    if count < 1:
        sys.stderr.write("usage: submission.py [COUNT >= 1]\n")
        return 2
    djangoenv.setup()

    from django.db import connection

    from tramits.models import Procedure

    citizen = djangoenv.demo_citizen()
    procedure = Procedure.objects.filter(is_generic=True).first()
    if procedure is None:
        raise LookupError("there is no generic request (Procedure with is_generic=True)")

    for _ in range(WARMUP):
        submit_once(citizen, procedure)
    registration, receipt, total, receipt_bytes = [], [], [], []
    attachment_bytes = 0
    for _ in range(count):
        register_ms, receipt_ms, size, attachment_bytes = submit_once(citizen, procedure)
        registration.append(register_ms)
        receipt.append(receipt_ms)
        total.append(register_ms + receipt_ms)
        receipt_bytes.append(size)

    result = {
        "procedure": procedure.slug,
        "submissions": count,
        "warmup": WARMUP,
        "attachment_bytes": attachment_bytes,
        "database": connection.vendor,
        "registration_ms": summary(registration),
        "receipt_ms": summary(receipt),
        "total_ms": summary(total),
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
