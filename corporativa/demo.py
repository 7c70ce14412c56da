"""Demo content for corporate information, for Mollet del Vallès (texts in demo_content.py).

Every function is idempotent: records are found by their slug or natural key
and updated, sessions by body and date, and a document is made only when the
session or regulation lacks it.
"""

from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.html import escape

from corporativa import demo_content as content
from corporativa.business_days import OFFICIAL_TZ, BusinessCalendar, official_today
from corporativa.models import (
    Council,
    Department,
    Faq,
    FaqTopic,
    LocalHoliday,
    MunicipalBody,
    Office,
    OpeningHours,
    Page,
    Person,
    PoliticalGroup,
    Regulation,
    RegulationDocument,
    Session,
    SessionDocument,
    SpecialHours,
    SpecialPeriod,
)
from documents.uploads import published_pdf_attach

_DEMO_NOTE = (
    "Dades de demostració: cal comprovar-les amb l'acord de festes locals "
    "aprovat per l'Ajuntament i publicat al DOGC."
)

# Sant Vicenç (22 January) is the patron saint of Mollet; the second day is a
# Monday of the summer Festa Major, which the town holds in mid-August.
DEMO_LOCAL_HOLIDAYS = [
    (date(2026, 1, 22), "Sant Vicenç, patró de Mollet del Vallès"),
    (date(2026, 8, 17), "Festa local de Mollet del Vallès (Festa Major)"),
    (date(2027, 1, 22), "Sant Vicenç, patró de Mollet del Vallès"),
    (date(2027, 8, 16), "Festa local de Mollet del Vallès (Festa Major)"),
]


@transaction.atomic
def seed_local_holidays() -> int:
    """Create or refresh the demo local holidays; returns how many there are."""
    for day, name in DEMO_LOCAL_HOLIDAYS:
        LocalHoliday.objects.update_or_create(date=day, defaults={"name": name, "note": _DEMO_NOTE})
    return len(DEMO_LOCAL_HOLIDAYS)


# --- PDFs -------------------------------------------------------------------------------


def demo_pdf(*, title: str, heading: str, lines: list[str], day: date) -> bytes:
    """A small one-page PDF: the council, a heading, numbered lines, the date."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title=title,
        author=settings.SEU_COUNCIL_NAME,
        invariant=1,  # same input, same bytes, same SHA-256
    )
    story = [
        Paragraph(escape(settings.SEU_COUNCIL_NAME), styles["Heading2"]),
        Paragraph(escape(heading), styles["Heading1"]),
        Spacer(1, 0.5 * cm),
    ]
    for number, line in enumerate(lines, start=1):
        story.append(Paragraph(escape(f"{number}. {line}"), styles["BodyText"]))
        story.append(Spacer(1, 0.2 * cm))
    story += [
        Spacer(1, 0.8 * cm),
        Paragraph(
            escape(f"Mollet del Vallès, {day.day:d}/{day.month:02d}/{day.year}"), styles["Normal"]
        ),
        Paragraph("Document de demostració de la seu electrònica", styles["Italic"]),
    ]
    document.build(story)
    return buffer.getvalue()


def _attach(document, *, filename: str, data: bytes) -> None:
    published_pdf_attach(
        document=document,
        upload=SimpleUploadedFile(filename, data, content_type="application/pdf"),
    )
    document.save()


# --- The council and its people -----------------------------------------------------------


def seed_council() -> Council:
    council = Council.objects.first() or Council()
    for field, value in content.COUNCIL.items():
        setattr(council, field, value)
    council.full_clean()
    council.save()
    return council


def seed_government() -> dict[str, Person]:
    groups = {}
    for key, name, short_name, order in content.GROUPS:
        groups[key], _ = PoliticalGroup.objects.update_or_create(
            name=name, defaults={"short_name": short_name, "order": order}
        )
    people = {}
    for name, group, role, deputy_order, areas, user in content.PEOPLE:
        people[name], _ = Person.objects.update_or_create(
            name=name,
            defaults={
                "group": groups[group],
                "role": role,
                "deputy_order": deputy_order,
                "areas": areas,
                "email": f"{user}@mollet.example",
                "term_start": content.TERM_START,
                "term_end": None,
            },
        )
    return people


# --- Bodies and sessions ----------------------------------------------------------------


def _last_weekday_of_month(year: int, month: int, weekday: int) -> date:
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    day = next_month - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _months_back(today: date, count: int) -> list[tuple[int, int]]:
    """(year, month) of the `count` months up to and including today's, oldest first."""
    months = []
    year, month = today.year, today.month
    for _step in range(count):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _session_dates(kind: str, today: date) -> list[tuple[datetime, str]]:
    """(start, session kind) for a year of sessions of a kind of body, up to next month."""
    calendar = BusinessCalendar()
    months = _months_back(today, 12) + [(today.year + (today.month == 12), today.month % 12 + 1)]
    dates = []
    for year, month in months:
        if kind == "plenary":
            if month == 8:  # no ordinary plenary in August
                continue
            day = _last_weekday_of_month(year, month, 3)  # last Thursday
            dates.append((day, time(19, 0), "ordinary"))
            if month == 12:
                dates.append((day - timedelta(days=8), time(18, 0), "extraordinary"))
        elif kind == "commission":
            if month == 8:
                continue
            day = _last_weekday_of_month(year, month, 3) - timedelta(days=7)
            dates.append((day, time(17, 30), "ordinary"))
        else:  # governing board: the 1st and 3rd Tuesday
            first = date(year, month, 1)
            first_tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
            for day in (first_tuesday, first_tuesday + timedelta(days=14)):
                dates.append((day, time(9, 0), "ordinary"))
    result = []
    for day, clock, session_kind in dates:
        # A session never falls on a holiday: it moves to the next business day.
        day = calendar.first_business_day_from(day)
        result.append((datetime.combine(day, clock, tzinfo=OFFICIAL_TZ), session_kind))
    return result


