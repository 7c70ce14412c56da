"""The open-data API, v1: read-only JSON of what the seu already publishes.

Reads go through the apps' QuerySet methods (`Notice.objects.public()`,
`Procedure.objects.published()`), so the API can never show more than the pages.
"""

import functools
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt

from api import schema
from api.params import BadParameter, PageNotFound, Params, paginate
from api.serializers import (
    AUDIENCES,
    CALL_KINDS,
    CALL_STATUSES,
    NOTICE_STATES,
    call_data,
    calls_for_api,
    notice_data,
    notices_for_api,
    procedure_data,
    procedures_for_api,
)
from convocatories.models import Call
from convocatories.views import ListFilters as CallListFilters
from tauler.choices import NoticeState
from tauler.models import Notice
from tauler.search import notices_matching
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


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def notices_filter(query, *, at: datetime):
    """Public notices as the parameters of /notices narrow them (see api/schema.py)."""
    params = Params(query)
    state = params.choice("state", NOTICE_STATES)
    category = params.slug("category")
    department = params.slug("department")
    year = params.integer("year", minimum=1, maximum=9999)
    month = params.integer("month", minimum=1, maximum=12)
    text = params.text("q")
    pinned = params.boolean("pinned")

    notices = Notice.objects.public(at=at)
    if state == NoticeState.ON_DISPLAY:
        notices = notices.on_display(at=at)
    elif state == NoticeState.FINISHED:
        notices = notices.finished(at=at)
    elif state == NoticeState.CANCELLED:
        notices = notices.cancelled()
    if category:
        notices = notices.filter(category__slug=category)
    if department:
        notices = notices.filter(department__slug=department)
    # The calendar year and month of the start of publication, in Madrid time.
    if year:
        notices = notices.filter(start_at__year=year)
    if month:
        notices = notices.filter(start_at__month=month)
    if pinned is not None:
        notices = notices.filter(is_pinned=pinned)
    if text:
        # The board archive's own search: best match first, then the newest.
        return notices_matching(notices, text)
    return notices.order_by("-start_at", "-id")


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
    filters (convocatories.views.ListFilters), with unreadable values refused."""
    params = Params(query)
    filters = CallListFilters(
        kind=params.choice("kind", CALL_KINDS) or "",
        status=params.choice("status", CALL_STATUSES) or "",
        department=params.slug("department") or "",
        query=" ".join((params.text("q") or "").split()),
    )
    return filters.apply(Call.objects.all(), at=at)


@api_view
def notice_list(request):
    at = timezone.now()
    base_url = _base_url(request)
    notices = notices_for_api(notices_filter(request.GET, at=at))
    return paginate(request, notices, lambda n: notice_data(n, base_url=base_url, at=at))


@api_view
def notice_detail(request, year: int, sequence: int):
    at = timezone.now()
    notice = notices_for_api(Notice.objects.public(at=at)).filter(year=year, sequence=sequence)
    notice = notice.first()
    if notice is None:
        raise NotFound
    return notice_data(notice, base_url=_base_url(request), at=at)


@api_view
def procedure_list(request):
    base_url = _base_url(request)
    procedures = procedures_for_api(procedures_filter(request.GET))
    return paginate(request, procedures, lambda p: procedure_data(p, base_url=base_url))


@api_view
def procedure_detail(request, slug: str):
    procedure = procedures_for_api(Procedure.objects.published()).filter(slug=slug).first()
    if procedure is None:
        raise NotFound
    return procedure_data(procedure, base_url=_base_url(request))


@api_view
def call_list(request):
    at = timezone.now()
    base_url = _base_url(request)
    calls = calls_for_api(calls_filter(request.GET, at=at))
    return paginate(request, calls, lambda c: call_data(c, base_url=base_url, at=at))


@api_view
def call_detail(request, slug: str):
    at = timezone.now()
    call = calls_for_api(Call.objects.published()).filter(slug=slug).first()
    if call is None:
        raise NotFound
    return call_data(call, base_url=_base_url(request), at=at)


@api_view
def openapi(request):
    return schema.openapi_document()
