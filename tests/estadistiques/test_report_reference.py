"""build_report's visits, computed in the database, against the definitions written plainly.

reference_visits() below follows the definitions of estadistiques/reports.py
in memory, over every page view and rolled-up visit: the database's window
functions must give exactly the same figures on random traffic full of edge
cases (gaps of exactly 30 minutes and a microsecond either side, equal times,
midnight, the end of a month, the change to summer time, rolled-up visits).
"""

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from corporativa.business_days import OFFICIAL_TZ
from estadistiques.models import PageView, RolledVisit
from estadistiques.reports import VISIT_GAP, build_report
from estadistiques.retention import rollup
from estadistiques.visitors import day_start
from tests.estadistiques.traffic import madrid

pytestmark = pytest.mark.django_db

GAPS = [
    timedelta(0),
    timedelta(microseconds=1),
    timedelta(seconds=40, microseconds=123456),
    timedelta(minutes=29, seconds=59, microseconds=999999),
    VISIT_GAP,
    VISIT_GAP + timedelta(microseconds=1),
    timedelta(minutes=29, seconds=59.4),
    timedelta(hours=5, microseconds=500000),
]
PERIODS = [
    (date(2025, 3, 28), date(2025, 4, 3)),
    (date(2025, 3, 28), date(2025, 3, 28)),
    (date(2025, 3, 30), date(2025, 3, 31)),
    (date(2025, 3, 31), date(2025, 3, 31)),
    (date(2025, 4, 1), date(2025, 4, 2)),
    (date(2025, 3, 1), date(2025, 4, 30)),
]


def make_traffic(seed):
    rng = random.Random(seed)
    rows = []
    for number in range(40):
        moment = madrid(28, 0, 0) + timedelta(seconds=rng.randrange(6 * 24 * 3600))
        for _ in range(rng.randrange(1, 12)):
            # Several visitors share a key (interleaved runs), and a key lives one month
            # at most, as with the monthly salt: a visit across midnight goes on, one
            # across the end of March is two.
            month = moment.astimezone(OFFICIAL_TZ).month
            key = f"{number % 25:030x}{month:02d}"
            rows.append(
                PageView(
                    time=moment,
                    path=rng.choice(["/ca/", "/es/tramits/", "/ca/tauler/"]),
                    section="other",
                    device=rng.choice(["desktop", "mobile", "tablet"]),
                    visitor_key=key,
                    referrer=rng.choice(["", "", "t.co", "www.google.com"]),
                    city=rng.choice(["unknown", "Granollers", "Mollet del Vallès"]),
                )
            )
            moment += rng.choice(GAPS)
    PageView.objects.bulk_create(rows)


def reference_visits(since, until):
    start, end = day_start(since), day_start(until + timedelta(days=1))
    segments = [
        (v.visitor_key, v.time, v.time, 0, v.id, v.device, v.city, v.referrer)
        for v in PageView.objects.all()
    ] + [
        (r.visitor_key, r.first_at, r.last_at, 1, r.id, r.device, r.city, r.referrer)
        for r in RolledVisit.objects.all()
    ]
    segments.sort(key=lambda s: s[:5])
    visits = []
    for key, first, last, _src, _id, device, city, referrer in segments:
        current = visits[-1] if visits and visits[-1]["key"] == key else None
        if current is not None and first - current["last"] < VISIT_GAP:
            current["last"] = max(current["last"], last)
        else:
            visits.append(
                {"key": key, "first": first, "last": last, "device": device}
                | {"city": city, "referrer": referrer}
            )
    mine = [visit for visit in visits if start <= visit["first"] < end]
    seconds = sum((visit["last"] - visit["first"]).total_seconds() for visit in mine)
    months = Counter(visit["first"].astimezone(OFFICIAL_TZ).strftime("%Y-%m") for visit in mine)
    referrers = Counter(visit["referrer"] for visit in mine if visit["referrer"])
    return {
        "visits": len(mine),
        "unique_visitors": len({visit["key"] for visit in mine}),
        "avg_visit_seconds": round(seconds / len(mine), 1) if mine else 0.0,
        "visits_by_month": dict(sorted(months.items())),
        "devices": Counter(visit["device"] for visit in mine),
        "cities": Counter(visit["city"] for visit in mine),
        "top_referrers": sorted(referrers.items(), key=lambda item: (-item[1], item[0])),
    }


def figures(report):
    return {
        "visits": report["visits"],
        "unique_visitors": report["unique_visitors"],
        "avg_visit_seconds": report["avg_visit_seconds"],
        "visits_by_month": report["visits_by_month"],
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_finds_the_same_visits_as_the_definitions(seed):
    make_traffic(seed)
    for rolled in (False, True):
        if rolled:
            # Part of the traffic rolled up: visits made of rows of both kinds.
            assert rollup(3, now=madrid(3, 12, 0, month=4)).visits > 0
        for since, until in PERIODS:
            report = build_report(since, until, top=100)
            expected = reference_visits(since, until)
            assert figures(report) == {key: expected[key] for key in figures(report)}
            assert report["top_referrers"] == [list(item) for item in expected["top_referrers"]]
            total = expected["visits"]
            assert report["device_share"] == {
                name: round(100 * n / total, 1)
                for name, n in sorted(expected["devices"].items(), key=lambda i: (-i[1], i[0]))
            }
            assert report["top_cities"] == [
                list(item)
                for item in sorted(expected["cities"].items(), key=lambda i: (-i[1], i[0]))
            ]
