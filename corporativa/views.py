"""The public pages of corporate information and the legal contents of the seu."""

import mimetypes
from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import ratelimit
from accounts.systems import accepted_systems, identify_options
from corporativa import services
from corporativa.business_days import OFFICIAL_TZ, non_business_days, official_today
from corporativa.choices import Role
from corporativa.forms import AccessibilityReportForm, RegulationFilterForm
from corporativa.hours import HolidayNames, Schedule, period_weekdays, weekday_runs
from corporativa.models import (
    Department,
    Faq,
    MunicipalBody,
    Office,
    Page,
    Person,
    PoliticalGroup,
    Regulation,
    Session,
    SessionDocument,
    SpecialPeriod,
)
from corporativa.search import regulations_matching
from seu import search

REGULATIONS_PAGE_SIZE = 20
# Special hours further ahead than this are not listed on an office's page yet.
SPECIAL_HOURS_AHEAD_DAYS = 366
# Accessibility reports: at most this many from one address per hour.
REPORTS_PER_HOUR = 5


def pdf_response(document) -> FileResponse:
    """A stored PDF, shown in the browser under its title."""
    name = " ".join(document.title.replace("/", "-").replace("\\", "-").split()) or "document"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    return FileResponse(handle, filename=name, content_type="application/pdf")


# --- Calendar (unchanged) -------------------------------------------------------------


def calendar_years(today=None) -> list[int]:
    """The years the public calendar offers: last year, this year and the next."""
    this_year = (today or official_today()).year
    return [this_year - 1, this_year, this_year + 1]


def calendar(request, year=None):
    """The public calendar of non-business days that the seu must publish."""
    years = calendar_years()
    if year is None:
        year = years[1]
    elif year not in years:
        # Holidays of far years are either history or not yet decided.
        raise Http404("No calendar for that year")
    return render(
        request,
        "corporativa/calendar.html",
        {
            "year": year,
            "holidays": non_business_days(year),
            "other_years": [other for other in years if other != year],
        },
    )


# --- The landing page and the seu's legal pages --------------------------------------


@require_safe
def index(request):
    return render(
        request,
        "corporativa/index.html",
        {
            "bodies": MunicipalBody.objects.only("name", "slug", "summary"),
            "offices": Office.objects.only("name", "slug", "summary"),
            "pages": Page.objects.published()
            .filter(parent__isnull=True)
            .only("title", "path", "summary"),
        },
    )


@require_safe
def creation_act(request):
    return render(request, "corporativa/creation_act.html")


@require_safe
def identification(request):
    offered = identify_options()
    not_yet = []
    if not offered["oidc_name"]:
        not_yet.append("oidc")
    if not offered["certificate_login"]:
        not_yet.append("certificate")
    return render(
        request,
        "corporativa/identification.html",
        {"systems": accepted_systems(), "not_yet": not_yet},
    )


@require_safe
def help_page(request):
    faqs = Faq.objects.published().select_related("topic")
    topics = [(topic, list(items)) for topic, items in groupby(faqs, key=lambda f: f.topic)]
    return render(request, "corporativa/help.html", {"topics": topics})


def _report_key(request) -> str:
    return ratelimit.make_key("accessibility-report", ratelimit.client_ip(request))


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request):
    """The accessibility statement, with the form to report a problem."""
    return _accessibility_page(request, "corporativa/accessibility.html")


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility_report(request):
    """The report form on a page of its own (where it lands after an error, too)."""
    return _accessibility_page(request, "corporativa/accessibility_report.html")


