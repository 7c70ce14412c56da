"""Whether the notice board is still what its publication log says was published.

The chain (tauler.services.log_verify) proves that the log was not changed
in place; this module compares everything else with the log: each published
notice with the entries about it, each document row with its notice's
PUBLISHED entry, each stored file with both, and each daily statement of the
log's head with the log and with its own sealed PDF.

Notices published before the PUBLISHED entries held a SHA-256 of every
field (data version 1) can only be compared on what their entry holds:
their number, title, start, period, cancellation and documents, not their
text, case reference, category or department.

A mismatch is a plain English sentence for the operator who runs
`tauler_verify` (like the chain's own reasons), not a UI string.
"""

import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from django.db.models import Exists, OuterRef, Prefetch, Q

from tauler import services
from tauler.choices import LogEvent
from tauler.models import (
    PUBLISHED_FIELDS,
    LogHeadStatement,
    Notice,
    NoticeDocument,
    PublicationLogEntry,
)

CHUNK = 1024 * 1024
# What a download keeps in memory before its copy spills to a temporary file.
SPOOL_MAX = 2 * 1024 * 1024

FIELD_NAMES = {
    "number": "number",
    "year": "year",
    "sequence": "sequence in its year",
    "title": "title",
    "text": "text",
    "category": "category",
    "department": "issuing department",
    "case_reference": "case reference",
    "corrects": "corrected notice",
    "start_at": "start of publication",
    "published_at": "moment of publication",
}
assert set(FIELD_NAMES) == set(PUBLISHED_FIELDS)


# --- Stored files -------------------------------------------------------------------


def _hash_stream(source: IO[bytes], copy: IO[bytes] | None = None) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        if copy is not None:
            copy.write(chunk)
    return digest.hexdigest()


def stored_sha256(document: NoticeDocument) -> str | None:
    """The SHA-256 of the document's stored file as it is now; None if it is gone."""
    try:
        with document.file.storage.open(document.file.name, "rb") as source:
            return _hash_stream(source)
    except FileNotFoundError:
        return None


def _published_entry(entries) -> PublicationLogEntry | None:
    return next((e for e in entries if e.event == LogEvent.PUBLISHED), None)


def _logged_document(entry: PublicationLogEntry, document: NoticeDocument) -> dict | None:
    """What `entry` states about `document`: by id in version 2; in version 1
    (no ids), the entry's document with the row's title, hash and size."""
    logged = entry.data.get("documents", [])
    if entry.data_version >= 2:
        return next((d for d in logged if d.get("id") == document.pk), None)
    row = {"title": document.title, "sha256": document.sha256, "size": document.size}
    return row if row in logged else None


class DocumentMismatch(Exception):
    """A document no longer matches what was published; the message says how."""


def document_open_verified(document: NoticeDocument) -> IO[bytes]:
    """The stored file of `document`, read once, if it is what was published: its
    SHA-256 is the row's, and the one its notice's PUBLISHED entry states (an
    entry whose own hash holds). DocumentMismatch otherwise.

    The file is hashed while it is copied, and the copy is what the caller
    serves: a file swapped between the check and the response is never sent.
    """
    entry = (
        PublicationLogEntry.objects.filter(notice_id=document.notice_id, event=LogEvent.PUBLISHED)
        .order_by("sequence")
        .first()
    )
    if entry is None:
        raise DocumentMismatch("its notice has no publication entry in the log")
    if entry.compute_hash() != entry.hash:
        raise DocumentMismatch(f"entry #{entry.sequence} does not match its hash")
    logged = _logged_document(entry, document)
    if logged is None:
        raise DocumentMismatch(f"it is not among the documents of entry #{entry.sequence}")
    if logged["sha256"] != document.sha256:
        raise DocumentMismatch(f"its row's SHA-256 differs from entry #{entry.sequence}")
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX)  # noqa: SIM115 - returned open
    try:
        with document.file.storage.open(document.file.name, "rb") as source:
            found = _hash_stream(source, copy)
        if found != document.sha256:
            raise DocumentMismatch(
                f"its stored file's SHA-256 is {found}, its row and entry #{entry.sequence} "
                f"state {document.sha256}"
            )
    except FileNotFoundError:
        copy.close()
        raise DocumentMismatch("its stored file is missing") from None
    except BaseException:
        copy.close()
        raise
    copy.seek(0)
    return copy


