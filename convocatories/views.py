"""The public pages of Convocatòries: the landing page, the list, a call's page.

Every view reads the clock once and asks the QuerySet methods what each call
is at that moment, so a call opens and closes by the clock alone.
"""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from convocatories import services
from convocatories.choices import PUBLIC_STATUSES, CallKind, CallStatus
from convocatories.filters import CallFilters
from convocatories.models import Call, CallDocument, Phase
from corporativa.business_days import OFFICIAL_TZ, official_today
from corporativa.models import Department
from tramits.models import Draft

PAGE_SIZE = 20
LANDING_OPEN_LIMIT = 12
LANDING_OTHER_LIMIT = 6
RECENTLY_CLOSED_DAYS = 90


def _decorate(calls, *, at: datetime) -> list[Call]:
    """Give each call its status at one moment for the whole page."""
    calls = list(calls)
    for call in calls:
        call.status_now = call.status_at(at)
        call.status_label = CallStatus(call.status_now).label
    return calls


def _local_day(moment: datetime | None):
    return timezone.localtime(moment, OFFICIAL_TZ).date() if moment else None


@require_safe
def index(request):
    """Open now, upcoming and recently closed, each ordered the way people look for them."""
    now = timezone.now()
    calls = Call.objects.with_list_data()
    open_calls = _decorate(
        calls.open(at=now).order_by("closes_at", "id")[: LANDING_OPEN_LIMIT + 1], at=now
    )
    upcoming = _decorate(
        calls.upcoming(at=now).order_by("opens_at", "id")[:LANDING_OTHER_LIMIT], at=now
    )
    recently_closed = _decorate(
        calls.published()
        .filter(
            cancelled_at__isnull=True,
            closes_at__lte=now,
            closes_at__gt=now - timedelta(days=RECENTLY_CLOSED_DAYS),
        )
        .order_by("-closes_at", "-id")[:LANDING_OTHER_LIMIT],
        at=now,
    )
    return render(
        request,
        "convocatories/index.html",
        {
            "open_calls": open_calls[:LANDING_OPEN_LIMIT],
            "more_open": len(open_calls) > LANDING_OPEN_LIMIT,
            "upcoming": upcoming,
            "recently_closed": recently_closed,
            "kinds": CallKind.choices,
            "recently_closed_days": RECENTLY_CLOSED_DAYS,
        },
    )


@require_safe
def call_list(request):
    now = timezone.now()
    filters = CallFilters.from_page_query(request.GET)
    calls = filters.apply(Call.objects.with_list_data(), at=now)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("pagina"))
    page.object_list = _decorate(page.object_list, at=now)
    params = request.GET.copy()
    params.pop("pagina", None)
    departments = Department.objects.filter(calls__published_at__isnull=False).distinct()
    return render(
        request,
        "convocatories/call_list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": CallKind.choices,
            "statuses": [(s.value, s.label) for s in PUBLIC_STATUSES],
            "departments": departments.order_by("name"),
            "kind_label": CallKind(filters.kind).label if filters.kind else "",
            "status_label": CallStatus(filters.status).label if filters.status else "",
            "querystring": params.urlencode(),
        },
    )


def _published_call(slug: str) -> Call:
    return get_object_or_404(
        Call.objects.published().select_related("department", "procedure"), slug=slug
    )


def can_apply_online(call: Call, *, at: datetime) -> bool:
    """Whether the "Apply online" button shows: the call is open and its procedure takes it."""
    procedure = call.procedure
    return (
        call.status_at(at) == CallStatus.OPEN
        and procedure is not None
        and procedure.is_open_on(_local_day(at))
    )


@require_safe
def call_detail(request, slug):
    now = timezone.now()
    call = _published_call(slug)
    # Each document's address names the call: give it the call already loaded.
    documents = CallDocument.objects.filter(call=call).select_related("call")
    phases = list(
        Phase.objects.filter(call=call).prefetch_related(
            Prefetch("documents", queryset=documents.order_by("order", "id"))
        )
    )
    status = call.status_at(now)
    today = official_today()
    return render(
        request,
        "convocatories/call_detail.html",
        {
            "call": call,
            "status": status,
            "status_label": CallStatus(status).label,
            "phases": phases,
            "documents": list(documents.filter(phase__isnull=True)),
            "can_apply": can_apply_online(call, at=now),
            "opens_on": _local_day(call.opens_at),
            "last_day": call.last_day,
            "cancelled_on": _local_day(call.cancelled_at),
            "resolved_on": _local_day(call.resolved_at),
            "today": today,
            "permalink": request.build_absolute_uri(call.get_absolute_url()),
        },
    )


def _open_draft(call: Call, applicant):
    """The applicant's open draft of the call's procedure, and the call it is for (or None)."""
    draft = (
        Draft.objects.filter(applicant=applicant, procedure=call.procedure, submission=None)
        .select_related("call_draft__call")
        .first()
    )
    if draft is None:
        return None, None
    link = getattr(draft, "call_draft", None)
    return draft, link.call if link is not None else None


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def call_apply(request, slug):
    """The "Apply online" button: start (or resume) the procedure's form for this call.

    Only the button's POST starts a draft or ties it to this call. A GET (the
    way back from the log-in page, or a link from anywhere) changes nothing:
    it shows what the button will do, and a button. A draft that is for
    another call moves only after the citizen has been told and confirmed.
    """
    call = _published_call(slug)
    if not can_apply_online(call, at=timezone.now()):
        messages.error(request, _("This call is not taking online applications now."))
        return redirect(call)
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    draft, draft_call = _open_draft(call, request.user)
    form_url = reverse("tramits:procedure-apply", args=[call.procedure.slug])
    if draft_call is not None and draft_call.pk == call.pk:
        return redirect(form_url)
    moves = draft_call is not None
    if request.method == "POST" and (request.POST.get("confirm") or not moves):
        try:
            services.application_start(call=call, applicant=request.user)
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
            return redirect(call)
        return redirect(form_url)
    return render(
        request,
        "convocatories/call_apply.html",
        {"call": call, "draft": draft, "draft_call": draft_call},
    )


def _pdf_response(file, title: str) -> FileResponse:
    name = slugify(title)[:80] or "document"
    return FileResponse(file.open("rb"), filename=f"{name}.pdf", content_type="application/pdf")


@require_safe
def document_download(request, slug, pk):
    """A document of a published call, shown in the browser."""
    document = get_object_or_404(
        CallDocument.objects.filter(call__published_at__isnull=False),
        pk=pk,
        call__slug=slug,
    )
    return _pdf_response(document.file, document.title)


@require_safe
def bases_download(request, slug):
    call = _published_call(slug)
    if not call.bases_document:
        raise Http404
    return _pdf_response(call.bases_document, f"bases-{call.reference}")
