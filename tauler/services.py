"""Writes of the notice board. Each one keeps the board's guarantees:

- once published, a notice's text, documents and start never change;
- its period can be extended, never shortened;
- cancelling needs a public reason, and the notice stays in the archive;
- a correction is a new notice pointing to the one it corrects;
- every event is appended to the hash-chained publication log;
- once a day, a sealed statement of the log's head anchors it outside the
  database (log_anchor).
The admin calls these same functions, so it cannot bypass them.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from corporativa import business_days
from corporativa.models import NumberSeries
from corporativa.numbering import number_take
from documents.choices import DocumentKind
from documents.files import files_deleted_on_rollback
from documents.services import document_issue
from documents.uploads import published_pdf_attach
from seu import background
from tauler.choices import LogEvent, NoticeState
from tauler.models import (
    PUBLISHED_DATA_VERSION,
    LogHeadStatement,
    Notice,
    NoticeDocument,
    PublicationLogEntry,
)

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
PERMISSION = "tauler.publish_notice"


def _check_permission(by) -> None:
    if by is None or not by.has_perm(PERMISSION):
        raise PermissionDenied


# --- Documents ------------------------------------------------------------------


@transaction.atomic
def document_add(
    *, notice: Notice, title: str, upload: UploadedFile, order: int = 0
) -> NoticeDocument:
    # Read under lock, not from the caller's copy: a copy loaded before the
    # notice was published still says "draft".
    locked = Notice.objects.select_for_update(of=("self",)).get(pk=notice.pk)
    if locked.published_at is not None:
        raise ValidationError(_("A published notice's documents cannot change."))
    document = NoticeDocument(notice=notice, title=title, order=order)
    published_pdf_attach(document=document, upload=upload)
    document.save()
    return document


# --- Periods --------------------------------------------------------------------


def end_of_period(*, start_at: datetime, business_days_count: int) -> datetime:
    """The end of a display period: the notice stays up through the last of its
    business days, counted from the day after the start (Llei 39/2015, art. 30),
    so it comes down at 00:00 (Madrid) of the following day."""
    last_day = business_days.period_end(
        business_days.official_day(start_at),
        business_days_count,
        business_days.PeriodUnit.BUSINESS_DAYS,
    )
    return business_days.official_midnight(last_day + timedelta(days=1))


# --- The log --------------------------------------------------------------------


def _writers_queue(model) -> None:
    """Make the writers of an append-only table queue here until the one before
    commits (PostgreSQL; SQLite writes one at a time anyway).

    Locking the last row is not enough: a writer that waited for it gets that
    same row back and takes its sequence again, and an empty table has no row
    to lock. A LOCK TABLE mode that queues writers, or a row lock, needs the
    UPDATE privilege, which the seu's database role need not have on these
    tables (README, "Tamper evidence of the notice board"). So: an advisory
    lock held to the commit, keyed on the table's OID (each schema's table
    its own); readers are never held up.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s::regclass::oid::bigint)", [model._meta.db_table]
            )


def log_append(
    *, notice: Notice, event: str, data: dict, at: datetime | None = None
) -> PublicationLogEntry:
    """Append an entry to the chain. Must run inside the caller's transaction."""
    _writers_queue(PublicationLogEntry)
    # Read after the queue: each statement sees what the writer before committed.
    last = PublicationLogEntry.objects.order_by("-sequence").first()
    entry = PublicationLogEntry(
        sequence=(last.sequence + 1) if last else 1,
        event=event,
        notice=notice,
        notice_number=notice.number,
        at=at or timezone.now(),
        data=data,
        previous_hash=last.hash if last else GENESIS_HASH,
    )
    entry.hash = entry.compute_hash()
    entry.save()
    return entry


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    reason: str


def log_verify() -> ChainProblem | None:
    """Recompute the whole chain; the first entry that does not hold, or None."""
    previous = GENESIS_HASH
    expected_sequence = 1
    for entry in PublicationLogEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return ChainProblem(expected_sequence, "an entry is missing")
        if entry.previous_hash != previous:
            return ChainProblem(entry.sequence, "it does not point to the entry before it")
        if entry.compute_hash() != entry.hash:
            return ChainProblem(entry.sequence, "its content does not match its hash")
        previous = entry.hash
        expected_sequence += 1
    return None


