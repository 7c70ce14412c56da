"""A notice board of N notices on PostgreSQL, for `bench/run.py --notices N`.

Run by bench/run.py with the benchmark's production environment:

    .venv/bin/python bench/notices.py generate 10000
    .venv/bin/python bench/notices.py inspect

`generate N` fills an empty PostgreSQL database with N published notices of
the last three years (and a few scheduled ones), then runs ANALYZE. They are
written in bulk, as the board's history would have left them, without going
through tauler.services one notice at a time:

- categories and departments (found by slug, or created);
- the notices with their numbers (year/sequence in the order they were
  published), periods and ends computed as tauler.services.end_of_period
  does, some extended, some cancelled with a public reason, a few permanent,
  pinned or still to start;
- one or two documents each, all pointing to one small stored PDF;
- the publication log: published, extended, cancelled and finished events in
  the order they happened, hash-chained with PublicationLogEntry.compute_hash
  exactly as tauler.services.log_append chains them, so `tauler_verify`
  passes;
- the notice counters of each year.

Titles and texts are Catalan, put together from the word lists of
bench/notice_texts.py, with a fixed random seed: the same N gives the same board. A database that already
holds exactly N notices is used as it is (generation skipped); any other
non-empty one is refused: the log is append-only, so start from a new
database.

`inspect` prints what the pages list (notices on display, public, matching
the search word of bench/pages.py) and the EXPLAIN ANALYZE of the archive's
search query, as tauler.search builds it, with whether the GIN index
`tauler_notice_search` is used.

Each prints one JSON line on stdout.
"""

import json
import random
import re
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock

import djangoenv
import pages as bench_pages
from notice_texts import (
    CANCEL_REASONS,
    CATEGORIES,
    CATEGORY_WEIGHTS,
    DEPARTMENTS,
    SIGNATORIES,
    WRITERS,
    long_date,
)

SEED = 20260
YEARS_BACK = 3
SEARCH_INDEX = "tauler_notice_search_document"
# A word of few notices (about 3 in 100), typed without its accent and middle dot.
RARE_WORD = "reparcellacio"
PAGE_SIZE = 20  # tauler.views.PAGE_SIZE: the archive's first page

# --- Generating ----------------------------------------------------------------------


class Refused(Exception):
    """The database is not one this mode may fill; the message says why."""


def require_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        raise Refused(
            f"the database is {connection.vendor}, not PostgreSQL: the notices mode measures "
            "PostgreSQL's full-text search and its GIN index"
        )


def shared_pdf():
    """(name, sha256, size) of the one small PDF every generated document points to."""
    import hashlib
    from io import BytesIO

    from django.core.files.base import ContentFile
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from documents.storage import private_storage

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle("Edicte (document de prova del banc de proves)")
    pdf.drawString(72, 770, "Ajuntament de Mollet del Vallès")
    pdf.drawString(72, 740, "Document de prova del banc de proves del tauler d'anuncis")
    pdf.save()
    content = buffer.getvalue()
    name = private_storage().save("tauler/bench/edicte.pdf", ContentFile(content))
    return name, hashlib.sha256(content).hexdigest(), len(content)


def ensure_rows():
    """The categories, departments and publishing user, found or created."""
    from accounts.models import User
    from corporativa.models import Department
    from tauler.models import Category

    categories = {}
    for order, (slug, name) in enumerate(CATEGORIES):
        categories[slug] = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )[0]
    departments = {}
    for slug, name in DEPARTMENTS:
        departments[slug] = (
            Department.objects.filter(slug=slug).first()
            or Department.objects.filter(name=name).first()
            or Department.objects.create(slug=slug, name=name)
        )
    publisher = User.objects.filter(email="tauler-bench@mollet.example").first()
    if publisher is None:
        publisher = User.objects.create_user(
            "tauler-bench@mollet.example", full_name="Banc de proves del tauler", is_staff=True
        )
    return categories, departments, publisher


def business_days_between(calendar, first, last):
    days, day = [], first
    while day <= last:
        if calendar.is_business_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def period_data(start_at, end_at, business_days, permanent):
    """What tauler.services._period_data states about a period."""
    from datetime import UTC

    return {
        "start": start_at.astimezone(UTC).isoformat(),
        "end": end_at.isoformat() if end_at else None,
        "business_days": business_days,
        "permanent": permanent,
    }


