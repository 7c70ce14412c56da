"""Demo content for corporate information, for Mollet del Vallès.

The texts are in demo_data/ (holidays, council, offices, regulations, pages:
council data, in Catalan); this module loads them. Every function is
idempotent: records are found by their slug or natural key and updated,
sessions by body and date, and a document is made only when the session or
regulation lacks it.
"""

from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q

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
from documents.demo import demo_pdf
from documents.uploads import published_pdf_attach
from seu.demo import demo_data

HOLIDAYS = demo_data("corporativa", "holidays")
COUNCIL = demo_data("corporativa", "council")
OFFICES = demo_data("corporativa", "offices")
REGULATIONS = demo_data("corporativa", "regulations")
PAGES = demo_data("corporativa", "pages")


@transaction.atomic
def seed_local_holidays() -> int:
    """Create or refresh the demo local holidays; returns how many there are."""
    for holiday in HOLIDAYS["holidays"]:
        LocalHoliday.objects.update_or_create(
            date=holiday["date"], defaults={"name": holiday["name"], "note": HOLIDAYS["note"]}
        )
    return len(HOLIDAYS["holidays"])


# --- PDFs -------------------------------------------------------------------------------


def _numbered_pdf(*, title: str, lines: list[str], day: date) -> bytes:
    """A one-page PDF: the title as heading, then numbered lines."""
    body = [("Heading1", title), 0.5]
    for number, line in enumerate(lines, start=1):
        body += [("BodyText", f"{number}. {line}"), 0.2]
    return demo_pdf(title=title, body=body, day=day)


def _attach(document, *, filename: str, data: bytes) -> None:
    published_pdf_attach(
        document=document,
        upload=SimpleUploadedFile(filename, data, content_type="application/pdf"),
    )
    document.save()


# --- The council and its people -----------------------------------------------------------


def seed_council() -> Council:
    council = Council.objects.first() or Council()
    for field, value in COUNCIL["council"].items():
        setattr(council, field, value)
    council.full_clean()
    council.save()
    return council


def seed_government() -> dict[str, Person]:
    groups = {}
    for group in COUNCIL["groups"]:
        groups[group["key"]], _ = PoliticalGroup.objects.update_or_create(
            name=group["name"],
            defaults={"short_name": group["short_name"], "order": group["order"]},
        )
    people = {}
    for person in COUNCIL["people"]:
        people[person["name"]], _ = Person.objects.update_or_create(
            name=person["name"],
            defaults={
                "group": groups[person["group"]],
                "role": person["role"],
                "deputy_order": person.get("deputy_order"),
                "areas": "\n".join(person["areas"]),
                "email": person["email"],
                "term_start": COUNCIL["term_start"],
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
    texts = COUNCIL["sessions"]
    made = 0
    for spec in COUNCIL["bodies"]:
        kind, members = spec["kind"], spec["members"]
        body, _ = MunicipalBody.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key] for key in ("name", "kind", "summary", "description", "order")
            },
        )
        if members == "all":
            body.members.set(people.values())
        elif members == "government":
            body.members.set(government)
        else:
            body.members.set([people[member] for member in members])
        place = texts["place_plenary"] if kind == "plenary" else texts["place"]
        for starts_at, session_kind in _session_dates(kind, today):
            video_url = texts["video_url"].format(date=f"{starts_at:%Y-%m-%d}")
            session, _ = Session.objects.get_or_create(
                body=body,
                starts_at=starts_at,
                defaults={
                    "kind": session_kind,
                    "place": place,
                    "video_url": video_url if kind == "plenary" else "",
                },
            )
            made += _session_documents(session, kind, today)
    return made


