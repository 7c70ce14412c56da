"""The usage figures of a period: build_report(since, until).

Days are Europe/Madrid days and both ends are included. The report reads the
recent page views (PageView) and what `stats_rollup` left of older ones
(RolledVisit, DailyPageCount), and gives the same figures either way.

Definitions:

- pageviews: page views whose time falls in the period; section_share and
  top_pages count them too.
- A visit is a run of page views of one visitor key with gaps under 30 minutes
  (a gap of exactly 30 minutes starts a new visit). A visit belongs to the
  period of its first view; its duration is last view minus first view, even
  if it goes on past the period's end. Its device, city, country and referrer
  are those of its first view.
- visits, avg_visit_seconds, visits_by_month, device_share, city_share,
  top_referrers (visits by the external domain their first view came from),
  top_cities count the period's visits.
- unique_visitors: distinct visitor keys among the period's visits. With the
  daily salt a key lives one day, so over several days it counts
  visitor-days; with the monthly salt, visitor-months.
- mobile_registry_share: percent of the electronic registry's entries made in
  the period (by their registration time) from a phone or a tablet;
  registry_entries is how many entries there were.

How: the database finds the visits (window functions over the page views and
rolled-up visits of each visitor key, see VISITS_SQL) and sums them up by
month, device, city and referrer, so Python never sees a page view. Only the
visits still going on at the period's end are followed further, a day at a
time, in Python; they are few (those active in its last 30 minutes).
"""

import heapq
from collections import Counter
from datetime import UTC, date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from estadistiques.choices import Device
from estadistiques.models import DailyPageCount, PageView, RolledVisit
from estadistiques.visitors import day_start

VISIT_GAP = timedelta(minutes=30)
TOP = 10
KEY_BATCH = 500

REPORT_KEYS = (
    "since",
    "until",
    "salt_period",
    "unique_visitors",
    "visits",
    "pageviews",
    "avg_visit_seconds",
    "visits_by_month",
    "section_share",
    "device_share",
    "city_share",
    "mobile_registry_share",
    "registry_entries",
    "top_pages",
    "top_referrers",
    "top_cities",
)


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def shares(counts: Counter) -> dict:
    """{name: percent} of each name, largest first (ties by name)."""
    whole = sum(counts.values())
    return {name: percent(n, whole) for name, n in ranked(counts)}


def ranked(counts: Counter, limit: int | None = None) -> list:
    items = sorted(((name, n) for name, n in counts.items() if n), key=lambda i: (-i[1], i[0]))
    return items[:limit] if limit is not None else items


# A visit is found in steps over the "segments" of the window [margin, end):
# page views (first = last = their time) and rolled-up visits (first_at, last_at).
#
# 1. marked: for each segment, prev_last is the latest `last` of the key's earlier
#    segments (in the order first, page views before rolled visits, id). That is
#    the last time of the visit going on when the segment starts, because an
#    earlier visit ended 30 minutes or more before the current one began.
# 2. bounds, starts: a segment starts a visit when there is no earlier segment or
#    it comes VISIT_GAP or more after prev_last. The visit ends where the next one
#    starts, so its last time is the next start's prev_last; the key's last visit
#    ends with the latest `last` of all (kept from the key's last segment).
# 3. visits: the starts inside [start, end), with their first segment's attributes;
#    new_key marks the first of the key's visits in the period (unique visitors).
#
# Segments before the margin (30 minutes before the period) cannot continue into
# it, so they are left out; a visit still going on at `end` is cut there and
# finished in Python (open_* columns). The result is grouped by month, device,
# city and referrer, one row per open visit, so it stays small.
VISITS_SQL = """
WITH segments AS (
    SELECT visitor_key{c} AS k, time AS f, time AS l,
        device, city, referrer, 0 AS src, id
    FROM estadistiques_pageview
    WHERE time >= %(margin)s AND time < %(end)s
    UNION ALL
    SELECT visitor_key{c}, first_at, last_at, device, city, referrer, 1, id
    FROM estadistiques_rolledvisit
    WHERE last_at >= %(margin)s AND first_at < %(end)s
),
marked AS (
    SELECT k, f, l, device, city, referrer,
        MAX(l) OVER w AS prev_last,
        LEAD(f) OVER w AS next_first
    FROM segments
    WINDOW w AS (
        PARTITION BY k ORDER BY f, src, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    )
),
bounds AS (
    SELECT k, f, l, device, city, referrer, prev_last, is_start,
        -- What the visit before this row ends with: prev_last before a start; at the
        -- key's last row (not a start), the latest of prev_last and its own last.
        CASE WHEN is_start = 1 THEN prev_last WHEN l > prev_last THEN l ELSE prev_last END
            AS ends_before
    FROM (
        SELECT marked.*,
            CASE WHEN prev_last IS NULL OR {gap_reached} THEN 1 ELSE 0 END AS is_start
        FROM marked
    ) AS flagged
    WHERE is_start = 1 OR next_first IS NULL
),
starts AS (
    SELECT k, f, device, city, referrer, is_start,
        COALESCE(LEAD(ends_before) OVER w, l) AS l,
        LAG(f) OVER w AS previous_start
    FROM bounds
    WINDOW w AS (PARTITION BY k ORDER BY f)
),
visits AS (
    SELECT k, f, l, device, city, referrer,
        CASE WHEN previous_start IS NULL OR previous_start < %(start)s THEN 1 ELSE 0 END
            AS new_key,
        CASE WHEN l > %(open_after)s THEN 1 ELSE 0 END AS still_open
    FROM starts
    WHERE is_start = 1 AND f >= %(start)s
)
SELECT {month} AS month, device, city, referrer,
    CASE WHEN still_open = 1 THEN k END AS open_key,
    CASE WHEN still_open = 1 THEN l END AS open_last,
    COUNT(*), SUM(new_key), SUM({microseconds})
FROM visits
GROUP BY 1, 2, 3, 4, 5, 6
"""