def plan_notices(count, rng, now):
    """Plain dicts, one per notice, with what happens to each and when."""
    from django.utils import timezone

    from corporativa.business_days import OFFICIAL_TZ, BusinessCalendar

    calendar = BusinessCalendar()
    today = timezone.localtime(now, OFFICIAL_TZ).date()
    past = business_days_between(calendar, today - timedelta(days=365 * YEARS_BACK), today)
    future = business_days_between(calendar, today + timedelta(days=1), today + timedelta(days=20))
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())

    def moment(day, hour, minute):
        return datetime.combine(day, clock(hour, minute), tzinfo=OFFICIAL_TZ)

    def end_of(start_day, days):
        # As tauler.services.end_of_period: down at 00:00 after the last business day.
        last = calendar.add_business_days(start_day, days)
        return timezone.make_aware(datetime.combine(last + timedelta(days=1), clock.min))

    plans = []
    for _ in range(count):
        scheduled = rng.random() < 0.003
        start_day = rng.choice(future if scheduled else past)
        start_at = moment(start_day, rng.randint(8, 13), rng.randrange(0, 60, 5))
        if scheduled:
            published_at = now - timedelta(minutes=rng.randint(10, 48 * 60))
        else:
            published_at = start_at - timedelta(minutes=rng.randint(5, 240))
        permanent = rng.random() < 0.005
        days = None if permanent else rng.choice((10, 10, 15, 20, 20, 20, 30, 45, 60))
        end_at = None if permanent else end_of(start_day, days)
        category = rng.choices(categories, weights)[0]
        title, paragraphs, department, code, documents = WRITERS[category](rng, start_day)
        plan = {
            "category": category,
            "department": department,
            "title": title[:300],
            "paragraphs": paragraphs,
            "case_reference": f"{start_day.year}/{rng.randint(1, 4800):04d}-{code}",
            "documents": documents,
            "start_at": start_at,
            "published_at": published_at,
            "permanent": permanent,
            "days": days,
            "end_at": end_at,
            "published_period": period_data(start_at, end_at, days, permanent),
            "extended": None,
            "cancelled": None,
            "finished_at": None,
            "pinned": False,
            "day": start_day,
        }
        draw = rng.random()
        if not scheduled and not permanent and draw < 0.03:
            # Cancelled some business days into its period, at noon, before its end and now.
            index = past.index(start_day) + rng.randint(0, max(0, days - 2))
            if index < len(past):
                cancelled_at = moment(past[index], 12, rng.randrange(0, 60, 5))
                if start_at < cancelled_at < min(end_at, now):
                    plan["cancelled"] = (cancelled_at, rng.choice(CANCEL_REASONS))
        elif not scheduled and not permanent and draw < 0.05:
            # Extended during its period by ten or twenty business days.
            index = past.index(start_day) + rng.randint(1, days - 1)
            if index < len(past):
                extended_at = moment(past[index], 10, rng.randrange(0, 60, 5))
                if start_at < extended_at < min(end_at, now):
                    longer = days + rng.choice((10, 20))
                    plan["extended"] = (extended_at, longer)
                    plan["days"], plan["end_at"] = longer, end_of(start_day, longer)
        if plan["cancelled"] is None and plan["end_at"] is not None and plan["end_at"] <= now:
            # The end recorded by tauler_close, run by cron a few minutes after midnight.
            recorded = plan["end_at"] + timedelta(minutes=rng.randint(1, 30))
            if recorded <= now:
                plan["finished_at"] = recorded
        on_display = (
            start_at <= now
            and plan["cancelled"] is None
            and (plan["end_at"] is None or plan["end_at"] > now)
        )
        plan["pinned"] = on_display and rng.random() < 0.02
        plans.append(plan)
    return plans


def closing(rng, day):
    return f"Mollet del Vallès, {long_date(day)}\n{rng.choice(SIGNATORIES)}"


