"""Demo page views: about six months of plausible traffic, so the dashboard has figures.

The traffic follows the definitions of the metrics page: each simulated
visitor has a visitor key of one day (a new key every day, as with the daily
salt), and makes one visit or, now and then, two (more than 30 minutes apart);
the page views of a visit are seconds or minutes apart, never 30 minutes.
Device (about 60 % desktop, 33 % mobile, 7 % tablet), city and the referrer
domain are those of a visit, repeated on each of its page views; the
referrer only on the first one, as a browser sends it.

Idempotent: a day that already has page views (recorded, imported, demo, or
rolled up into daily counts by stats_rollup) is left alone, so running it
again adds nothing but the days missing since the last run. Every day is
generated from its own seed, so the same day always gets the same traffic.
The shape of the traffic (visits a day, the weights of devices, cities,
referrers, pages and hours) is in demo_data/traffic.toml.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from corporativa.business_days import OFFICIAL_TZ, official_day
from estadistiques.choices import UNKNOWN, Device
from estadistiques.models import DailyPageCount, PageView
from estadistiques.sections import section_for_path
from seu.demo import demo_data

DEMO_DAYS = 182
BATCH_SIZE = 2000

# The shape of the traffic: visits a day and the weights of what they do.
_TRAFFIC = demo_data("estadistiques", "traffic")
WEEKDAY_VISITS = _TRAFFIC["weekday_visits"]
WEEKEND_FACTOR = _TRAFFIC["weekend_factor"]
QUIET_MONTHS = {int(month): factor for month, factor in _TRAFFIC["quiet_months"].items()}
DEVICES = [(Device(d["device"]), d["weight"]) for d in _TRAFFIC["devices"]]
CITIES = [(c["city"], c["weight"]) for c in _TRAFFIC["cities"]] + [
    (UNKNOWN, _TRAFFIC["unknown_city"])
]
REFERRERS = [(r["domain"], r["weight"]) for r in _TRAFFIC["referrers"]]
PAGES = [(p["path"], p["weight"]) for p in _TRAFFIC["pages"]]
HOURS = [(h["hour"], h["weight"]) for h in _TRAFFIC["hours"]]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _visitor_key(day: date, number: int) -> str:
    """A key of the same shape as a real one (32 hex digits), new every day."""
    return hashlib.blake2b(f"demo {day} {number}".encode(), digest_size=16).hexdigest()


def _visit_count(rng: random.Random, day: date) -> int:
    expected = WEEKDAY_VISITS * QUIET_MONTHS.get(day.month, 1.0)
    if day.weekday() >= 5:
        expected *= WEEKEND_FACTOR
    return max(0, round(rng.gauss(expected, expected * 0.15)))


def _page_count(rng: random.Random) -> int:
    """Pages of one visit: a third see one page, a few browse for a while."""
    return min(1 + int(rng.expovariate(1 / 1.8)), 15)


def _visit(rng: random.Random, *, key: str, start: datetime, until: datetime) -> list[PageView]:
    device = _pick(rng, DEVICES)
    city = _pick(rng, CITIES)
    country = UNKNOWN if city == UNKNOWN else "ES"
    referrer = _pick(rng, REFERRERS)
    views = []
    moment = start
    for index in range(_page_count(rng)):
        if index:
            # Seconds to a few minutes to the next page; always under 30 minutes.
            moment += timedelta(seconds=min(8 + rng.expovariate(1 / 75), 25 * 60))
        if moment > until:
            break
        path = _pick(rng, PAGES)
        views.append(
            PageView(
                time=moment,
                path=path,
                section=section_for_path(path),
                device=device,
                visitor_key=key,
                referrer=referrer if index == 0 else "",
                city=city,
                country=country,
            )
        )
    return views


def day_views(day: date, *, until: datetime | None = None) -> list[PageView]:
    """The demo page views of one day (up to `until`, for today), always the same ones."""
    rng = random.Random(f"seu-demo-statistics-{day.isoformat()}")
    zone = OFFICIAL_TZ
    views = []
    for number in range(_visit_count(rng, day)):
        key = _visitor_key(day, number)
        start = datetime.combine(day, time(_pick(rng, HOURS)), tzinfo=zone) + timedelta(
            seconds=rng.randrange(3600)
        )
        end_of_day = datetime.combine(day, time.max, tzinfo=zone)
        limit = min(until, end_of_day) if until else end_of_day
        if start > limit:
            continue
        views += _visit(rng, key=key, start=start, until=limit)
        if rng.random() < 0.12:
            # The same person comes back later that day: a second visit, same key.
            again = views[-1].time + timedelta(minutes=30 + rng.randrange(300))
            if again <= limit:
                views += _visit(rng, key=key, start=again, until=limit)
    return views


def _days_with_views(since: date, until: date) -> set[date]:
    zone = OFFICIAL_TZ
    start = datetime.combine(since, time.min, tzinfo=zone)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
    days = {
        moment.date()
        for moment in PageView.objects.filter(time__gte=start, time__lt=end).datetimes(
            "time", "day", tzinfo=zone
        )
    }
    days |= set(
        DailyPageCount.objects.filter(day__gte=since, day__lte=until)
        .values_list("day", flat=True)
        .distinct()
    )
    return days


@transaction.atomic
def seed_pageviews(*, days: int = DEMO_DAYS, now: datetime | None = None) -> int:
    """Demo page views for the last `days` days up to now, on days that have none; how many."""
    now = now or timezone.now()
    today = official_day(now)
    since = today - timedelta(days=days - 1)
    taken = _days_with_views(since, today)
    views = []
    day = since
    while day <= today:
        if day not in taken:
            views += day_views(day, until=now if day == today else None)
        day += timedelta(days=1)
    PageView.objects.bulk_create(views, batch_size=BATCH_SIZE)
    return len(views)
