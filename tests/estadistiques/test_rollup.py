"""stats_rollup: old page views become aggregates, and every report stays the same."""

import io
import random
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command

from estadistiques.models import DailyPageCount, PageView, RolledVisit
from estadistiques.reports import build_report
from estadistiques.retention import rollup
from estadistiques.sections import section_for_path
from tests.estadistiques.traffic import madrid

pytestmark = pytest.mark.django_db

PATHS = ["/ca/", "/ca/tramits/", "/es/tauler/", "/en/informacio/", "/ca/convocatories/"]
DEVICES = ["desktop", "mobile", "tablet"]
CITIES = ["Mollet del Vallès", "Granollers", "unknown"]
REFERRERS = ["", "", "www.google.com", "t.co"]
NOW = madrid(20, 12, 0, month=4)  # rollup "now": cutoff 10 days back is 10 April 00:00


def make_traffic(seed=7):
    """Three weeks of visits, several crossing midnight and the cutoff."""
    rng = random.Random(seed)
    rows = []
    for visitor in range(60):
        key = f"{visitor:032x}"
        moment = madrid(1, 0, 0, month=4) + timedelta(minutes=rng.randrange(0, 19 * 24 * 60))
        for _visit in range(rng.randrange(1, 4)):
            device, city, referrer = rng.choice(DEVICES), rng.choice(CITIES), rng.choice(REFERRERS)
            for _view in range(rng.randrange(1, 6)):
                path = rng.choice(PATHS)
                rows.append(
                    PageView(
                        time=moment,
                        path=path,
                        section=section_for_path(path),
                        device=device,
                        visitor_key=key,
                        referrer=referrer if not rows or rng.random() < 0.5 else "",
                        city=city,
                    )
                )
                moment += timedelta(minutes=rng.choice([1, 5, 20, 29, 29.99, 30]))
            moment += timedelta(minutes=rng.randrange(30, 3000))
    # One visit running over the cutoff (9 April 23:50 to 10 April 00:15).
    for minute in (0, 15, 25):
        rows.append(
            PageView(
                time=madrid(9, 23, 50, month=4) + timedelta(minutes=minute),
                path="/ca/",
                section="home",
                device="mobile",
                visitor_key="f" * 32,
                city="Granollers",
            )
        )
    PageView.objects.bulk_create(rows)
    return rows


PERIODS = [
    (date(2025, 4, 1), date(2025, 4, 30)),
    (date(2025, 4, 1), date(2025, 4, 1)),
    (date(2025, 4, 3), date(2025, 4, 5)),
    (date(2025, 4, 9), date(2025, 4, 9)),
    (date(2025, 4, 9), date(2025, 4, 10)),
    (date(2025, 4, 10), date(2025, 4, 19)),
    (date(2025, 3, 31), date(2025, 4, 2)),
]


def reports():
    return [build_report(since, until) for since, until in PERIODS]


@pytest.mark.parametrize("salt_period", ["day", "month"])
def test_every_report_is_the_same_before_and_after_the_rollup(settings, salt_period):
    settings.STATS_SALT_PERIOD = salt_period
    make_traffic()
    before = reports()
    assert before[0]["visits"] > 60
    result = rollup(10, now=NOW)
    assert result.pageviews > 0 and result.visits > 0
    # The visit over the cutoff stays whole, as page views.
    assert result.kept >= 1
    assert PageView.objects.filter(visitor_key="f" * 32).count() == 3
    assert reports() == before


def test_the_rollup_is_idempotent_and_later_runs_add_to_the_day_counts():
    make_traffic()
    before = reports()
    rollup(10, now=NOW)
    counts = (RolledVisit.objects.count(), DailyPageCount.objects.count(), PageView.objects.count())
    again = rollup(10, now=NOW)
    assert again.pageviews == 0
    assert (
        RolledVisit.objects.count(),
        DailyPageCount.objects.count(),
        PageView.objects.count(),
    ) == counts
    # A day later the visit over the old cutoff is rolled too, into 9 April's counts.
    later = rollup(10, now=NOW + timedelta(days=1))
    assert later.pageviews > 0
    assert reports() == before
    rollup(0, now=NOW + timedelta(days=30))
    assert not PageView.objects.exists()
    assert reports() == before


def test_the_command_reports_what_it_did():
    out = io.StringIO()
    call_command("stats_rollup", "--older-than", "0", stdout=out)
    assert "0 page views of 0 days rolled into 0 visits" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("stats_rollup", "--older-than", "-1", stdout=out)


def test_the_command_keeps_page_views_for_the_retention_setting_by_default(settings):
    from django.utils import timezone

    now = timezone.now()
    for days_ago in (5, 20):
        PageView.objects.create(
            time=now - timedelta(days=days_ago),
            path="/ca/",
            section="home",
            device="desktop",
            visitor_key=f"{days_ago:032x}",
        )
    settings.STATS_RETENTION_DAYS = 30
    call_command("stats_rollup", stdout=io.StringIO())
    assert PageView.objects.count() == 2
    settings.STATS_RETENTION_DAYS = 10
    out = io.StringIO()
    call_command("stats_rollup", stdout=out)
    assert "1 page views of 1 days rolled into 1 visits" in out.getvalue()
    assert list(PageView.objects.values_list("visitor_key", flat=True)) == [f"{5:032x}"]
    # --older-than still wins over the setting.
    call_command("stats_rollup", "--older-than", "0", stdout=io.StringIO())
    assert not PageView.objects.exists()