def generate(count):
    from django.db import connection, transaction
    from django.db.models import F, Value
    from django.utils import timezone

    from corporativa.models import NumberSeries, YearlyCounter
    from tauler.choices import LogEvent
    from tauler.models import Notice, NoticeDocument, PublicationLogEntry
    from tauler.services import GENESIS_HASH

    require_postgresql()
    existing = Notice.objects.count()
    entries = PublicationLogEntry.objects.count()
    if existing == count:
        return {"created": 0, "reused": True, "seconds": 0.0, "log_entries": entries}
    if existing or entries:
        raise Refused(
            f"the database already holds {existing} notices and {entries} log entries, not "
            f"{count}: the publication log is append-only, so give the notices mode a new "
            "database (DROP DATABASE and CREATE DATABASE) or one it filled with the same N"
        )

    started = time.monotonic()
    rng = random.Random(SEED)
    now = timezone.now()
    plans = plan_notices(count, rng, now)
    # Numbers are given in the order of publication, per year of publication.
    plans.sort(key=lambda plan: plan["published_at"])

    with transaction.atomic():
        categories, departments, publisher = ensure_rows()
        document_name, document_sha256, document_size = shared_pdf()
        counters = {}
        notices = []
        for plan in plans:
            year = timezone.localtime(plan["published_at"]).year
            counters[year] = counters.get(year, 0) + 1
            cancelled = plan["cancelled"]
            notices.append(
                Notice(
                    number=f"{year}/{counters[year]:06d}",
                    year=year,
                    sequence=counters[year],
                    title=plan["title"],
                    text="\n".join([*plan["paragraphs"], closing(rng, plan["day"])]),
                    category=categories[plan["category"]],
                    department=departments[plan["department"]],
                    case_reference=plan["case_reference"],
                    start_at=plan["start_at"],
                    period_business_days=plan["days"],
                    is_permanent=plan["permanent"],
                    end_at=plan["end_at"],
                    is_pinned=plan["pinned"],
                    published_at=plan["published_at"],
                    published_by=publisher,
                    cancelled_at=cancelled[0] if cancelled else None,
                    cancel_reason=cancelled[1] if cancelled else "",
                    finished_logged_at=plan["finished_at"],
                )
            )
        Notice.objects.bulk_create(notices, batch_size=1000)
        # created_at is auto_now_add: date each draft a few hours before its publication
        # (the database held no notice before, so all of them are these).
        Notice.objects.update(created_at=F("published_at") - Value(timedelta(hours=3)))

        documents = []
        for notice, plan in zip(notices, plans, strict=True):
            plan["document_data"] = []
            for order, title in enumerate(plan["documents"]):
                documents.append(
                    NoticeDocument(
                        notice=notice,
                        order=order,
                        title=title,
                        file=document_name,
                        sha256=document_sha256,
                        size=document_size,
                    )
                )
                plan["document_data"].append(
                    {"title": title, "sha256": document_sha256, "size": document_size}
                )
        NoticeDocument.objects.bulk_create(documents, batch_size=2000)

        # The events in the order they happened; a tie keeps publication first.
        events = []
        for index, (notice, plan) in enumerate(zip(notices, plans, strict=True)):
            data = {
                **plan["published_period"],
                "title": notice.title,
                "documents": plan["document_data"],
            }
            events.append((plan["published_at"], 0, index, LogEvent.PUBLISHED, notice, data))
            if plan["extended"]:
                extended_at, longer = plan["extended"]
                to = period_data(notice.start_at, notice.end_at, longer, False)
                data = {"from": plan["published_period"], "to": to}
                events.append((extended_at, 1, index, LogEvent.EXTENDED, notice, data))
            if plan["cancelled"]:
                data = {"reason": notice.cancel_reason}
                events.append((notice.cancelled_at, 2, index, LogEvent.CANCELLED, notice, data))
            if plan["finished_at"]:
                data = period_data(
                    notice.start_at, notice.end_at, notice.period_business_days, False
                )
                # Recorded when cron saw it, dated at the end of the period.
                events.append((plan["finished_at"], 3, index, LogEvent.FINISHED, notice, data))
        events.sort(key=lambda event: event[:3])

        entries, previous = [], GENESIS_HASH
        for sequence, (recorded, _kind, _index, event, notice, data) in enumerate(events, 1):
            entry = PublicationLogEntry(
                sequence=sequence,
                event=event,
                notice=notice,
                notice_number=notice.number,
                at=notice.end_at if event == LogEvent.FINISHED else recorded,
                data=data,
                previous_hash=previous,
            )
            entry.hash = entry.compute_hash()
            previous = entry.hash
            entries.append(entry)
        PublicationLogEntry.objects.bulk_create(entries, batch_size=2000)

        for year, last in counters.items():
            YearlyCounter.objects.update_or_create(
                series=NumberSeries.NOTICES, year=year, defaults={"last_number": last}
            )
    written = time.monotonic() - started

    analyze_started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "created": len(notices),
        "reused": False,
        "seconds": round(written, 1),
        "analyze_seconds": round(time.monotonic() - analyze_started, 1),
        "documents": len(documents),
        "log_entries": len(entries),
        "years": dict(sorted(counters.items())),
    }


