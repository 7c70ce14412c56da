"""The calls as data: calendars (.ics) and the list as JSON or CSV.

The JSON and CSV take the list page's filters (`tipus`, `estat`,
`departament`, `q`), read by the list's own `CallFilters`, so a download is
always what the page shows, all of it rather than one page. Each call is in
the shape of the open-data API (convocatories.data `call_data`); the CSV
flattens it, with the phases and documents as JSON in their cells (as the
notice board does). Both are streamed, read from the database in chunks
(seu/exports.py).
"""

from datetime import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from convocatories import calendars, data
from convocatories.choices import CallKind
from convocatories.filters import CallFilters
from convocatories.models import Call
from seu import exports

CHUNK_SIZE = 200

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
        calendars.call_calendar(call, base_url=exports.base_url(request)),
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
        base_url=exports.base_url(request),
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
        base_url=exports.base_url(request),
    )
    return _calendar_response(content, filename=f"convocatories-{kind}.ics", attachment=False)


# --- JSON and CSV of the list ---------------------------------------------------------


def _filtered(request, at: datetime):
    filters = CallFilters.from_page_query(request.GET)
    return data.calls_for_data(filters.apply(Call.objects.with_list_data(), at=at))


def _rows(calls, *, base_url: str, at: datetime):
    for call in calls.iterator(chunk_size=CHUNK_SIZE):
        yield data.call_data(call, base_url=base_url, at=at)


@require_safe
def calls_json(request):
    at = timezone.now()
    calls = _filtered(request, at)
    return exports.json_response(
        _rows(calls, base_url=exports.base_url(request), at=at),
        key="calls",
        count=calls.count(),
        generated=at,
        filename="convocatories.json",
    )


@require_safe
def calls_csv(request):
    at = timezone.now()
    rows = (
        data.csv_row(row)
        for row in _rows(_filtered(request, at), base_url=exports.base_url(request), at=at)
    )
    return exports.csv_response(
        exports.csv_table(rows, data.CSV_FIELDS), filename="convocatories.csv"
    )
