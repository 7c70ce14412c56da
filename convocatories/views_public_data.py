"""The calls as data: calendars (.ics) and the list as JSON or CSV.

The JSON and CSV take the list page's filters (`tipus`, `estat`,
`departament`, `q`), read by the list's own `ListFilters`, so a download is
always what the page shows, all of it rather than one page. Each call is in
the shape of the open-data API (api/serializers.py `call_data`); the CSV
flattens it, with the phases and documents as JSON in their cells (as the
notice board does). Both are streamed, read from the database in chunks.
"""

import csv
import json
from datetime import datetime

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from api.serializers import call_data, calls_for_api
from convocatories import calendars
from convocatories.choices import CallKind
from convocatories.models import Call
from convocatories.views import ListFilters
from seu.csvcells import csv_cell

CHUNK_SIZE = 200
CALL_FIELDS = (
    "reference",
    "title",
    "kind",
    "status",
    "department",
    "first_day",
    "last_day",
    "closes",
    "published",
    "resolved",
    "cancelled",
    "cancelled_reason",
    "position",
    "group",
    "post_type",
    "places",
    "selection_system",
    "total_budget",
    "max_per_beneficiary",
    "bdns_code",
    "procedure",
    "url",
    "calendar",
    "phases",
    "documents",
)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _iso(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


# --- Calendars --------------------------------------------------------------------------


def _calendar_response(content: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
def call_calendar(request, slug):
    """One call: its application period, its deadline and its exams."""
    call = get_object_or_404(
        Call.objects.public().prefetch_related(calendars.exam_phases()), slug=slug
    )
    return _calendar_response(
        calendars.call_calendar(call, base_url=_base_url(request)),
        filename=f"convocatoria-{call.slug}.ics",
        attachment=True,
    )


def _live_calls(at: datetime):
    """Open and upcoming calls: what a subscribed calendar should hold."""
    return (Call.objects.open(at=at) | Call.objects.upcoming(at=at)).order_by("opens_at", "id")


@require_safe
def calls_calendar(request):
    at = timezone.now()
    content = calendars.calls_calendar(
        _live_calls(at),
        name=_("Open and upcoming calls"),
        description=_("Application periods, deadlines and exams of the council's calls."),
        base_url=_base_url(request),
    )
    return _calendar_response(content, filename="convocatories.ics", attachment=False)


@require_safe
def kind_calendar(request, kind):
    if kind not in CallKind.values:
        raise Http404
    at = timezone.now()
    label = CallKind(kind).label
    content = calendars.calls_calendar(
        _live_calls(at).filter(kind=kind),
        name=_("Open and upcoming calls · %(kind)s") % {"kind": label},
        description=_("Application periods, deadlines and exams of the council's calls."),
        base_url=_base_url(request),
    )
    return _calendar_response(content, filename=f"convocatories-{kind}.ics", attachment=False)


# --- JSON and CSV of the list ---------------------------------------------------------


def _filtered(request, at: datetime):
    filters = ListFilters.from_query(request.GET)
    return calls_for_api(filters.apply(Call.objects.with_list_data(), at=at))


def _rows(calls, *, base_url: str, at: datetime):
    for call in calls.iterator(chunk_size=CHUNK_SIZE):
        yield call_data(call, base_url=base_url, at=at)


def call_csv_row(data: dict) -> dict:
    """The API's shape of a call, flattened to the CSV's columns."""
    period = data["application_period"] or {}
    job = data["job"] or {}
    funding = data["funding"] or {}
    procedure = data["procedure"] or {}
    return {
        **{key: data[key] for key in ("reference", "title", "kind", "status")},
        "department": data["department"]["name"],
        "first_day": period.get("first_day"),
        "last_day": period.get("last_day"),
        "closes": period.get("closes"),
        **{key: data[key] for key in ("published", "resolved", "cancelled", "cancelled_reason")},
        **{
            key: job.get(key)
            for key in ("position", "group", "post_type", "places", "selection_system")
        },
        **{key: funding.get(key) for key in ("total_budget", "max_per_beneficiary", "bdns_code")},
        "procedure": procedure.get("url"),
        **{key: data[key] for key in ("url", "calendar", "phases", "documents")},
    }


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv."""

    def write(self, value):
        return value


def _json_stream(calls, *, count: int, base_url: str, at: datetime):
    yield f'{{"generated": {json.dumps(_iso(at))}, "count": {count}, "calls": ['

    for n, row in enumerate(_rows(calls, base_url=base_url, at=at)):
        yield ("," if n else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


def _csv_stream(calls, *, base_url: str, at: datetime):
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(CALL_FIELDS)
    for row in _rows(calls, base_url=base_url, at=at):
        flat = call_csv_row(row)
        yield writer.writerow([csv_cell(flat[name]) for name in CALL_FIELDS])


@require_safe
def calls_json(request):
    at = timezone.now()
    calls = _filtered(request, at)
    response = StreamingHttpResponse(
        _json_stream(calls, count=calls.count(), base_url=_base_url(request), at=at),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'inline; filename="convocatories.json"'
    return response


@require_safe
def calls_csv(request):
    at = timezone.now()
    response = StreamingHttpResponse(
        _csv_stream(_filtered(request, at), base_url=_base_url(request), at=at),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="convocatories.csv"'
    return response