@dataclass(frozen=True)
class StatementProblem:
    day: date
    csv: str
    reason: str

    def __str__(self) -> str:
        return f"Head statement of {self.day:%d/%m/%Y} (CSV {self.csv}): {self.reason}"


def log_statements_verify() -> list[StatementProblem]:
    """Every head statement whose entry is no longer in the log with the hash it
    states: the log was cut (the entry is missing) or rewritten (its hash differs)
    after the statement was issued."""
    statements = list(LogHeadStatement.objects.select_related("document").order_by("day"))
    hashes = dict(
        PublicationLogEntry.objects.filter(
            sequence__in=[s.sequence for s in statements]
        ).values_list("sequence", "hash")
    )
    problems = []
    for statement in statements:
        if statement.sequence == 0:
            # It states an empty log: every log holds that.
            continue
        found = hashes.get(statement.sequence)
        if found is None:
            reason = f"entry #{statement.sequence}, which it states, is missing from the log"
        elif found != statement.hash:
            reason = f"entry #{statement.sequence} no longer has the hash it states"
        else:
            continue
        problems.append(StatementProblem(statement.day, statement.document.csv_display, reason))
    return problems


def _documents_data(notice: Notice) -> list[dict]:
    return [document.logged() for document in notice.documents.all()]


# --- Publishing -------------------------------------------------------------------


def _number_take(year: int) -> tuple[int, str]:
    sequence = number_take(series=NumberSeries.NOTICES, year=year)
    return sequence, f"{year}/{sequence:06d}"


def _period_data(notice: Notice) -> dict:
    return {
        "start": notice.start_at.isoformat(),
        "end": notice.end_at.isoformat() if notice.end_at else None,
        "business_days": notice.period_business_days,
        "permanent": notice.is_permanent,
    }


@transaction.atomic
def notice_publish(*, notice: Notice, by, at: datetime | None = None) -> Notice:
    """Publish a draft: give it its number, fix its period and log it.

    `at` is the moment of the act, now unless a board's history is being
    loaded (the demo, a migration from an earlier board).
    """
    _check_permission(by)
    notice = Notice.objects.select_for_update(of=("self",)).get(pk=notice.pk)
    if notice.published_at is not None:
        raise ValidationError(_("This notice is already published."))
    if not notice.is_permanent and not notice.period_business_days:
        raise ValidationError(
            _("Give the period in business days, or mark the notice as permanent.")
        )
    now = at or timezone.now()
    if notice.start_at < now - timedelta(minutes=5):
        raise ValidationError(_("The start of publication cannot be in the past."))
    # A start a few minutes ago (the form took that long) becomes the moment of
    # the act: nothing may state it was on display before it was published.
    notice.start_at = max(notice.start_at, now)
    notice.year = business_days.official_day(now).year
    notice.sequence, notice.number = _number_take(notice.year)
    notice.end_at = (
        None
        if notice.is_permanent
        else end_of_period(
            start_at=notice.start_at, business_days_count=notice.period_business_days
        )
    )
    notice.published_at = now
    notice.published_by = by
    notice.save()
    data = {
        "version": PUBLISHED_DATA_VERSION,
        **_period_data(notice),
        "title": notice.title,
        "documents": _documents_data(notice),
        "fields": notice.field_hashes(),
    }
    if notice.corrects_id:
        data["corrects"] = notice.corrects.number
    log_append(notice=notice, event=LogEvent.PUBLISHED, data=data, at=now)
    if notice.corrects_id:
        log_append(
            notice=notice.corrects,
            event=LogEvent.CORRECTED,
            data={"corrected_by": notice.number},
            at=now,
        )
    return notice


