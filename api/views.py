"""The open-data API, v1: read-only JSON of what the seu already publishes.

Reads go through the apps' QuerySet methods (`Notice.objects.public()`,
`Procedure.objects.published()`), so the API can never show more than the pages.
Each section owns the shape of its objects (`tauler.data`, `tramits.data`,
`convocatories.data`) and its list filters (`tauler.filters`,
`convocatories.filters`); the API reads its parameters into them.
"""

import functools
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt

from api import schema
from api.params import BadParameter, PageNotFound, Params, paginate
from convocatories.data import CALL_KINDS, CALL_STATUSES, call_data, calls_for_data
from convocatories.filters import CallFilters
from convocatories.models import Call
from seu import exports
from tauler.data import NOTICE_STATES, notice_data, notices_for_data
from tauler.filters import NoticeFilters
from tauler.models import Notice
from tramits.data import AUDIENCES, procedure_data, procedures_for_data
from tramits.models import Procedure

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class NotFound(Exception):
    pass


def _error(message: str, *, status: int, parameter: str | None = None) -> JsonResponse:
    body = {"error": message}
    if parameter is not None:
        body["parameter"] = parameter
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def api_view(view):
    """GET only, JSON errors, open to every origin, cacheable for a minute.

    The links to the seu's pages are in its default language whatever the
    client's Accept-Language, so one URL always gives the same answer.
    """

    # No cookie or form can make these views change anything, and without the
    # exemption a POST would get the CSRF 403 page instead of a JSON 405.
    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = _error("Method not allowed: the API is read-only.", status=405)
        else:
            try:
                with translation.override(settings.LANGUAGE_CODE):
                    response = JsonResponse(
                        view(request, *args, **kwargs), json_dumps_params={"ensure_ascii": False}
                    )
            except BadParameter as error:
                response = _error(error.message, status=400, parameter=error.parameter)
            except PageNotFound:
                response = _error("There is no such page.", status=404, parameter="page")
            except NotFound:
                response = _error("Not found.", status=404)
            response["Cache-Control"] = "public, max-age=60"
        response["Allow"] = ALLOWED_METHODS
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def notices_filter(query, *, at: datetime):
    """Public notices as the parameters of /notices narrow them (see api/schema.py):
    the board archive's own filters (tauler.filters.NoticeFilters), with
    unreadable values refused."""
    params = Params(query)
    filters = NoticeFilters(
        state=params.choice("state", NOTICE_STATES) or "",
        category=params.slug("category") or "",
        department=params.slug("department") or "",
        year=params.integer("year", minimum=1, maximum=9999),
        month=params.integer("month", minimum=1, maximum=12),
        query=" ".join((params.text("q") or "").split()),
        pinned=params.boolean("pinned"),
    )
    return filters.apply(Notice.objects.public(at=at), at=at)


def procedures_filter(query):
    """Published procedures as the parameters of /procedures narrow them."""
    params = Params(query)
    text = params.text("q")
    topic = params.slug("topic")
    audience = params.choice("audience", AUDIENCES)
    online = params.boolean("online")

    # The catalogue page's search (ProcedureQuerySet.search): best match first.
    procedures = Procedure.objects.published()
    text = " ".join((text or "").split())
    procedures = procedures.search(text) if text else procedures.order_by("title", "id")
    if topic:
        procedures = procedures.filter(topic__slug=topic)
    if audience:
        procedures = procedures.for_audience(audience)
    if online is not None:
        procedures = procedures.filter(available_online=online)
    return procedures


def calls_filter(query, *, at: datetime):
    """Published calls as the parameters of /calls narrow them: the list page's own
    filters (convocatories.filters.CallFilters), with unreadable values refused."""
    params = Params(query)
    filters = CallFilters(
        kind=params.choice("kind", CALL_KINDS) or "",
        status=params.choice("status", CALL_STATUSES) or "",
        department=params.slug("department") or "",
        query=" ".join((params.text("q") or "").split()),
    )
    return filters.apply(Call.objects.all(), at=at)


@api_view
def notice_list(request):
    at = timezone.now()
    base_url = exports.base_url(request)
    notices = notices_for_data(notices_filter(request.GET, at=at))
    return paginate(request, notices, lambda n: notice_data(n, base_url=base_url, at=at))


@api_view
def notice_detail(request, year: int, sequence: int):
    at = timezone.now()
    notice = notices_for_data(Notice.objects.public(at=at)).filter(year=year, sequence=sequence)
    notice = notice.first()
    if notice is None:
        raise NotFound
    return notice_data(notice, base_url=exports.base_url(request), at=at)


@api_view
def procedure_list(request):
    base_url = exports.base_url(request)
    procedures = procedures_for_data(procedures_filter(request.GET))
    return paginate(request, procedures, lambda p: procedure_data(p, base_url=base_url))


@api_view
def procedure_detail(request, slug: str):
    procedure = procedures_for_data(Procedure.objects.published()).filter(slug=slug).first()
    if procedure is None:
        raise NotFound
    return procedure_data(procedure, base_url=exports.base_url(request))


@api_view
def call_list(request):
    at = timezone.now()
    base_url = exports.base_url(request)
    calls = calls_for_data(calls_filter(request.GET, at=at))
    return paginate(request, calls, lambda c: call_data(c, base_url=base_url, at=at))


@api_view
def call_detail(request, slug: str):
    at = timezone.now()
    call = calls_for_data(Call.objects.published()).filter(slug=slug).first()
    if call is None:
        raise NotFound
    return call_data(call, base_url=exports.base_url(request), at=at)


@api_view
def openapi(request):
    return schema.openapi_document()
