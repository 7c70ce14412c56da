"""The demo page views that seed_demo adds, so the dashboard is not empty."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Count, Max, Min

from estadistiques.choices import Section
from estadistiques.demo import seed_pageviews
from estadistiques.models import DailyPageCount, PageView
from estadistiques.reports import build_report
from tests.estadistiques.traffic import MADRID

NOW = datetime(2026, 5, 15, 10, 0, tzinfo=UTC)  # 12:00 in Madrid
TODAY = date(2026, 5, 15)


@pytest.mark.django_db
def test_demo_is_idempotent_and_never_in_the_future():
    created = seed_pageviews(days=20, now=NOW)
    assert created == PageView.objects.count() > 500
    assert seed_pageviews(days=20, now=NOW) == 0
    assert PageView.objects.count() == created
    span = PageView.objects.aggregate(first=Min("time"), last=Max("time"))
    assert span["last"] <= NOW
    assert span["first"] >= datetime(2026, 4, 26, tzinfo=MADRID)


@pytest.mark.django_db
def test_demo_leaves_days_with_real_or_rolled_up_views_alone():
    real = PageView.objects.create(
        time=datetime(2026, 5, 10, 9, 0, tzinfo=MADRID),
        path="/ca/",
        section=Section.HOME,
        device="desktop",
        visitor_key="f" * 32,
    )
    DailyPageCount.objects.create(day=date(2026, 5, 11), path="/ca/", section="home", views=3)
    seed_pageviews(days=7, now=NOW)
    on_the_10th = PageView.objects.filter(
        time__gte=datetime(2026, 5, 10, tzinfo=MADRID),
        time__lt=datetime(2026, 5, 12, tzinfo=MADRID),
    )
    assert list(on_the_10th) == [real]
    # The other days got their demo traffic, today's up to now only.
    assert PageView.objects.filter(time__gte=datetime(2026, 5, 15, tzinfo=MADRID)).exists()


@pytest.mark.django_db
def test_a_later_run_adds_only_the_new_days():
    seed_pageviews(days=10, now=NOW - timedelta(days=2))
    before = PageView.objects.count()
    added = seed_pageviews(days=10, now=NOW)
    assert 0 < added < before


@pytest.mark.django_db
def test_demo_traffic_is_plausible_and_follows_the_definitions():
    seed_pageviews(days=60, now=NOW)
    report = build_report(TODAY - timedelta(days=59), TODAY)
    assert 2000 < report["visits"] < 6000
    assert report["unique_visitors"] < report["visits"]  # some come back the same day
    assert report["pageviews"] > 2 * report["visits"] * 0.8
    assert 30 < report["avg_visit_seconds"] < 600
    devices = report["device_share"]
    assert devices["desktop"] == pytest.approx(60, abs=4)
    assert devices["mobile"] == pytest.approx(33, abs=4)
    assert devices["tablet"] == pytest.approx(7, abs=3)
    assert {"www.google.com", "www.mollet.cat"} <= {
        domain for domain, _n in report["top_referrers"]
    }
    assert any("facebook.com" in domain for domain, _n in report["top_referrers"])
    assert report["top_cities"][0][0] == "Mollet del Vallès"
    assert set(report["section_share"]) >= {
        "home",
        "tramits",
        "tauler",
        "convocatories",
        "corporate",
    }
    assert report["section_share"]["other"] < 20
    # A visitor key lives one day, as with the daily salt.
    keys_on_two_days = (
        PageView.objects.values("visitor_key")
        .annotate(first=Min("time"), last=Max("time"), views=Count("id"))
        .filter(last__gt=datetime(2026, 1, 1, tzinfo=UTC))
    )
    for row in keys_on_two_days[:200]:
        first, last = row["first"].astimezone(MADRID), row["last"].astimezone(MADRID)
        assert first.date() == last.date()