@transaction.atomic
def notice_extend(
    *, notice: Notice, by, business_days_count: int, at: datetime | None = None
) -> Notice:
    """Lengthen the period to `business_days_count`; shortening is refused."""
    _check_permission(by)
    notice = Notice.objects.select_for_update(of=("self",)).get(pk=notice.pk)
    at = at or timezone.now()
    if notice.state_at(at) in (NoticeState.DRAFT, NoticeState.CANCELLED, NoticeState.FINISHED):
        raise ValidationError(_("Only a scheduled notice or one on display can be extended."))
    if notice.is_permanent:
        raise ValidationError(_("A permanent notice has no end to extend."))
    if business_days_count <= notice.period_business_days:
        raise ValidationError(
            _("The period can only be extended: give more than %(days)s business days.")
            % {"days": notice.period_business_days}
        )
    end_at = end_of_period(start_at=notice.start_at, business_days_count=business_days_count)
    if end_at <= notice.end_at:
        # More business days, but an earlier or equal end: local holidays inside
        # the period were removed after it was published. Never shorten it.
        raise ValidationError(
            _("With the current calendar that period would not end after %(end)s.")
            % {
                "end": timezone.localtime(notice.end_at, business_days.OFFICIAL_TZ).strftime(
                    "%d/%m/%Y %H:%M"
                )
            }
        )
    previous = _period_data(notice)
    notice.period_business_days = business_days_count
    notice.end_at = end_at
    notice.save(update_fields=["period_business_days", "end_at"])
    log_append(
        notice=notice,
        event=LogEvent.EXTENDED,
        data={"from": previous, "to": _period_data(notice)},
        at=at,
    )
    return notice


@transaction.atomic
def notice_cancel(*, notice: Notice, by, reason: str, at: datetime | None = None) -> Notice:
    """Withdraw a notice from display, with a public reason; it stays in the archive."""
    _check_permission(by)
    notice = Notice.objects.select_for_update(of=("self",)).get(pk=notice.pk)
    if notice.published_at is None:
        raise ValidationError(_("A draft is not published: delete it or edit it instead."))
    if notice.cancelled_at is not None:
        raise ValidationError(_("This notice is already cancelled."))
    at = at or timezone.now()
    if notice.state_at(at) == NoticeState.FINISHED:
        raise ValidationError(_("A notice whose period has ended cannot be cancelled."))
    if not reason.strip():
        raise ValidationError(_("Give the public reason for cancelling."))
    notice.cancelled_at = at
    notice.cancel_reason = reason.strip()
    notice.save(update_fields=["cancelled_at", "cancel_reason"])
    log_append(
        notice=notice,
        event=LogEvent.CANCELLED,
        data={"reason": notice.cancel_reason},
        at=notice.cancelled_at,
    )
    if notice.cancelled_at > notice.start_at:
        # It was on display: its certificate states the interrupted period, as
        # finishing issues one for a period that ran its course.
        _certificate_ask(notice)
    return notice


def document_file_delete(document) -> None:
    """Delete a document's row now and its stored file once the transaction commits
    (a rolled-back delete keeps the file its row still names)."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def notice_draft_delete(*, notice: Notice, by) -> None:
    """Delete a draft notice with its documents; a published notice is kept for ever."""
    if by is None or not by.has_perm("tauler.delete_notice"):
        raise PermissionDenied
    notice = Notice.objects.select_for_update(of=("self",)).get(pk=notice.pk)
    if notice.published_at is not None:
        raise PermissionDenied(_("A published notice is kept for ever: cancel it instead."))
    for document in notice.documents.all():
        document_file_delete(document)
    notice.delete()


def notice_correction_draft(*, original: Notice, by) -> Notice:
    """A new draft notice that corrects `original`, to be edited and published."""
    _check_permission(by)
    if original.published_at is None:
        raise ValidationError(_("Only a published notice can be corrected."))
    return Notice.objects.create(
        title=_("Correction: %(title)s") % {"title": original.title},
        text=original.text,
        category=original.category,
        department=original.department,
        case_reference=original.case_reference,
        start_at=timezone.now() + timedelta(minutes=10),
        period_business_days=original.period_business_days,
        is_permanent=original.is_permanent,
        corrects=original,
    )


@transaction.atomic
def notice_finish(*, notice: Notice, at: datetime | None = None) -> bool:
    """Record that a notice's period has ended; idempotent. True if recorded now."""
    notice = Notice.objects.select_for_update(of=("self",)).get(pk=notice.pk)
    at = at or timezone.now()
    if notice.finished_logged_at is not None or notice.state_at(at) != NoticeState.FINISHED:
        return False
    notice.finished_logged_at = at
    notice.save(update_fields=["finished_logged_at"])
    log_append(notice=notice, event=LogEvent.FINISHED, data=_period_data(notice), at=notice.end_at)
    _certificate_ask(notice)
    return True


