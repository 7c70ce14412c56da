"""Demo content for the notice board: about sixty notices of a Catalan town.

The notices are in demo_data/notices.toml (council data, in Catalan); this
module loads them.

The board's history is made the way a real one is: each notice is drafted,
gets a one-page PDF, and is published through tauler.services at a moment in
the past (09:00 of a business day, a little before its start), and the events
that follow (an extension, a cancellation, a correction, the ends of the
periods) are replayed in the order they happened. So the numbers follow the
dates, the publication log is in chronological order and verifies, and the
finished notices have their certificates.

Times are relative to the day the demo is loaded: some notices finished long
ago, most are on display now, two start in the coming days.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from corporativa.business_days import OFFICIAL_TZ, BusinessCalendar, official_today
from corporativa.models import Department
from documents.demo import demo_pdf
from seu.demo import demo_data
from tauler import services
from tauler.certificates import certificate_issue, notices_needing_certificate
from tauler.models import Category, Notice

_DATA = demo_data("tauler", "notices")
DEMO_CATEGORIES = [(c["slug"], c["name"]) for c in _DATA["categories"]]
# The same slugs as the procedure catalogue's demo, so both share them.
DEMO_DEPARTMENTS = [(d["slug"], d["name"]) for d in _DATA["departments"]]


@dataclass(frozen=True)
class DemoNotice:
    """One notice of the demo and what happens to it.

    `start` counts business days from today: negative in the past, positive in
    the future. `days` is the period in business days, None for a permanent
    notice. `extend` and `cancel` happen that many business days after the
    start; `corrects` names the `key` of the notice it corrects, whose number
    replaces {corrects} in the text.
    """

    key: str
    category: str
    department: str
    case: str
    title: str
    text: str
    start: int
    days: int | None = 20
    documents: tuple[str, ...] = ("Edicte",)
    pinned: bool = False
    extend: tuple[int, int] | None = None
    cancel: tuple[int, str] | None = None
    corrects: str | None = None


def _notice(spec: dict) -> DemoNotice:
    extend, cancel = spec.get("extend"), spec.get("cancel")
    return DemoNotice(
        key=spec["key"],
        category=spec["category"],
        department=spec["department"],
        case=spec["case"],
        title=spec["title"],
        text=spec["text"],
        start=spec["start"],
        days=None if spec.get("permanent") else spec.get("days", 20),
        documents=tuple(spec.get("documents", ("Edicte",))),
        pinned=spec.get("pinned", False),
        extend=(extend["after"], extend["days"]) if extend else None,
        cancel=(cancel["after"], cancel["reason"]) if cancel else None,
        corrects=spec.get("corrects"),
    )


DEMO_NOTICES = [_notice(spec) for spec in _DATA["notices"]]


# --- The PDFs --------------------------------------------------------------------


def notice_pdf(*, title: str, text: str, department: str, case: str, day: date) -> bytes:
    """A one-page PDF with the notice's title and text, laid out like a department's edict."""
    body = [("Heading1", title)]
    for paragraph in text.split("\n"):
        body += [("BodyText", paragraph), 0.3]
    return demo_pdf(title=title, header=[department, f"Expedient {case}"], body=body, day=day)


# --- Loading -------------------------------------------------------------------------


def _categories() -> dict[str, Category]:
    result = {}
    for order, (slug, name) in enumerate(DEMO_CATEGORIES):
        result[slug] = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )[0]
    return result


def _departments() -> dict[str, Department]:
    result = {}
    for slug, name in DEMO_DEPARTMENTS:
        department = (
            Department.objects.filter(slug=slug).first()
            or Department.objects.filter(name=name).first()
            or Department.objects.create(slug=slug, name=name)
        )
        result[slug] = department
    return result


class _Days:
    """Business days around the day the demo is loaded."""

    def __init__(self, today: date):
        self.today = today
        self.calendar = BusinessCalendar()

    def shift(self, start: date, n: int) -> date:
        if n > 0:
            return self.calendar.add_business_days(start, n)
        day = start
        while n < 0:
            day -= timedelta(days=1)
            if self.calendar.is_business_day(day):
                n += 1
        return day

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=OFFICIAL_TZ)


@dataclass
class _Event:
    at: datetime
    order: int
    kind: str
    spec: DemoNotice


def _events(days: _Days, now: datetime) -> list[_Event]:
    events = []
    for order, spec in enumerate(DEMO_NOTICES):
        start_day = days.shift(days.today, spec.start)
        start = days.at(start_day, 9)
        # Past notices were published a little before they started; the
        # scheduled ones, an hour ago.
        published = start - timedelta(minutes=25) if start <= now else now - timedelta(hours=1)
        events.append(_Event(published, order, "publish", spec))
        if spec.extend:
            events.append(
                _Event(days.at(days.shift(start_day, spec.extend[0]), 10), order, "extend", spec)
            )
        if spec.cancel:
            events.append(
                _Event(days.at(days.shift(start_day, spec.cancel[0]), 12), order, "cancel", spec)
            )
    return sorted(events, key=lambda e: (e.at, e.order))


def _finish_until(moment: datetime, notices: dict[str, Notice]) -> None:
    """Record the ends of the periods that were over at `moment`, in the order they ended,
    so the log stays in the order things happened."""
    due = sorted(
        (
            n
            for n in notices.values()
            if n.end_at is not None
            and n.end_at <= moment
            and n.cancelled_at is None
            and n.finished_logged_at is None
        ),
        key=lambda n: n.end_at,
    )
    for notice in due:
        services.notice_finish(notice=notice)
        notice.refresh_from_db()


def _publish(spec: DemoNotice, event: _Event, context: dict) -> Notice:
    days, notices = context["days"], context["notices"]
    start_day = days.shift(days.today, spec.start)
    text = spec.text
    corrects = None
    if spec.corrects:
        corrects = notices[spec.corrects]
        text = text.replace("{corrects}", corrects.number)
    department = context["departments"][spec.department]
    case = f"{start_day.year}/{spec.case}"
    notice = Notice.objects.create(
        title=spec.title,
        text=text,
        category=context["categories"][spec.category],
        department=department,
        case_reference=case,
        start_at=days.at(start_day, 9),
        period_business_days=spec.days,
        is_permanent=spec.days is None,
        is_pinned=spec.pinned,
        corrects=corrects,
    )
    for order, document_title in enumerate(spec.documents):
        pdf = notice_pdf(
            title=spec.title if order == 0 else f"{document_title}. {spec.title}",
            text=text,
            department=department.name,
            case=case,
            day=timezone.localtime(event.at, OFFICIAL_TZ).date(),
        )
        upload = SimpleUploadedFile(
            f"{spec.key}-{order + 1}.pdf", pdf, content_type="application/pdf"
        )
        services.document_add(notice=notice, title=document_title, upload=upload, order=order)
    return services.notice_publish(notice=notice, by=context["staff"], at=event.at)


def seed_notices(*, staff) -> int:
    """Load the demo notices, unless they are already there; how many were published.

    `staff` publishes them: a user with the permission tauler.publish_notice.
    """
    if Notice.objects.filter(title__in=[spec.title for spec in DEMO_NOTICES]).exists():
        return 0
    now = timezone.now()
    days = _Days(official_today())
    context = {
        "staff": staff,
        "days": days,
        "categories": _categories(),
        "departments": _departments(),
        "notices": {},
    }
    notices = context["notices"]
    with transaction.atomic():
        for event in _events(days, now):
            _finish_until(event.at, notices)
            spec = event.spec
            if event.kind == "publish":
                notices[spec.key] = _publish(spec, event, context)
            elif event.kind == "extend":
                notices[spec.key] = services.notice_extend(
                    notice=notices[spec.key],
                    by=staff,
                    business_days_count=spec.extend[1],
                    at=event.at,
                )
            elif event.kind == "cancel":
                notices[spec.key] = services.notice_cancel(
                    notice=notices[spec.key], by=staff, reason=spec.cancel[1], at=event.at
                )
        _finish_until(now, notices)
        for notice in notices_needing_certificate():
            certificate_issue(notice=notice)
    return len(notices)
