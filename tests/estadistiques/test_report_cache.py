"""build_report keeps the figures of finished chunks (months, and days before today with the
daily salt) in the cache, and computes them again whenever their rows change."""

from datetime import date

import pytest
from django.utils import timezone

from corporativa.business_days import OFFICIAL_TZ
from estadistiques import reports
from estadistiques.reports import Chunk, build_report, chunks_of
from estadistiques.retention import rollup
from estadistiques.visitors import day_start
from tests.estadistiques.test_reports import view
from tests.estadistiques.traffic import madrid

pytestmark = pytest.mark.django_db

SINCE, UNTIL = date(2025, 2, 10), date(2025, 4, 20)


@pytest.fixture
def counted(monkeypatch):
    """How many chunks build_report computes (rather than takes from the cache)."""
    computed = []
    original = reports._visit_figures

    def spy(chunks):
        computed.extend(chunks)
        return original(chunks)

    monkeypatch.setattr(reports, "_visit_figures", spy)
    return computed


def traffic():
    view(madrid(12, 9, 0, month=2), key="a" * 32)
    view(madrid(12, 9, 10, month=2), key="a" * 32, path="/ca/tramits/")
    view(madrid(5, 18, 0), key="b" * 32, device="mobile")
    view(madrid(15, 11, 0, month=4), key="c" * 32, referrer="t.co")


def test_a_period_is_cut_at_each_month_start():
    assert chunks_of(SINCE, UNTIL, today=date(2026, 1, 1)) == [
        Chunk(date(2025, 2, 10), date(2025, 2, 28)),
        Chunk(date(2025, 3, 1), date(2025, 3, 31)),
        Chunk(date(2025, 4, 1), date(2025, 4, 20)),
    ]


def test_with_the_daily_salt_today_is_a_chunk_of_its_own(settings):
    settings.STATS_SALT_PERIOD = "day"
    today = date(2025, 4, 15)
    assert chunks_of(date(2025, 4, 1), today, today=today) == [
        Chunk(date(2025, 4, 1), date(2025, 4, 14)),
        Chunk(today, today),
    ]


def test_with_the_monthly_salt_today_stays_in_its_month(settings):
    # A key lives the whole month, so yesterday's visitor may come back today.
    settings.STATS_SALT_PERIOD = "month"
    today = date(2025, 4, 15)
    assert chunks_of(date(2025, 4, 1), today, today=today) == [
        Chunk(date(2025, 4, 1), today),
    ]


def test_a_second_report_of_finished_months_comes_from_the_cache(counted):
    traffic()
    first = build_report(SINCE, UNTIL)
    assert len(counted) == 3
    counted.clear()
    assert build_report(SINCE, UNTIL) == first
    assert counted == []
    assert (first["visits"], first["pageviews"], first["unique_visitors"]) == (3, 4, 3)


def test_another_period_reuses_the_months_it_shares(counted):
    traffic()
    build_report(SINCE, UNTIL)
    counted.clear()
    march = build_report(date(2025, 3, 1), date(2025, 4, 20))
    assert counted == []
    assert march["visits_by_month"] == {"2025-03": 1, "2025-04": 1}


def test_a_view_added_to_a_cached_month_is_counted(counted):
    traffic()
    build_report(SINCE, UNTIL)
    view(madrid(20, 10, 0), key="d" * 32, path="/ca/tauler/")  # an import of March, say
    counted.clear()
    got = build_report(SINCE, UNTIL)
    assert got["visits"] == 4
    assert got["visits_by_month"]["2025-03"] == 2
    assert dict(got["top_pages"])["/ca/tauler/"] == 1
    # Computed again from March on; February still comes from the cache.
    assert [chunk.since for chunk in counted] == [date(2025, 3, 1), date(2025, 4, 1)]


def test_a_deleted_view_is_no_longer_counted():
    traffic()
    extra = view(madrid(6, 10, 0), key="e" * 32)
    assert build_report(SINCE, UNTIL)["visits"] == 4
    extra.delete()
    assert build_report(SINCE, UNTIL)["visits"] == 3


def test_rolling_up_cached_months_changes_no_figure():
    traffic()
    before = build_report(SINCE, UNTIL)
    assert rollup(30, now=madrid(1, 12, 0, month=6)).visits == 3
    assert build_report(SINCE, UNTIL) == before


def test_today_is_never_taken_from_the_cache(counted):
    now = timezone.now()
    today = now.astimezone(OFFICIAL_TZ).date()
    view(day_start(today), key="f" * 32)
    assert build_report(today, today)["visits"] == 1
    view(now, key="g" * 32)
    assert build_report(today, today)["visits"] == 2
    assert len(counted) == 2