# Time arithmetic, per database. SQLite keeps times as text in UTC,
# "YYYY-MM-DD HH:MM:SS[.ffffff]" (no fraction when it is zero): whole seconds
# go through its date functions, the fraction is carried as text, so a gap of
# exactly 30 minutes is exact to the microsecond, as in Python.
BACKEND_SQL = {
    "postgresql": {
        # For this query only (set_config(..., true) lasts until the transaction
        # ends). The planner cannot guess how many rows the window steps leave, so
        # it sorts the ~half million visits to group them into a few thousand rows
        # where hashing is several times faster; and the query's cost estimate
        # switches JIT compilation on, which costs more than it saves here.
        "prepare": (
            "SELECT set_config('enable_sort', 'off', true), set_config('jit', 'off', true)"
        ),
        # Texts are only partitioned and grouped, never shown in this order: comparing
        # them bytewise gives the same groups, much faster than the locale's collation.
        "collate": ' COLLATE "C"',
        "gap_reached": "f >= prev_last + INTERVAL '{seconds} seconds'",
        "microseconds": "CAST(EXTRACT(EPOCH FROM (l - f)) * 1000000 AS BIGINT)",
    },
    "sqlite": {
        "collate": "",
        "gap_reached": (
            "f >= strftime('%%Y-%%m-%%d %%H:%%M:%%S', substr(prev_last, 1, 19), "
            "'+{seconds} seconds') || substr(prev_last, 20)"
        ),
        "microseconds": (
            "(CAST(strftime('%%s', substr(l, 1, 19)) AS INTEGER)"
            " - CAST(strftime('%%s', substr(f, 1, 19)) AS INTEGER)) * 1000000"
            " + CAST(substr(l || '.000000', 21, 6) AS INTEGER)"
            " - CAST(substr(f || '.000000', 21, 6) AS INTEGER)"
        ),
    },
}


def _visits_sql(vendor: str, month_count: int) -> str:
    try:
        snippets = BACKEND_SQL[vendor]
    except KeyError:
        raise NotImplementedError(
            f"Usage statistics need SQLite or PostgreSQL, not {vendor}."
        ) from None
    # The month of a visit: the index of the first month end after its first view.
    whens = " ".join(f"WHEN f < %(month_end_{i})s THEN {i}" for i in range(month_count - 1))
    month = f"CASE {whens} ELSE {month_count - 1} END" if whens else "0"
    return VISITS_SQL.format(
        gap_reached=snippets["gap_reached"].format(seconds=int(VISIT_GAP.total_seconds())),
        microseconds=snippets["microseconds"],
        c=snippets["collate"],
        month=month,
    )


def _month_starts(since: date, until: date) -> list[date]:
    """The first day of every month from `since`'s to `until`'s."""
    months, day = [], since.replace(day=1)
    while day <= until:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _as_aware(value):
    """A time as the database gives it: SQLite gives the stored UTC text."""
    if isinstance(value, str):
        return timezone.make_aware(parse_datetime(value), UTC)
    return value


class VisitTotals:
    """What the period's visits add up to."""

    def __init__(self):
        self.visits = 0
        self.unique = 0
        self.microseconds = 0
        self.by_month = Counter()
        self.devices = Counter()
        self.cities = Counter()
        self.referrers = Counter()

    def add(self, *, month, device, city, referrer, visits, unique, microseconds):
        self.visits += visits
        self.unique += unique
        self.microseconds += microseconds
        self.by_month[month] += visits
        self.devices[device] += visits
        self.cities[city] += visits
        if referrer:
            self.referrers[referrer] += visits