def _accessibility_page(request, template):
    key = _report_key(request)
    initial = {"page_url": request.GET.get("pagina", "")[:500]}
    form = AccessibilityReportForm(initial=initial)
    locked = ratelimit.locked_for(key)
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if locked:
            form.add_error(
                None,
                _(
                    "You have sent several reports in a short time. Please wait %(minutes)s "
                    "minutes and try again, or write to the council's email address."
                )
                % {"minutes": ratelimit.minutes(locked)},
            )
        elif form.is_valid():
            services.accessibility_report_create(
                **form.cleaned_data, language=translation.get_language() or ""
            )
            ratelimit.register_failure(key, limit=REPORTS_PER_HOUR, lockout_seconds=60 * 60)
            messages.success(
                request,
                _(
                    "Thank you: your report has been received and the staff in charge have "
                    "been told. If you left an email address, we will answer you."
                ),
            )
            return redirect("corporativa:accessibility")
        if template == "corporativa/accessibility.html":
            # Errors are shown on the form's own page, with its own title.
            template = "corporativa/accessibility_report.html"
        return render(request, template, {"form": form}, status=200 if not locked else 429)
    return render(request, template, {"form": form})


# --- Government -----------------------------------------------------------------------


@require_safe
def government(request):
    people = list(
        Person.objects.in_office(official_today()).select_related("group").government_order()
    )
    mayor = next((p for p in people if p.role == Role.MAYOR), None)
    deputies = [p for p in people if p.role == Role.DEPUTY_MAYOR]
    groups = []
    for group in PoliticalGroup.objects.all():
        members = [p for p in people if p.group_id == group.pk]
        if members:
            groups.append((group, members))
    unattached = [p for p in people if p.group_id is None]
    return render(
        request,
        "corporativa/government.html",
        {
            "mayor": mayor,
            "deputies": deputies,
            "groups": groups,
            "unattached": unattached,
            "count": len(people),
        },
    )


@require_safe
def person_photo(request, pk: int):
    person = get_object_or_404(Person.objects.only("photo"), pk=pk)
    if not person.photo:
        raise Http404
    content_type = mimetypes.guess_type(person.photo.name)[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        raise Http404
    try:
        handle = person.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- Municipal bodies -----------------------------------------------------------------


@require_safe
def body_list(request):
    return render(request, "corporativa/body_list.html", {"bodies": MunicipalBody.objects.all()})


def _session_years(body) -> list[int]:
    return [
        moment.year
        for moment in Session.objects.filter(body=body).datetimes(
            "starts_at", "year", order="DESC", tzinfo=OFFICIAL_TZ
        )
    ]


@require_safe
def body_detail(request, slug: str, year: int | None = None):
    body = get_object_or_404(MunicipalBody, slug=slug)
    years = _session_years(body)
    if year is None:
        year = years[0] if years else official_today().year
    elif year not in years:
        raise Http404("No sessions that year")
    sessions = (
        body.sessions.filter(starts_at__year=year)
        .prefetch_related("documents")
        .order_by("-starts_at")
    )
    members = body.members.select_related("group").government_order()
    return render(
        request,
        "corporativa/body_detail.html",
        {
            "body": body,
            "year": year,
            "years": years,
            "sessions": sessions,
            "members": members,
            "is_default_year": request.resolver_match.url_name == "body-detail",
        },
    )


@require_safe
def session_detail(request, slug: str, pk: int):
    session = get_object_or_404(
        Session.objects.select_related("body").prefetch_related("documents"),
        pk=pk,
        body__slug=slug,
    )
    return render(request, "corporativa/session_detail.html", {"session": session})


@require_safe
def session_document(request, slug: str, session_pk: int, pk: int):
    document = get_object_or_404(
        SessionDocument, pk=pk, session_id=session_pk, session__body__slug=slug
    )
    return pdf_response(document)


# --- Departments and offices ----------------------------------------------------------


@require_safe
def department_list(request):
    departments = Department.objects.only("name", "slug", "summary", "phone", "email")
    return render(request, "corporativa/department_list.html", {"departments": departments})


@require_safe
def department_detail(request, slug: str):
    department = get_object_or_404(Department.objects.select_related("councillor"), slug=slug)
    procedures = department.procedures.published().only("title", "slug", "summary")
    return render(
        request,
        "corporativa/department_detail.html",
        {
            "department": department,
            "procedures": procedures.order_by("title"),
            "offices": department.offices.all(),
        },
    )


def _offices_with_hours():
    return Office.objects.prefetch_related(
        "hours",
        Prefetch("special_periods", queryset=SpecialPeriod.objects.prefetch_related("hours")),
    )


@require_safe
def office_list(request):
    at = timezone.now()
    holidays = HolidayNames()
    offices = [
        (office, Schedule.for_office(office, holidays).status_at(at))
        for office in _offices_with_hours()
    ]
    return render(request, "corporativa/office_list.html", {"offices": offices})


@require_safe
def office_detail(request, slug: str):
    """An office's page: its hours this week and whether it is open right now.

    Worked out on every request from the official clock: never cache this page.
    """
    office = get_object_or_404(_offices_with_hours(), slug=slug)
    at = timezone.now()
    schedule = Schedule.for_office(office)
    today = at.astimezone(OFFICIAL_TZ).date()
    horizon = today + timedelta(days=SPECIAL_HOURS_AHEAD_DAYS)
    upcoming = [
        (period, weekday_runs(period.hours.all(), weekdays=period_weekdays(period)))
        for period in office.special_periods.all()
        if period.end >= today and period.start <= horizon
    ]
    return render(
        request,
        "corporativa/office_detail.html",
        {
            "office": office,
            "status": schedule.status_at(at),
            "today": today,
            "week": schedule.week_of(today),
            "regular": weekday_runs(office.hours.all()),
            "special_periods": upcoming,
            "departments": office.departments.only("name", "slug"),
        },
    )


# --- Regulations ----------------------------------------------------------------------


@require_safe
def regulation_list(request):
    form = RegulationFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    today = official_today()
    regulations = Regulation.objects.published().order_by("-approved_on", "title")
    if filters.get("q"):
        # As the search of the whole seu finds and ranks them: best match first.
        regulations = regulations_matching(regulations, search.parse(filters["q"]))
    if filters.get("type"):
        regulations = regulations.filter(kind=filters["type"])
    if filters.get("status"):
        regulations = regulations.with_status(filters["status"], today)
    page = Paginator(regulations, REGULATIONS_PAGE_SIZE).get_page(request.GET.get("pagina"))
    for regulation in page.object_list:
        regulation.status = regulation.status_on(today)
    active = {key: value for key, value in filters.items() if value}
    return render(
        request,
        "corporativa/regulation_list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "filters_active": bool(active),
            "querystring": urlencode(active),
        },
    )