def _session_documents(session: Session, kind: str, today: date) -> int:
    day = session.starts_at.astimezone(OFFICIAL_TZ).date()
    existing = set(session.documents.values_list("kind", flat=True))
    texts = COUNCIL["sessions"]
    items = COUNCIL["agenda_items"][kind]
    # The agenda goes out a few days before; the minutes once the next session approves them.
    wanted = []
    if day - timedelta(days=7) <= today:
        wanted.append(("agenda", texts["agenda"]))
    if day + timedelta(days=21) <= today:
        wanted.append(("minutes", texts["minutes"]))
    made = 0
    for doc_kind, label in wanted:
        if doc_kind in existing:
            continue
        title = f"{label} · {session.body.name} · {day:%d/%m/%Y}"
        lines = items if doc_kind == "agenda" else [f"{item} {texts['approved']}" for item in items]
        document = SessionDocument(session=session, kind=doc_kind, title=title)
        _attach(
            document,
            filename=f"{session.body.slug}-{day:%Y%m%d}-{doc_kind}.pdf",
            data=_numbered_pdf(title=title, lines=lines, day=day),
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
    for spec in OFFICES["offices"]:
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
            OpeningHours(
                office=office, weekday=day, opens=_clock(h["opens"]), closes=_clock(h["closes"])
            )
            for h in spec["hours"]
            for day in h["days"]
        )
        office.special_periods.all().delete()
        # This year's and next year's periods, so the page always has some ahead.
        for year in (today.year, today.year + 1):
            for special in spec.get("special", ()):
                period = SpecialPeriod.objects.create(
                    office=office,
                    name=special["name"],
                    start=date(year, *special["start"]),
                    end=date(year, *special["end"]),
                    closed=special.get("closed", False),
                )
                SpecialHours.objects.bulk_create(
                    SpecialHours(
                        period=period,
                        weekday=day,
                        opens=_clock(h["opens"]),
                        closes=_clock(h["closes"]),
                    )
                    for h in special.get("hours", ())
                    for day in h["days"]
                )
        offices[spec["slug"]] = office
    return offices


def seed_departments(people: dict[str, Person], offices: dict[str, Office]) -> int:
    for spec in OFFICES["departments"]:
        slug, name = spec["slug"], spec["name"]
        # tramits and tauler demos may have made it first, under the same slug or name.
        department = Department.objects.filter(Q(slug=slug) | Q(name=name)).first() or Department(
            slug=slug, name=name
        )
        department.summary = spec["summary"]
        department.description = spec["description"]
        department.services = "\n".join(spec["services"])
        department.head = spec["head"]
        department.councillor = people.get(spec["councillor"])
        department.save()
        department.offices.set([offices[s] for s in spec["offices"]])
    return len(OFFICES["departments"])


# --- Regulations, pages and questions -------------------------------------------------------


def seed_regulations() -> int:
    made = 0
    by_slug = {}
    text = REGULATIONS["document"]
    for spec in REGULATIONS["regulations"]:
        slug, title, approved = spec["slug"], spec["title"], spec["approved"]
        published = spec.get("published")
        regulation, _ = Regulation.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": spec["kind"],
                "summary": spec["summary"],
                "approved_on": approved,
                "published_on": published,
                "bulletin_reference": spec["bulletin"],
                "is_published": True,
            },
        )
        by_slug[slug] = regulation
        if not regulation.documents.exists():
            values = {
                "title": title,
                "summary": spec["summary"],
                "approved": f"{approved:%d/%m/%Y}",
            }
            document = RegulationDocument(
                regulation=regulation, title=text["title"].format(**values)
            )
            _attach(
                document,
                filename=f"{slug}.pdf",
                data=_numbered_pdf(
                    title=title,
                    lines=[line.format(**values) for line in text["lines"]],
                    day=published or approved,
                ),
            )
            made += 1
    for spec in REGULATIONS["regulations"]:
        regulation, repeal = by_slug[spec["slug"]], spec.get("repealed")
        if repeal is None:
            regulation.repealed_on, regulation.repealed_by, regulation.repeal_note = None, None, ""
        else:
            day, by = repeal["on"], repeal["by"]
            regulation.repealed_on = day
            regulation.repealed_by = by_slug.get(by)
            regulation.repeal_note = "" if by in by_slug else by
        regulation.full_clean()
        regulation.save()
    return made


def seed_pages() -> int:
    pages = {}
    for spec in PAGES["pages"]:
        path = spec["path"]
        parent_path, _sep, slug = path.rpartition("/")
        parent = pages.get(parent_path) if parent_path else None
        page = Page.objects.filter(parent=parent, slug=slug).first() or Page(
            parent=parent, slug=slug
        )
        page.title, page.summary, page.body = spec["title"], spec["summary"], spec["body"]
        page.order = spec["order"]
        page.is_published = True
        page.save()
        pages[path] = page
    return len(pages)


def seed_faqs() -> int:
    count = 0
    for spec in PAGES["faq_topics"]:
        topic, _ = FaqTopic.objects.update_or_create(
            name=spec["name"], defaults={"order": spec["order"]}
        )
        for position, item in enumerate(spec["questions"], start=1):
            question, answer = item["question"], item["answer"]
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