def notices_close(*, at: datetime | None = None) -> int:
    """Record the end of every notice whose period is over (for cron; idempotent)."""
    closed = 0
    for notice in Notice.objects.finished(at=at).filter(finished_logged_at__isnull=True).only("pk"):
        # Judged at the same moment as the list: `at`, not the clock.
        closed += notice_finish(notice=notice, at=at)
    return closed


def _certificate_ask(notice: Notice) -> None:
    """The publication certificate is sealed after the commit, in the
    background (a task; the sweep issues any that is still missing)."""
    from tauler import tasks

    background.after_commit(tasks.certificate_issue, notice.pk)


# --- Anchoring the log outside the database -------------------------------------


@files_deleted_on_rollback()
@transaction.atomic
def log_anchor() -> tuple[LogHeadStatement, bool]:
    """Today's sealed statement of the log's head (the official day, in
    Europe/Madrid): issued by the first call of the day, returned as it is by
    the next ones, with True when it was issued now. For cron or a scheduled
    task. It states the head as it is now, so it takes no other moment.

    Nothing is issued, and ValidationError is raised, while the chain fails
    its verification or an earlier statement no longer holds: a statement
    must not anchor a log that was cut or rewritten.
    """
    from tauler.statements import statement_content, statement_title

    # Two runs at once would both find the day free and seal twice.
    _writers_queue(LogHeadStatement)
    at = timezone.now()
    day = business_days.official_day(at)
    existing = LogHeadStatement.objects.select_related("document").filter(day=day).first()
    if existing is not None:
        return existing, False
    if LogHeadStatement.objects.filter(day__gt=day).exists():
        raise ValidationError(_("A later day already has its statement."), code="later_day")
    # The head first, then the chain: every entry up to the head is then verified.
    head = PublicationLogEntry.objects.order_by("-sequence").only("sequence", "hash").first()
    problem = log_verify()
    if problem is not None:
        logger.error(
            "No head statement of the publication log: entry #%s is broken (%s)",
            problem.sequence,
            problem.reason,
        )
        raise ValidationError(
            _(
                "The publication log fails its verification at entry #%(sequence)s "
                "(%(reason)s): no statement of its head is issued until it is examined."
            )
            % {"sequence": problem.sequence, "reason": problem.reason},
            code="broken_log",
        )
    if statement_problems := log_statements_verify():
        for statement_problem in statement_problems:
            logger.error("No head statement of the publication log: %s", statement_problem)
        raise ValidationError(
            _(
                "The publication log no longer holds what an earlier statement of its head "
                "states: no new statement is issued until it is examined."
            ),
            code="statement_broken",
        )
    sequence, head_hash = (head.sequence, head.hash) if head else (0, GENESIS_HASH)
    previous = LogHeadStatement.objects.select_related("document").order_by("-day").first()
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        document = document_issue(
            kind=DocumentKind.LOG_HEAD_STATEMENT,
            title=statement_title(day),
            content=statement_content(
                day=day, at=at, sequence=sequence, hash=head_hash, previous=previous
            ),
            language=language,
        )
    statement = LogHeadStatement.objects.create(
        day=day, stated_at=at, sequence=sequence, hash=head_hash, document=document
    )
    logger.info("Head statement of %s: entry #%s, CSV %s", day, sequence, document.csv_display)
    return statement, True