def visit_totals(since: date, until: date) -> VisitTotals:
    """The visits whose first view falls in the days `since` to `until`, added up."""
    start, end = day_start(since), day_start(until + timedelta(days=1))
    months = _month_starts(since, until)
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "margin": adapt(start - VISIT_GAP),
        "start": adapt(start),
        "end": adapt(end),
        "open_after": adapt(end - VISIT_GAP),
    }
    for index, month in enumerate(months[1:]):
        params[f"month_end_{index}"] = adapt(day_start(month))
    totals = VisitTotals()
    still_open = {}
    prepare = BACKEND_SQL.get(connection.vendor, {}).get("prepare")
    with transaction.atomic(), connection.cursor() as cursor:
        if prepare:
            cursor.execute(prepare)
        cursor.execute(_visits_sql(connection.vendor, len(months)), params)
        for month, device, city, referrer, key, last, visits, unique, micro in cursor:
            totals.add(
                month=months[month].strftime("%Y-%m"),
                device=device,
                city=city,
                referrer=referrer,
                visits=visits,
                unique=int(unique),
                microseconds=int(micro),
            )
            if key is not None:
                still_open[key] = _as_aware(last)
    for key, last in _follow(still_open, end).items():
        totals.microseconds += (last - still_open[key]) // timedelta(microseconds=1)
    return totals


def _later_segments(keys, window_start, window_end):
    """(key, first, last) of the page views and rolled visits of `keys` starting in the window,
    by key and time."""
    raw = (
        PageView.objects.filter(visitor_key__in=keys, time__gte=window_start, time__lt=window_end)
        .order_by("visitor_key", "time")
        .values_list("visitor_key", "time", "time")
    )
    rolled = (
        RolledVisit.objects.filter(
            visitor_key__in=keys, first_at__gte=window_start, first_at__lt=window_end
        )
        .order_by("visitor_key", "first_at")
        .values_list("visitor_key", "first_at", "last_at")
    )
    return heapq.merge(raw, rolled, key=lambda segment: (segment[0], segment[1]))


def _follow(still_open: dict, after) -> dict:
    """{key: last time} of visits going on at `after` ({key: last time so far}), followed to
    their end with the views that come later, a day at a time."""
    last_of = dict(still_open)
    pending = set(still_open)
    window_start = after
    while pending:
        window_end = window_start + timedelta(days=1)
        keys = sorted(pending)
        for index in range(0, len(keys), KEY_BATCH):
            batch = keys[index : index + KEY_BATCH]
            for key, first, last in _later_segments(batch, window_start, window_end):
                if key not in pending:
                    continue
                if first - last_of[key] >= VISIT_GAP:
                    pending.discard(key)  # a new visit: this one is over
                else:
                    last_of[key] = max(last_of[key], last)
        # Views after window_end are 30 minutes or more after the visit's last one.
        pending = {key for key in pending if last_of[key] + VISIT_GAP > window_end}
        window_start = window_end
    return last_of


def _pageview_counts(since, until, start, end):
    """(total, Counter by section, Counter by path) of the page views in the period."""
    raw = PageView.objects.filter(time__gte=start, time__lt=end)
    daily = DailyPageCount.objects.filter(day__gte=since, day__lte=until)
    by_section = Counter()
    by_path = Counter()
    # Grouped by path and section at once: each count goes to both.
    for rows in (
        raw.values_list("path", "section").annotate(n=Count("id")).order_by(),
        daily.values_list("path", "section").annotate(n=Sum("views")).order_by(),
    ):
        for path, section, n in rows:
            by_section[section] += n
            by_path[path] += n
    return sum(by_section.values()), by_section, by_path


def _registry(start, end) -> tuple[int, int]:
    from tramits.models import RegistryEntry

    counts = RegistryEntry.objects.filter(
        registered_at__gte=start, registered_at__lt=end
    ).aggregate(
        total=Count("id"),
        mobile=Count("id", filter=Q(device_class__in=[Device.MOBILE, Device.TABLET])),
    )
    return counts["total"], counts["mobile"]


def build_report(since: date, until: date, *, top: int = TOP) -> dict:
    """The figures of the days `since` to `until`, both included (Europe/Madrid).

    Returns a dict ready for json.dumps with the keys of REPORT_KEYS; shares
    are {name: percent} with percents rounded to one decimal, largest first;
    top lists are [name, count] pairs, at most `top` of them.
    """
    if until < since:
        raise ValueError("The end of the period is before its start.")
    start, end = day_start(since), day_start(until + timedelta(days=1))
    totals = visit_totals(since, until)
    visits = totals.visits
    seconds = totals.microseconds / 1_000_000
    pageviews, by_section, by_path = _pageview_counts(since, until, start, end)
    entries, mobile_entries = _registry(start, end)
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "salt_period": settings.STATS_SALT_PERIOD,
        "unique_visitors": totals.unique,
        "visits": visits,
        "pageviews": pageviews,
        "avg_visit_seconds": round(seconds / visits, 1) if visits else 0.0,
        "visits_by_month": dict(sorted(totals.by_month.items())),
        "section_share": shares(by_section),
        "device_share": shares(totals.devices),
        "city_share": shares(totals.cities),
        "mobile_registry_share": percent(mobile_entries, entries),
        "registry_entries": entries,
        "top_pages": [list(item) for item in ranked(by_path, top)],
        "top_referrers": [list(item) for item in ranked(totals.referrers, top)],
        "top_cities": [list(item) for item in ranked(totals.cities, top)],
    }
