"""Retention: page views older than N days become aggregates, and are deleted.

rollup() keeps exactly what the reports need, so every figure over any period
is the same before and after:

- each visit whose page views are all older than the cutoff (the start of the
  Europe/Madrid day N days ago) becomes one RolledVisit: visitor key, first
  and last time, number of views, and its first view's device, city, country
  and referrer;
- its page views are counted per day, path and section in DailyPageCount;
- a visit still going on at the cutoff (a view after it less than 30 minutes
  from the previous one) is left whole as page views, for a later run.

Paths are kept (top pages need them), addresses never existed. Running it
again rolls nothing twice: the rolled page views are deleted in the same
transaction that writes their aggregates.
"""

from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from corporativa.business_days import OFFICIAL_TZ, official_day
from estadistiques.models import DailyPageCount, PageView, RolledVisit
from estadistiques.reports import VISIT_GAP
from estadistiques.visitors import day_start

FLUSH = 5000
DELETE_BATCH = 900  # under SQLite's old limit of 999 query parameters


@dataclass
class RollupResult:
    cutoff: object
    pageviews: int = 0  # page views rolled up and deleted
    visits: int = 0  # rolled-up visits written
    kept: int = 0  # page views older than the cutoff kept: their visit goes on after it
    days: int = 0  # days with page views rolled up


def retention_days() -> int:
    """How many days page views are kept as they are (settings.STATS_RETENTION_DAYS)."""
    return settings.STATS_RETENTION_DAYS


def rollup(older_than_days: int | None = None, *, now=None) -> RollupResult:
    """Roll up the page views older than `older_than_days` (by default retention_days())."""
    if older_than_days is None:
        older_than_days = retention_days()
    if older_than_days < 0:
        raise ValueError("The number of days cannot be negative.")
    now = now or timezone.now()
    today = official_day(now)
    cutoff = day_start(today - timedelta(days=older_than_days))
    result = RollupResult(cutoff=cutoff)
    with transaction.atomic():
        _rollup(cutoff, result)
    return result


def _rollup(cutoff, result):
    zone = OFFICIAL_TZ
    rows = (
        PageView.objects.filter(time__lt=cutoff + VISIT_GAP)
        .order_by("visitor_key", "time")
        .values_list(
            "id", "visitor_key", "time", "path", "section", "device", "city", "country", "referrer"
        )
    )
    daily = Counter()
    to_delete = array("q")
    visits = []

    def close(group):
        if not group or group[-1][2] >= cutoff:
            # Empty, or still going on at the cutoff (all of it stays raw).
            result.kept += sum(1 for row in group if row[2] < cutoff)
            return
        first, last = group[0], group[-1]
        visits.append(
            RolledVisit(
                visitor_key=first[1],
                first_at=first[2],
                last_at=last[2],
                views=len(group),
                device=first[5],
                city=first[6],
                country=first[7],
                referrer=first[8],
            )
        )
        for row in group:
            daily[(row[2].astimezone(zone).date(), row[3], row[4])] += 1
            to_delete.append(row[0])
        result.pageviews += len(group)
        if len(visits) >= FLUSH:
            flush()

    def flush():
        RolledVisit.objects.bulk_create(visits, batch_size=1000)
        result.visits += len(visits)
        visits.clear()

    group = []
    for row in rows.iterator(chunk_size=5000):
        if group and (row[1] != group[-1][1] or row[2] - group[-1][2] >= VISIT_GAP):
            close(group)
            group = []
        group.append(row)
    close(group)
    flush()

    for index in range(0, len(to_delete), DELETE_BATCH):
        PageView.objects.filter(id__in=to_delete[index : index + DELETE_BATCH].tolist()).delete()
    _add_daily_counts(daily)
    result.days = len({day for day, _path, _section in daily})


def _add_daily_counts(daily: Counter):
    """Add the counts to DailyPageCount, adding to the rows of an earlier rollup."""
    if not daily:
        return
    days = sorted({day for day, _path, _section in daily})
    existing = {
        (row.day, row.path, row.section): row
        for row in DailyPageCount.objects.filter(day__gte=days[0], day__lte=days[-1])
    }
    new_rows, changed = [], []
    for (day, path, section), views in daily.items():
        row = existing.get((day, path, section))
        if row is None:
            new_rows.append(DailyPageCount(day=day, path=path, section=section, views=views))
        else:
            row.views += views
            changed.append(row)
    DailyPageCount.objects.bulk_create(new_rows, batch_size=1000)
    DailyPageCount.objects.bulk_update(changed, ["views"], batch_size=500)
