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
  visitor-days; with the monthly salt, visitor-months. (They are counted per
  chunk, below: a key seen in two chunks, which its salt makes impossible,
  would count twice.)
- mobile_registry_share: percent of the electronic registry's entries made in
  the period (by their registration time) from a phone or a tablet;
  registry_entries is how many entries there were.

How: the database finds the visits (window functions over the page views and
rolled-up visits of each visitor key, see VISITS_SQL) and sums them up by
chunk of the period, device, city and referrer, so Python never sees a page
view. Only the visits still going on at the period's end are followed
further, a day at a time, in Python; they are few (those active in its last
30 minutes).

Chunks and the cache: a period is cut into chunks where visitor keys change
anyway, at the start of every month and, with the daily salt, at the start
of today. A key never spans two chunks (its salt is gone by then), so the
period's figures are the sums of its chunks' figures, unique visitors
included. The figures of a chunk that ended before today are kept in the
cache under a fingerprint of its rows (how many page views, rolled-up visits
and daily counts it has, and their highest ids): an import, a rollup or
anything else that writes into the chunk changes the fingerprint, so it is
computed again. So the dashboard computes the days it has not seen before
and today; the months before come from the cache.
"""

import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Sum, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from corporativa.business_days import official_today
from estadistiques.choices import SaltPeriod
from estadistiques.models import DailyPageCount, PageView, RolledVisit
from estadistiques.visitors import day_start

VISIT_GAP = timedelta(minutes=30)
TOP = 10
KEY_BATCH = 500
# Change the version whenever Figures or what a figure counts changes: cached chunks
# of the old kind are then never read again.
CACHE_PREFIX = "estadistiques:chunk:v1"
CACHE_SECONDS = 60 * 24 * 3600

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
# 3. visits: the starts inside [start, end), with their first segment's attributes
#    and the index of their chunk; new_key marks the first of the key's visits in
#    its chunk (unique visitors).
#
# Segments before the margin (30 minutes before the period) cannot continue into
# it, so they are left out; a visit still going on at `end` is cut there and
# finished in Python (open_* columns). The result is grouped by chunk, device,
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
        CASE WHEN previous_start IS NULL OR previous_start < %(start)s THEN 1
            WHEN {previous_chunk} < {chunk} THEN 1 ELSE 0 END AS new_key,
        CASE WHEN l > %(open_after)s THEN 1 ELSE 0 END AS still_open
    FROM starts
    WHERE is_start = 1 AND f >= %(start)s
)
SELECT {chunk} AS chunk, device, city, referrer,
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


def _chunk_case(column: str, chunk_count: int) -> str:
    """SQL for the index of the chunk a time falls in: the first chunk end after it.
    The ends are the parameters chunk_end_0, chunk_end_1... (see _chunk_params)."""
    whens = " ".join(f"WHEN {column} < %(chunk_end_{i})s THEN {i}" for i in range(chunk_count - 1))
    return f"(CASE {whens} ELSE {chunk_count - 1} END)" if whens else "0"


def _visits_sql(vendor: str, chunk_count: int) -> str:
    try:
        snippets = BACKEND_SQL[vendor]
    except KeyError:
        raise NotImplementedError(
            f"Usage statistics need SQLite or PostgreSQL, not {vendor}."
        ) from None
    return VISITS_SQL.format(
        gap_reached=snippets["gap_reached"].format(seconds=int(VISIT_GAP.total_seconds())),
        microseconds=snippets["microseconds"],
        c=snippets["collate"],
        chunk=_chunk_case("f", chunk_count),
        previous_chunk=_chunk_case("previous_start", chunk_count),
    )


@dataclass(frozen=True)
class Chunk:
    """Consecutive days of a period in which every visitor key stays (see the module)."""

    since: date
    until: date

    @property
    def month(self) -> str:
        return self.since.strftime("%Y-%m")


def chunks_of(since: date, until: date, *, today: date | None = None) -> list[Chunk]:
    """The days `since` to `until` cut at each month's start and, with the daily salt, at
    the start of today: the points where every visitor key changes."""
    today = today or official_today()
    starts = {since}
    day = (since.replace(day=1) + timedelta(days=32)).replace(day=1)
    while day <= until:
        starts.add(day)
        day = (day + timedelta(days=32)).replace(day=1)
    if settings.STATS_SALT_PERIOD == SaltPeriod.DAY and since < today <= until:
        starts.add(today)
    ordered = sorted(starts)
    ends = [start - timedelta(days=1) for start in ordered[1:]] + [until]
    return [Chunk(start, end) for start, end in zip(ordered, ends, strict=True)]


def _chunk_params(chunks: list[Chunk]) -> dict:
    adapt = connection.ops.adapt_datetimefield_value
    return {f"chunk_end_{i}": adapt(day_start(chunk.since)) for i, chunk in enumerate(chunks[1:])}


def _as_aware(value):
    """A time as the database gives it: SQLite gives the stored UTC text."""
    if isinstance(value, str):
        return timezone.make_aware(parse_datetime(value), UTC)
    return value


@dataclass
class Figures:
    """What the visits and page views of a chunk, or of a whole period, add up to."""

    visits: int = 0
    unique: int = 0
    microseconds: int = 0
    by_month: Counter = field(default_factory=Counter)
    devices: Counter = field(default_factory=Counter)
    cities: Counter = field(default_factory=Counter)
    referrers: Counter = field(default_factory=Counter)
    sections: Counter = field(default_factory=Counter)  # page views
    paths: Counter = field(default_factory=Counter)  # page views

    def add_visits(self, *, month, device, city, referrer, visits, unique, microseconds):
        self.visits += visits
        self.unique += unique
        self.microseconds += microseconds
        self.by_month[month] += visits
        self.devices[device] += visits
        self.cities[city] += visits
        if referrer:
            self.referrers[referrer] += visits

    def add(self, other: "Figures") -> None:
        self.visits += other.visits
        self.unique += other.unique
        self.microseconds += other.microseconds
        for name in ("by_month", "devices", "cities", "referrers", "sections", "paths"):
            getattr(self, name).update(getattr(other, name))

    @property
    def pageviews(self) -> int:
        return sum(self.sections.values())


def _visit_figures(chunks: list[Chunk]) -> list[Figures]:
    """Figures (visits only) of each chunk, in one query over the consecutive chunks."""
    start, end = day_start(chunks[0].since), day_start(chunks[-1].until + timedelta(days=1))
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "margin": adapt(start - VISIT_GAP),
        "start": adapt(start),
        "end": adapt(end),
        "open_after": adapt(end - VISIT_GAP),
        **_chunk_params(chunks),
    }
    figures = [Figures() for _chunk in chunks]
    still_open, chunk_of_open = {}, {}
    prepare = BACKEND_SQL.get(connection.vendor, {}).get("prepare")
    with transaction.atomic(), connection.cursor() as cursor:
        if prepare:
            cursor.execute(prepare)
        cursor.execute(_visits_sql(connection.vendor, len(chunks)), params)
        for index, device, city, referrer, key, last, visits, unique, micro in cursor:
            figures[index].add_visits(
                month=chunks[index].month,
                device=device,
                city=city,
                referrer=referrer,
                visits=visits,
                unique=int(unique),
                microseconds=int(micro),
            )
            if key is not None:
                still_open[key] = _as_aware(last)
                chunk_of_open[key] = index
    for key, last in _follow(still_open, end).items():
        duration = (last - still_open[key]) // timedelta(microseconds=1)
        figures[chunk_of_open[key]].microseconds += duration
    return figures


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


def _add_pageviews(chunks: list[Chunk], figures: list[Figures]) -> None:
    """Add the page views of each chunk, by section and by path, to its figures."""
    since, until = chunks[0].since, chunks[-1].until
    start, end = day_start(since), day_start(until + timedelta(days=1))

    def chunk_index(field_name, bound):
        whens = [
            When(**{f"{field_name}__lt": bound(chunk)}, then=Value(index))
            for index, chunk in enumerate(chunks[1:])
        ]
        last = Value(len(chunks) - 1)
        return Case(*whens, default=last, output_field=IntegerField()) if whens else last

    raw = PageView.objects.filter(time__gte=start, time__lt=end).annotate(
        chunk=chunk_index("time", lambda chunk: day_start(chunk.since))
    )
    daily = DailyPageCount.objects.filter(day__gte=since, day__lte=until).annotate(
        chunk=chunk_index("day", lambda chunk: chunk.since)
    )
    # Grouped by chunk, path and section at once: each count goes to both.
    for rows in (
        raw.values_list("chunk", "path", "section").annotate(n=Count("id")).order_by(),
        daily.values_list("chunk", "path", "section").annotate(n=Sum("views")).order_by(),
    ):
        for index, path, section, n in rows:
            figures[index].sections[section] += n
            figures[index].paths[path] += n


FINGERPRINT_SQL = """
SELECT 0, {time_chunk}, COUNT(*), MAX(id), 0 FROM {pageview}
    WHERE time >= %(start)s AND time < %(end)s GROUP BY 2