# --- Inspecting ----------------------------------------------------------------------


def search_query(word, *, at):
    """The archive's search as tauler.views.archive runs it: public notices with their
    category and department, through tauler.search, best first; its first page."""
    from tauler.models import Notice
    from tauler.search import notices_matching

    return notices_matching(Notice.objects.public(at=at).with_list_data(), word)


def execution_ms(plan):
    match = re.search(r"^Execution Time: ([\d.]+) ms", plan, re.MULTILINE)
    return float(match.group(1)) if match else None


def explain_search(word, *, at):
    """EXPLAIN ANALYZE of the first page of a search, and what it shows."""
    from django.db import connection, transaction

    search = search_query(word, at=at)
    first_page = search[:PAGE_SIZE]
    plan = first_page.explain(analyze=True, buffers=True)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        list(first_page.all())
        timings.append((time.perf_counter() - started) * 1000)
    result = {
        "word": word,
        "matching": search.count(),
        "gin_index_used": SEARCH_INDEX in plan,
        "execution_ms": execution_ms(plan),
        "query_ms": round(min(timings), 1),
        "plan": plan,
    }
    if not result["gin_index_used"]:
        # Could it use the index at all? Ask again with sequential scans priced out.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            forced = first_page.all().explain(analyze=True)
        result["forced"] = {
            "gin_index_used": SEARCH_INDEX in forced,
            "execution_ms": execution_ms(forced),
            "plan": forced,
        }
    return result


def inspect():
    from django.db import connection
    from django.utils import timezone

    from tauler.models import Notice, PublicationLogEntry

    require_postgresql()
    at = timezone.now()
    word = bench_pages.NOTICE_SEARCH_WORD
    searches = [explain_search(word, at=at), explain_search(RARE_WORD, at=at)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [SEARCH_INDEX])
        index_size = cursor.fetchone()[0]
    public = Notice.objects.public(at=at)
    states = {
        "total": Notice.objects.count(),
        "on_display": Notice.objects.on_display(at=at).count(),
        "finished": Notice.objects.finished(at=at).count(),
        "cancelled": Notice.objects.cancelled().count(),
        "scheduled": Notice.objects.scheduled(at=at).count(),
        "public": public.count(),
        "log_entries": PublicationLogEntry.objects.count(),
    }
    return {
        "states": states,
        # How many notices each page of bench/pages.py NOTICE_PAGES lists, all its pages.
        "rows": {
            "notice board": states["on_display"],
            "notice search": searches[0]["matching"],
            "notice archive": states["public"],
            "notice": 1,
            "notices API": states["public"],
        },
        "search_sql": str(search_query(word, at=at)[:PAGE_SIZE].query),
        "searches": searches,
        "index": SEARCH_INDEX,
        "index_size": index_size,
    }


def main(argv):
    if (
        not argv
        or argv[0] not in ("generate", "inspect")
        or (argv[0] == "generate") != (len(argv) == 2)
    ):
        sys.stderr.write("usage: bench/notices.py generate N | bench/notices.py inspect\n")
        return 2
    djangoenv.setup()
    try:
        result = generate(int(argv[1])) if argv[0] == "generate" else inspect()
    except Refused as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