# --- Notices --------------------------------------------------------------------------


def _moment(value) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _period_problems(notice: Notice, entries, say) -> None:
    periods = [
        (e, e.data.get("to", {}) if e.event == LogEvent.EXTENDED else e.data)
        for e in entries
        if e.event in (LogEvent.PUBLISHED, LogEvent.EXTENDED)
    ]
    entry, period = periods[-1]
    where = f"entry #{entry.sequence}"
    if _moment(period.get("end")) != notice.end_at:
        say(f"its end of publication does not match the log ({where})")
    if period.get("business_days") != notice.period_business_days:
        say(f"its period in business days does not match the log ({where})")
    if period.get("permanent") != notice.is_permanent:
        say(f"being permanent or not does not match the log ({where})")


def _event_problems(notice: Notice, entries, say) -> None:
    cancelled = [e for e in entries if e.event == LogEvent.CANCELLED]
    if cancelled:
        entry = cancelled[0]
        if notice.cancelled_at is None:
            say(
                f"the log records its cancellation (entry #{entry.sequence}), but it is not cancelled"
            )
        else:
            if notice.cancelled_at != entry.at:
                say(f"its moment of cancellation does not match the log (entry #{entry.sequence})")
            if notice.cancel_reason != entry.data.get("reason"):
                say(f"its reason for cancelling does not match the log (entry #{entry.sequence})")
    elif notice.cancelled_at is not None:
        say("it is cancelled, but the log has no entry of its cancellation")
    finished = [e for e in entries if e.event == LogEvent.FINISHED]
    if finished and notice.finished_logged_at is None:
        say(f"the log records its end (entry #{finished[0].sequence}), but the notice does not")
    elif notice.finished_logged_at is not None and not finished:
        say("its end is recorded, but the log has no entry of it")


def _field_problems(notice: Notice, entry: PublicationLogEntry, say) -> None:
    data = entry.data
    # Both versions state the title and the start in clear; version 2 also
    # fingerprints every published field. Each field is named once.
    differ = set()
    if data.get("title") != notice.title:
        differ.add("title")
    if _moment(data.get("start")) != notice.start_at:
        differ.add("start_at")
    if entry.data_version >= 2:
        logged = data.get("fields", {})
        current = notice.field_hashes()
        differ |= {name for name in PUBLISHED_FIELDS if logged.get(name) != current[name]}
    for name in PUBLISHED_FIELDS:
        if name in differ:
            say(f"its {FIELD_NAMES[name]} does not match the log (entry #{entry.sequence})")
    corrects = notice.corrects.number if notice.corrects_id else None
    if data.get("corrects") != corrects:
        say(f"the notice it corrects does not match the log (entry #{entry.sequence})")


@dataclass
class Checked:
    """What a comparison looked at, for the summary."""

    notices: int = 0
    notices_v1: int = 0
    documents: int = 0
    problems: list[str] = field(default_factory=list)


def _document_problems(notice: Notice, entry, documents, checked: Checked, say) -> None:
    where = f"entry #{entry.sequence}"
    logged = entry.data.get("documents", [])
    if entry.data_version >= 2:
        logged_by_id = {d.get("id"): d for d in logged}
        pairs = [(d, logged_by_id.pop(d.pk, None)) for d in documents]
        for missing in logged_by_id.values():
            say(f"document {missing.get('id')} “{missing.get('title')}” of {where} has no row")
    else:
        pairs = [(d, logged[i] if i < len(logged) else None) for i, d in enumerate(documents)]
        for position in range(len(documents), len(logged)):
            say(f"document {position + 1} “{logged[position].get('title')}” of {where} has no row")
    for document, stated in pairs:
        checked.documents += 1
        name = f"document {document.pk} “{document.title}”"
        if stated is None:
            say(f"{name} is not in the log ({where})")
            continue
        for key, label in (("title", "title"), ("size", "size")):
            if stated.get(key) != getattr(document, key):
                say(f"{name}: its row's {label} differs from the log ({where})")
        if stated.get("sha256") != document.sha256:
            say(f"{name}: its row's SHA-256 differs from the log ({where})")
        found = stored_sha256(document)
        if found is None:
            say(f"{name}: its stored file is missing")
            continue
        if found != document.sha256:
            say(f"{name}: its stored file differs from its row")
        if found != stated.get("sha256"):
            say(f"{name}: its stored file differs from the log ({where})")