def seed_bodies(people: dict[str, Person], *, today: date | None = None) -> int:
    """The bodies and a year of their sessions with agendas and minutes; new documents made."""
    today = today or official_today()
    government = [p for p in people.values() if p.role in ("mayor", "deputy_mayor")]
    made = 0
    for slug, name, kind, summary, description, order, members in content.BODIES:
        body, _ = MunicipalBody.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "summary": summary,
                "description": description,
                "order": order,
            },
        )
        if members == "all":
            body.members.set(people.values())
        elif members == "government":
            body.members.set(government)
        else:
            body.members.set([people[member] for member in members])
        place = (
            "Sala de Juntes de l'Ajuntament"
            if kind != "plenary"
            else "Sala de Plens de l'Ajuntament, plaça Major, 1"
        )
        for starts_at, session_kind in _session_dates(kind, today):
            session, _ = Session.objects.get_or_create(
                body=body,
                starts_at=starts_at,
                defaults={
                    "kind": session_kind,
                    "place": place,
                    "video_url": f"https://video.mollet.example/plens/{starts_at:%Y-%m-%d}"
                    if kind == "plenary"
                    else "",
                },
            )
            made += _session_documents(session, kind, today)
    return made


def _session_documents(session: Session, kind: str, today: date) -> int:
    day = session.starts_at.astimezone(OFFICIAL_TZ).date()
    existing = set(session.documents.values_list("kind", flat=True))
    items = content.AGENDA_ITEMS[kind]
    # The agenda goes out a few days before; the minutes once the next session approves them.
    wanted = []
    if day - timedelta(days=7) <= today:
        wanted.append(("agenda", "Ordre del dia"))
    if day + timedelta(days=21) <= today:
        wanted.append(("minutes", "Acta"))
    made = 0
    for doc_kind, label in wanted:
        if doc_kind in existing:
            continue
        title = f"{label} · {session.body.name} · {day:%d/%m/%Y}"
        lines = items if doc_kind == "agenda" else [f"{item} Aprovat." for item in items]
        document = SessionDocument(session=session, kind=doc_kind, title=title)
        _attach(
            document,
            filename=f"{session.body.slug}-{day:%Y%m%d}-{doc_kind}.pdf",
            data=demo_pdf(title=title, heading=title, lines=lines, day=day),
        )
        made += 1
    return made