@require_safe
def regulation_detail(request, slug: str):
    regulation = get_object_or_404(
        Regulation.objects.published().select_related("repealed_by").prefetch_related("documents"),
        slug=slug,
    )
    repeals = regulation.repeals.published().only("title", "slug")
    return render(
        request,
        "corporativa/regulation_detail.html",
        {
            "regulation": regulation,
            "status": regulation.status_on(official_today()),
            "repeals": repeals,
        },
    )


@require_safe
def regulation_document(request, slug: str, pk: int):
    regulation = get_object_or_404(Regulation.objects.published(), slug=slug)
    document = get_object_or_404(regulation.documents, pk=pk)
    return pdf_response(document)


# --- Generic pages --------------------------------------------------------------------


@require_safe
def page(request, path: str):
    path = path.strip("/")
    page = get_object_or_404(Page.objects.published(), path=path)
    ancestors = list(Page.objects.filter(path__in=page.ancestor_paths()).order_by("path"))
    # Public only if every page above it is published too.
    if len(ancestors) != len(page.ancestor_paths()) or not all(a.is_published for a in ancestors):
        raise Http404("A page above this one is not published")
    ancestors.sort(key=lambda a: len(a.path))
    children = page.children.published().only("title", "path", "summary")
    return render(
        request,
        "corporativa/page.html",
        {"page": page, "ancestors": ancestors, "children": children},
    )


@require_safe
def page_list(request):
    """Every public page as an outline: a page under an unpublished one is left out."""
    pages = Page.objects.published().only("title", "path", "summary", "parent_id", "order")
    by_parent = {}
    for item in pages:  # already in (order, title) order
        by_parent.setdefault(item.parent_id, []).append(item)

    def tree(parent_id):
        return [{"page": item, "children": tree(item.pk)} for item in by_parent.get(parent_id, [])]

    return render(request, "corporativa/page_list.html", {"tree": tree(None)})