UNION ALL
SELECT 1, {first_chunk}, COUNT(*), MAX(id), 0 FROM {rolledvisit}
    WHERE first_at >= %(start)s AND first_at < %(end)s GROUP BY 2
UNION ALL
SELECT 2, {day_chunk}, COUNT(*), MAX(id), SUM(views) FROM {dailypagecount}
    WHERE day >= %(since)s AND day <= %(until)s GROUP BY 2
"""


def _fingerprints(chunks: list[Chunk]) -> list[str]:
    """For each chunk, a digest of what it holds, in one query: it changes whenever a page
    view, a rolled-up visit or a daily count is added to the chunk or taken from it."""
    day_ends = {
        f"chunk_day_{i}": connection.ops.adapt_datefield_value(chunk.since)
        for i, chunk in enumerate(chunks[1:])
    }
    day_whens = " ".join(f"WHEN day < %(chunk_day_{i})s THEN {i}" for i in range(len(chunks) - 1))
    sql = FINGERPRINT_SQL.format(
        time_chunk=_chunk_case("time", len(chunks)),
        first_chunk=_chunk_case("first_at", len(chunks)),
        day_chunk=f"(CASE {day_whens} ELSE {len(chunks) - 1} END)" if day_whens else "0",
        pageview=PageView._meta.db_table,
        rolledvisit=RolledVisit._meta.db_table,
        dailypagecount=DailyPageCount._meta.db_table,
    )
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "start": adapt(day_start(chunks[0].since)),
        "end": adapt(day_start(chunks[-1].until + timedelta(days=1))),
        "since": connection.ops.adapt_datefield_value(chunks[0].since),
        "until": connection.ops.adapt_datefield_value(chunks[-1].until),
        **_chunk_params(chunks),
        **day_ends,
    }
    held = [[] for _chunk in chunks]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for source, index, rows, highest, views in cursor:
            held[index].append((source, rows, highest, int(views or 0)))
    return [hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()[:32] for rows in held]


def _cache_key(chunk: Chunk, fingerprint: str) -> str:
    return (
        f"{CACHE_PREFIX}:{settings.STATS_SALT_PERIOD}:"
        f"{chunk.since.isoformat()}:{chunk.until.isoformat()}:{fingerprint}"
    )


def period_figures(since: date, until: date, *, today: date | None = None) -> Figures:
    """The figures of the days `since` to `until`: those of chunks that ended before today
    from the cache when their rows have not changed, the others computed (and the finished
    ones kept). The chunks still to compute are computed together, from the first of them."""
    today = today or official_today()
    chunks = chunks_of(since, until, today=today)
    keys = [_cache_key(chunk, fp) for chunk, fp in zip(chunks, _fingerprints(chunks), strict=True)]
    finished = [chunk.until < today for chunk in chunks]
    stored = cache.get_many([key for key, done in zip(keys, finished, strict=True) if done])
    parts = [stored.get(key) for key in keys]
    missing = [index for index, part in enumerate(parts) if part is None]
    if missing:
        first = missing[0]
        computed = _visit_figures(chunks[first:])
        _add_pageviews(chunks[first:], computed)
        parts[first:] = computed
        cache.set_many({keys[i]: parts[i] for i in missing if finished[i]}, timeout=CACHE_SECONDS)
    total = Figures()
    for part in parts:
        total.add(part)
    return total


def _registry(start, end) -> tuple[int, int]:
    from tramits.models import RegistryEntry

    return RegistryEntry.objects.device_counts(start=start, end=end)


def build_report(since: date, until: date, *, top: int = TOP) -> dict:
    """The figures of the days `since` to `until`, both included (Europe/Madrid).

    Returns a dict ready for json.dumps with the keys of REPORT_KEYS; shares
    are {name: percent} with percents rounded to one decimal, largest first;
    top lists are [name, count] pairs, at most `top` of them.
    """
    if until < since:
        raise ValueError("The end of the period is before its start.")
    start, end = day_start(since), day_start(until + timedelta(days=1))
    figures = period_figures(since, until)
    visits = figures.visits
    seconds = figures.microseconds / 1_000_000
    entries, mobile_entries = _registry(start, end)
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "salt_period": settings.STATS_SALT_PERIOD,
        "unique_visitors": figures.unique,
        "visits": visits,
        "pageviews": figures.pageviews,
        "avg_visit_seconds": round(seconds / visits, 1) if visits else 0.0,
        "visits_by_month": dict(sorted(figures.by_month.items())),
        "section_share": shares(figures.sections),
        "device_share": shares(figures.devices),
        "city_share": shares(figures.cities),
        "mobile_registry_share": percent(mobile_entries, entries),
        "registry_entries": entries,
        "top_pages": [list(item) for item in ranked(figures.paths, top)],
        "top_referrers": [list(item) for item in ranked(figures.referrers, top)],
        "top_cities": [list(item) for item in ranked(figures.cities, top)],
    }