# --- Offices and departments ------------------------------------------------------------


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def seed_offices(*, today: date | None = None) -> dict[str, Office]:
    today = today or official_today()
    offices = {}
    for spec in content.OFFICES:
        office, _ = Office.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key]
                for key in (
                    "name",
                    "summary",
                    "address",
                    "directions",
                    "phone",
                    "email",
                    "accessibility",
                    "order",
                )
            },
        )
        office.hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(office=office, weekday=day, opens=_clock(opens), closes=_clock(closes))
            for days, opens, closes in spec["hours"]
            for day in days
        )
        office.special_periods.all().delete()
        # This year's and next year's periods, so the page always has some ahead.
        for year in (today.year, today.year + 1):
            for name, start, end, closed, hours in spec["special"]:
                period = SpecialPeriod.objects.create(
                    office=office,
                    name=name,
                    start=date(year, *start),
                    end=date(year, *end),
                    closed=closed,
                )
                SpecialHours.objects.bulk_create(
                    SpecialHours(period=period, weekday=day, opens=_clock(o), closes=_clock(c))
                    for days, o, c in hours
                    for day in days
                )
        offices[spec["slug"]] = office
    return offices


def seed_departments(people: dict[str, Person], offices: dict[str, Office]) -> int:
    for slug, spec in content.DEPARTMENTS.items():
        name, summary, description, services_text, head, councillor, office_slugs = spec
        # tramits and tauler demos may have made it first, under the same slug or name.
        department = Department.objects.filter(Q(slug=slug) | Q(name=name)).first() or Department(
            slug=slug, name=name
        )
        department.summary = summary
        department.description = description
        department.services = services_text
        department.head = head
        department.councillor = people.get(councillor)
        department.save()
        department.offices.set([offices[s] for s in office_slugs])
    return len(content.DEPARTMENTS)


# --- Regulations, pages and questions -------------------------------------------------------


def seed_regulations() -> int:
    made = 0
    by_slug = {}
    for slug, title, kind, summary, approved, published, bulletin, _repeal in content.REGULATIONS:
        regulation, _ = Regulation.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "summary": summary,
                "approved_on": approved,
                "published_on": published,
                "bulletin_reference": bulletin,
                "is_published": True,
            },
        )
        by_slug[slug] = regulation
        if not regulation.documents.exists():
            text_day = published or approved
            document = RegulationDocument(regulation=regulation, title=f"Text íntegre: {title}")
            _attach(
                document,
                filename=f"{slug}.pdf",
                data=demo_pdf(
                    title=title,
                    heading=title,
                    lines=[
                        summary,
                        f"Aprovació definitiva pel Ple: {approved:%d/%m/%Y}.",
                        "Entrada en vigor: l'endemà de la publicació al butlletí oficial.",
                    ],
                    day=text_day,
                ),
            )
            made += 1
    for slug, *_rest, repeal in content.REGULATIONS:
        regulation = by_slug[slug]
        if repeal is None:
            regulation.repealed_on, regulation.repealed_by, regulation.repeal_note = None, None, ""
        else:
            day, by = repeal
            regulation.repealed_on = day
            regulation.repealed_by = by_slug.get(by)
            regulation.repeal_note = "" if by in by_slug else by
        regulation.full_clean()
        regulation.save()
    return made


def seed_pages() -> int:
    pages = {}
    for path, title, summary, body, order in content.PAGES:
        parent_path, _sep, slug = path.rpartition("/")
        parent = pages.get(parent_path) if parent_path else None
        page = Page.objects.filter(parent=parent, slug=slug).first() or Page(
            parent=parent, slug=slug
        )
        page.title, page.summary, page.body, page.order = title, summary, body, order
        page.is_published = True
        page.save()
        pages[path] = page
    return len(pages)


def seed_faqs() -> int:
    count = 0
    for topic_name, order, questions in content.FAQS:
        topic, _ = FaqTopic.objects.update_or_create(name=topic_name, defaults={"order": order})
        for position, (question, answer) in enumerate(questions, start=1):
            faq = Faq.objects.filter(topic=topic, question=question).first() or Faq(
                topic=topic, question=question
            )
            faq.answer, faq.order, faq.is_published = answer, position, True
            faq.save()
            count += 1
    return count


@transaction.atomic
def seed_corporate(*, today: date | None = None) -> dict[str, int]:
    """All the corporate demo content; how many of each thing there are (or were made)."""
    seed_council()
    people = seed_government()
    offices = seed_offices(today=today)
    return {
        "councillors": len(people),
        "new session documents": seed_bodies(people, today=today),
        "offices": len(offices),
        "departments": seed_departments(people, offices),
        "new regulation documents": seed_regulations(),
        "pages": seed_pages(),
        "questions": seed_faqs(),
    }
