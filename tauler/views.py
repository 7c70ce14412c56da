"""The public pages of the notice board (tauler d'anuncis).

The clock decides what shows: every view reads the time once and asks the
QuerySet methods what is public at that moment, so no job has to run for a
notice to appear, move to the archive or leave the board.

Every list is also open data: add `format=json` or `format=csv` to its query
string (the pages link to both, keeping the current filters).
"""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, Max, Min, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.dates import MONTHS
from django.views.decorators.http import require_safe

from corporativa.models import Department
from seu import exports
from tauler import data, integrity, services
from tauler.choices import PUBLIC_STATES, LogEvent, NoticeState
from tauler.filters import NoticeFilters
from tauler.models import (
    Category,
    LogHeadStatement,
    Notice,
    NoticeDocument,
    PublicationLogEntry,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
LOG_PAGE_SIZE = 50

EXPORT_FORMATS = ("json", "csv")
EXPORT_CHUNK_SIZE = 2000
LOG_FIELDS = ("sequence", "event", "notice", "notice_url", "at", "previous_hash", "hash")
STATEMENT_FIELDS = ("day", "stated_at", "sequence", "hash", "csv", "verification_url", "pdf_url")


# --- Reading the query string ----------------------------------------------------


def _querystring(request, *, drop=("pagina", "format")) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


# --- Showing a notice ------------------------------------------------------------


def _decorate(notices, *, at: datetime):
    """Give each notice what the templates show, judged at one moment for the whole page."""
    for notice in notices:
        notice.public_state = notice.state_at(at)
        notice.public_state_label = NoticeState(notice.public_state).label
    return notices


# --- Open data ----------------------------------------------------------------------


def _export(fmt: str, rows, *, key: str, count: int, fields, at: datetime, filename: str):
    """A whole list (not one page) as JSON or CSV, streamed (seu/exports.py)."""
    if fmt == "json":
        return exports.json_response(rows, key=key, count=count, generated=at)
    return exports.csv_response(exports.csv_table(rows, fields), filename=f"{filename}.csv")


def _notices_export(request, notices, *, at: datetime, filename: str):
    """The whole list as JSON or CSV, when the query string asks: each notice in the
    open data's shape (tauler.data), as the board's export gives it."""
    fmt = request.GET.get("format")
    if fmt not in EXPORT_FORMATS:
        return None
    base_url = exports.base_url(request)
    rows = (
        data.export_row(data.notice_data(notice, base_url=base_url, at=at))
        for notice in data.notices_for_data(notices).iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return _export(
        fmt,
        rows,
        key="notices",
        count=notices.count(),
        fields=data.EXPORT_FIELDS,
        at=at,
        filename=filename,
    )


# --- Pages ----------------------------------------------------------------------------


def _public_categories(at: datetime):
    """The categories with a public notice (a semi-join per category: there are few)."""
    public = Notice.objects.public(at=at).filter(category=OuterRef("pk"))
    return Category.objects.filter(Exists(public))


def _public_departments(at: datetime):
    public = Notice.objects.public(at=at).filter(department=OuterRef("pk"))
    return Department.objects.filter(Exists(public)).only("name", "slug").order_by("name")


def _public_years(at: datetime) -> list[int]:
    """The years of the archive's filter, newest first: from the first public notice's
    to the newest's (read from the start_at index, not by grouping every notice)."""
    span = Notice.objects.public(at=at).aggregate(first=Min("start_at"), last=Max("start_at"))
    if span["first"] is None:
        return []
    first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
    return list(range(last, first - 1, -1))


@require_safe
def index(request):
    """The notices on display now: pinned ones first, then the newest."""
    at = timezone.now()
    notices = (
        Notice.objects.on_display(at=at).with_list_data().order_by("-is_pinned", "-start_at", "-id")
    )
    if export := _notices_export(request, notices, at=at, filename="tauler-en-exposicio"):
        return export
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = _decorate(list(page.object_list), at=at)
    return render(
        request,
        "tauler/notice_list.html",
        {
            "page": page,
            "categories": _public_categories(at),
            "querystring": _querystring(request),
        },
    )


@require_safe
def archive(request):
    """Every public notice, whatever its state, with filters and text search."""
    at = timezone.now()
    filters = NoticeFilters.from_page_query(request.GET)
    notices = filters.apply(Notice.objects.public(at=at).with_list_data(), at=at)
    if export := _notices_export(request, notices, at=at, filename="tauler-arxiu"):
        return export
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = _decorate(list(page.object_list), at=at)
    category = None
    categories = list(Category.objects.all())
    if filters.category:
        category = next((c for c in categories if c.slug == filters.category), None)
    return render(
        request,
        "tauler/notice_archive.html",
        {
            "page": page,
            "filters": filters,
            "category": category,
            "categories": categories,
            "departments": _public_departments(at),
            "years": _public_years(at),
            "months": sorted(MONTHS.items()),
            "states": [(state.value, state.label) for state in PUBLIC_STATES],
            "querystring": _querystring(request),
        },
    )


def _public_notice(year: int, sequence: int, *, at: datetime) -> Notice:
    return get_object_or_404(
        Notice.objects.public(at=at).select_related("category", "department", "corrects"),
        year=year,
        sequence=sequence,
    )


def _finish_if_due(notice: Notice, *, at: datetime) -> None:
    """Record the end of a period the first time anyone looks after it (idempotent),
    so the "finished" event and the certificate exist without a cron job."""
    if notice.state_at(at) == NoticeState.FINISHED and notice.finished_logged_at is None:
        services.notice_finish(notice=notice)


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _timeline(entries, *, related: dict[str, Notice]):
    """The log entries of one notice, each with what it states in readable form."""
    for entry in entries:
        data = entry.data
        period = data.get("to", {}) if entry.event == LogEvent.EXTENDED else data
        entry.period_end = _parse(period.get("end"))
        entry.period_business_days = period.get("business_days")
        entry.period_permanent = period.get("permanent", False)
        entry.reason = data.get("reason", "")
        other = data.get("corrected_by") or data.get("corrects")
        entry.other_number = other
        entry.other_notice = related.get(other) if other else None
    return entries


@require_safe
def notice_detail(request, year: int, sequence: int):
    at = timezone.now()
    notice = _public_notice(year, sequence, at=at)
    _finish_if_due(notice, at=at)
    _decorate([notice], at=at)
    corrects = notice.corrects
    if corrects is not None and corrects.state_at(at) in (NoticeState.DRAFT, NoticeState.SCHEDULED):
        corrects = None
    corrections = list(
        Notice.objects.public(at=at).filter(corrects=notice).order_by("start_at", "id")
    )
    related = {other.number: other for other in corrections}
    if corrects is not None:
        related[corrects.number] = corrects
    entries = _timeline(list(notice.log_entries.order_by("sequence")), related=related)
    has_certificate = certificate_due(notice, at=at)
    certificate = None
    if has_certificate:
        from tauler.certificates import certificate_for

        certificate = certificate_for(notice)
    return render(
        request,
        "tauler/notice_detail.html",
        {
            "notice": notice,
            "documents": notice.documents.all(),
            "corrects": corrects,
            "corrections": corrections,
            "entries": entries,
            "permalink": request.build_absolute_uri(notice.get_absolute_url()),
            "has_certificate": has_certificate,
            "certificate": certificate,
        },
    )


def _pdf_filename(title: str) -> str:
    name = " ".join(title.replace("/", "-").replace("\\", "-").split()) or "document"
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


@require_safe
def document_download(request, year: int, sequence: int, pk: int):
    """A notice's PDF, shown in the browser, once the notice is public.

    The file is hashed as it is read and served only if it is what was
    published (its row's and its PUBLISHED entry's SHA-256); otherwise the
    visitor gets a page that says so (410) and the staff an error in the log.
    """
    at = timezone.now()
    document = get_object_or_404(
        NoticeDocument.objects.filter(notice__in=Notice.objects.public(at=at)),
        pk=pk,
        notice__year=year,
        notice__sequence=sequence,
    )
    try:
        file = integrity.document_open_verified(document)
    except integrity.DocumentMismatch as mismatch:
        logger.error(
            "Document %s (%s) of notice %s not served: %s. Run tauler_verify.",
            document.pk,
            document.title,
            document.notice.number,
            mismatch,
        )
        response = render(
            request,
            "tauler/document_unavailable.html",
            {"notice": document.notice, "document": document},
            status=410,
        )
        add_never_cache_headers(response)
        return response
    return FileResponse(
        file, filename=_pdf_filename(document.title), content_type="application/pdf"
    )


def certificate_due(notice: Notice, *, at: datetime) -> bool:
    """Whether a notice has a publication certificate: once its period is over,
    or once it is cancelled if it had gone on display (the certificate then
    states the interrupted display); see tauler.certificates."""
    state = notice.state_at(at)
    if state == NoticeState.FINISHED:
        return True
    return state == NoticeState.CANCELLED and notice.cancelled_at > notice.start_at


@require_safe
def certificate_download(request, year: int, sequence: int):
    """The publication certificate (diligència) of a notice, issued the first time
    it is asked for (tauler.certificates issues each one once)."""
    from tauler.certificates import certificate_for, certificate_issue

    at = timezone.now()
    notice = _public_notice(year, sequence, at=at)
    if not certificate_due(notice, at=at):
        raise Http404
    _finish_if_due(notice, at=at)
    try:
        certificate = certificate_for(notice) or certificate_issue(notice=notice)
    except ValidationError as error:
        # The log fails its verification: nothing is certified until it is examined.
        logger.error("No certificate for notice %s: %s", notice.number, error.messages)
        return render(
            request,
            "tauler/notice_certificate_unavailable.html",
            {"notice": notice},
            status=503,
        )
    return FileResponse(
        certificate.file.open("rb"),
        filename=f"diligencia-{notice.number.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )


def _log_row(entry: PublicationLogEntry, *, base_url: str) -> dict:
    return {
        "sequence": entry.sequence,
        "event": entry.event,
        "notice": entry.notice_number,
        "notice_url": (
            base_url + entry.notice.get_absolute_url() if entry.notice_is_public else None
        ),
        "at": exports.local_iso(entry.at),
        "previous_hash": entry.previous_hash,
        "hash": entry.hash,
    }


@require_safe
def publication_log(request):
    """The public, hash-chained publication log, newest entry first.

    Each entry shows the hash of the one before: anyone can check that none
    is missing or was rewritten. An entry about a notice that has not started
    yet keeps its place in the chain but does not link to it.
    """
    at = timezone.now()
    entries = (
        PublicationLogEntry.objects.select_related("notice")
        .only(
            *(f.name for f in PublicationLogEntry._meta.concrete_fields if f.name != "data"),
            "notice__year",
            "notice__sequence",
            "notice__title",
            "notice__published_at",
            "notice__start_at",
        )
        .order_by("-sequence")
    )
    fmt = request.GET.get("format")
    if fmt in EXPORT_FORMATS:
        base_url = exports.base_url(request)
        rows = (
            _log_row(entry, base_url=base_url)
            for entry in _log_decorate(entries.iterator(chunk_size=EXPORT_CHUNK_SIZE), at=at)
        )
        return _export(
            fmt,
            rows,
            key="entries",
            count=entries.count(),
            fields=LOG_FIELDS,
            at=at,
            filename="tauler-registre",
        )
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = list(_log_decorate(page.object_list, at=at))
    return render(
        request,
        "tauler/publication_log.html",
        {"page": page, "querystring": _querystring(request)},
    )


def _log_decorate(entries, *, at: datetime):
    for entry in entries:
        notice = entry.notice
        entry.notice_is_public = notice.published_at is not None and notice.start_at <= at
        yield entry


def _statement_row(statement: LogHeadStatement, *, base_url: str) -> dict:
    document = statement.document
    return {
        "day": statement.day.isoformat(),
        "stated_at": exports.local_iso(statement.stated_at),
        "sequence": statement.sequence,
        "hash": statement.hash,
        "csv": document.csv_display,
        "verification_url": base_url + document.get_absolute_url(),
        "pdf_url": base_url + document.get_download_url(),
    }


@require_safe
def log_statements(request):
    """The daily sealed statements of the log's head, newest first.

    Each one fixes the log's last entry and its hash on its day, in a sealed
    PDF that anyone can keep and verify by its code: a log that no longer
    holds that entry with that hash was cut or rewritten afterwards.
    """
    at = timezone.now()
    statements = LogHeadStatement.objects.select_related("document").order_by("-day")
    fmt = request.GET.get("format")
    if fmt in EXPORT_FORMATS:
        base_url = exports.base_url(request)
        rows = (
            _statement_row(statement, base_url=base_url)
            for statement in statements.iterator(chunk_size=EXPORT_CHUNK_SIZE)
        )
        return _export(
            fmt,
            rows,
            key="statements",
            count=statements.count(),
            fields=STATEMENT_FIELDS,
            at=at,
            filename="tauler-registre-declaracions",
        )
    page = Paginator(statements, LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "tauler/logheadstatement_list.html",
        {"page": page, "querystring": _querystring(request)},
    )