def notice_compare(notice: Notice, checked: Checked) -> None:
    """Compare one notice (with its entries and documents prefetched) with the log."""
    entries = notice.log_entries.all()
    documents = notice.documents.all()
    label = f"Notice {notice.number or notice.pk}"

    def say(problem: str) -> None:
        checked.problems.append(f"{label}: {problem}")

    checked.notices += 1
    published = _published_entry(entries)
    if notice.published_at is None:
        say("the log records it, but it is not published")
        return
    if published is None:
        say("it is published, but the log has no entry of its publication")
        return
    if published.data_version < 2:
        checked.notices_v1 += 1
    for entry in entries:
        if entry.notice_number != notice.number:
            say(f"its number does not match entry #{entry.sequence} ({entry.notice_number})")
    _field_problems(notice, published, say)
    _period_problems(notice, entries, say)
    _event_problems(notice, entries, say)
    _document_problems(notice, published, documents, checked, say)


def notices_compare(checked: Checked) -> None:
    notices = (
        Notice.objects.filter(
            Q(published_at__isnull=False)
            | Exists(PublicationLogEntry.objects.filter(notice=OuterRef("pk")))
        )
        .select_related("corrects")
        .prefetch_related(
            Prefetch("log_entries", queryset=PublicationLogEntry.objects.order_by("sequence")),
            Prefetch("documents", queryset=NoticeDocument.objects.order_by("order", "id")),
        )
        .order_by("pk")
    )
    for notice in notices.iterator(chunk_size=500):
        notice_compare(notice, checked)


# --- Statements of the head -----------------------------------------------------------


def statements_compare(checked: Checked) -> LogHeadStatement | None:
    """Every statement against the log, and its sealed PDF against its fingerprint.
    Returns the latest statement."""
    checked.problems += [str(problem) for problem in services.log_statements_verify()]
    latest = None
    for statement in LogHeadStatement.objects.select_related("document").order_by("day"):
        latest = statement
        document = statement.document
        try:
            with document.file.storage.open(document.file.name, "rb") as source:
                found = _hash_stream(source)
        except FileNotFoundError:
            found = None
        if found != document.sha256:
            checked.problems.append(
                f"Head statement of {statement.day:%d/%m/%Y} (CSV {document.csv_display}): "
                "its sealed PDF is missing or no longer matches its fingerprint"
            )
    return latest


@dataclass
class BoardReport:
    chain: services.ChainProblem | None
    entries: int
    checked: Checked
    statements: int
    latest_statement: LogHeadStatement | None

    @property
    def problems(self) -> list[str]:
        chain = []
        if self.chain is not None:
            chain = [f"Entry #{self.chain.sequence} is broken: {self.chain.reason}"]
        return chain + self.checked.problems


def board_verify(*, expected: Sequence[tuple[int, str]] = ()) -> BoardReport:
    """The chain, every published notice, document and file, and every head statement.

    `expected` are (sequence, hash) pairs the log must still hold: the head
    as a statement kept outside the seu states it.
    """
    checked = Checked()
    chain = services.log_verify()
    notices_compare(checked)
    latest = statements_compare(checked)
    if expected:
        hashes = dict(
            PublicationLogEntry.objects.filter(
                sequence__in=[sequence for sequence, _hash in expected]
            ).values_list("sequence", "hash")
        )
        for sequence, stated in expected:
            if hashes.get(sequence) != stated:
                checked.problems.append(
                    f"Entry #{sequence} is missing from the log or does not have the hash {stated}"
                )
    return BoardReport(
        chain=chain,
        entries=PublicationLogEntry.objects.count(),
        checked=checked,
        statements=LogHeadStatement.objects.count(),
        latest_statement=latest,
    )
