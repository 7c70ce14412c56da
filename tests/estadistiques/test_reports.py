"""build_report: the definitions on hand-made sequences, and the report's shape."""

import json
from datetime import date, timedelta

import pytest

from estadistiques.models import PageView
from estadistiques.reports import REPORT_KEYS, build_report
from estadistiques.sections import section_for_path
from tests.estadistiques.test_middleware import get
from tests.estadistiques.traffic import IPAD, madrid

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 10)


def view(when, key="a" * 32, path="/ca/", device="desktop", city="unknown", referrer=""):
    return PageView.objects.create(
        time=when,
        path=path,
        section=section_for_path(path),
        device=device,
        visitor_key=key,
        referrer=referrer,
        city=city,
    )


def report(since=DAY, until=None):
    return build_report(since, until or since)


def test_a_gap_of_exactly_30_minutes_starts_a_new_visit():
    view(madrid(10, 9, 0))
    view(madrid(10, 9, 30))
    got = report()
    assert (got["visits"], got["unique_visitors"], got["avg_visit_seconds"]) == (2, 1, 0.0)


def test_a_gap_of_29_minutes_59_seconds_continues_the_visit():
    view(madrid(10, 9, 0))
    view(madrid(10, 9, 29, 59))
    view(madrid(10, 9, 59, 58))
    got = report()
    assert (got["visits"], got["pageviews"], got["avg_visit_seconds"]) == (1, 3, 3598.0)


def test_a_single_view_is_a_visit_of_zero_seconds_and_keys_count_visitors():
    view(madrid(10, 9, 0), key="a" * 32)
    view(madrid(10, 9, 0), key="b" * 32)
    view(madrid(10, 9, 10), key="b" * 32)
    got = report()
    assert (got["visits"], got["unique_visitors"], got["avg_visit_seconds"]) == (2, 2, 300.0)


def test_midnight_with_a_daily_salt_splits_the_visit(client, clock):
    for when in (madrid(10, 23, 50), madrid(11, 0, 10)):
        clock.now = when
        get(client, "/en/", ip="2001:db8::5", agent=IPAD)
    assert PageView.objects.values("visitor_key").distinct().count() == 2
    both = report(DAY, DAY + timedelta(days=1))
    assert (both["visits"], both["unique_visitors"], both["pageviews"]) == (2, 2, 2)
    assert report()["visits"] == 1
    assert report(DAY + timedelta(days=1))["visits"] == 1


def test_midnight_with_a_monthly_salt_keeps_the_visit_on_its_first_day(client, clock, settings):
    settings.STATS_SALT_PERIOD = "month"
    for when in (madrid(10, 23, 50), madrid(11, 0, 10), madrid(11, 0, 30)):
        clock.now = when
        get(client, "/en/", ip="2001:db8::5", agent=IPAD)
    first_day = report()
    assert (first_day["visits"], first_day["pageviews"], first_day["avg_visit_seconds"]) == (
        1,
        1,
        2400.0,
    )
    second_day = report(DAY + timedelta(days=1))
    assert (second_day["visits"], second_day["unique_visitors"], second_day["pageviews"]) == (
        0,
        0,
        2,
    )
    assert report(DAY, DAY + timedelta(days=1))["visits"] == 1


def test_a_visit_started_before_the_period_is_not_counted_in_it():
    key = "c" * 32
    view(madrid(9, 23, 45), key=key)
    view(madrid(10, 0, 5), key=key)
    view(madrid(10, 0, 40), key=key)  # 35 min later: a visit of the 10th
    got = report()
    assert (got["visits"], got["pageviews"], got["avg_visit_seconds"]) == (1, 2, 0.0)


def test_a_visit_running_on_for_days_is_followed_to_its_end():
    key = "d" * 32
    moment = madrid(10, 22, 0)
    for _ in range(4 * 24 * 3):  # every 20 minutes for four days
        view(moment, key=key)
        moment += timedelta(minutes=20)
    view(moment + timedelta(hours=1), key=key)
    got = report()
    assert got["visits"] == 1
    assert got["avg_visit_seconds"] == (4 * 24 * 3 - 1) * 20 * 60.0


def test_device_city_and_referrer_of_a_visit_come_from_its_first_view():
    view(madrid(10, 9, 0), device="mobile", city="Mollet del Vallès", referrer="t.co")
    view(madrid(10, 9, 5), device="desktop", city="Granollers", referrer="www.google.com")
    got = report()
    assert got["device_share"] == {"mobile": 100.0}
    assert got["city_share"] == {"Mollet del Vallès": 100.0}
    assert got["top_referrers"] == [["t.co", 1]]
    assert got["top_cities"] == [["Mollet del Vallès", 1]]


def test_shares_are_rounded_percentages_largest_first():
    for minute, path in enumerate(["/ca/", "/ca/tramits/", "/ca/tramits/", "/ca/tauler/"] * 1):
        view(madrid(10, 9, minute), path=path)
    view(madrid(10, 10, 0), key="e" * 32, path="/es/convocatories/", device="tablet")
    view(madrid(10, 10, 1), key="f" * 32, path="/es/informacio/", device="mobile")
    got = report()
    assert got["section_share"] == {
        "tramits": 33.3,
        "convocatories": 16.7,
        "corporate": 16.7,
        "home": 16.7,
        "tauler": 16.7,
    }
    assert got["device_share"] == {"desktop": 33.3, "mobile": 33.3, "tablet": 33.3}
    assert abs(sum(got["section_share"].values()) - 100) < 0.5
    assert got["top_pages"][0] == ["/ca/tramits/", 2]


def test_visits_by_month_use_the_month_of_the_first_view():
    view(madrid(31, 23, 55, month=1), key="g" * 32)
    view(madrid(1, 0, 5, month=2), key="h" * 32)
    view(madrid(2, 12, 0, month=2), key="h" * 32)
    got = build_report(date(2025, 1, 1), date(2025, 2, 28))
    assert got["visits_by_month"] == {"2025-01": 1, "2025-02": 2}


def registry_entry(applicant, procedure, when, device, sequence):
    from tramits.models import RegistryEntry, Submission

    number = f"E/{when.year}/{sequence:06d}"
    submission = Submission.objects.create(
        number=number,
        procedure=procedure,
        applicant=applicant,
        applicant_name=applicant.full_name,
        applicant_email=applicant.email,
        status_changed_at=when,
        registered_at=when,
        effective_at=when,
        resolution_due=when.date() + timedelta(days=90),
    )
    return RegistryEntry.objects.create(
        number=number,
        year=when.year,
        sequence=sequence,
        kind="submission",
        submission=submission,
        applicant=applicant,
        registered_at=when,
        effective_at=when,
        device_class=device,
    )


def test_mobile_registry_share_counts_phones_and_tablets_in_the_period(citizen):
    from tests.tramits.factories import ProcedureFactory

    procedure = ProcedureFactory()
    devices = ["mobile", "tablet", "desktop", "desktop", "desktop", "desktop", "desktop"]
    for sequence, device in enumerate(devices, 1):
        registry_entry(citizen, procedure, madrid(10, 9, sequence), device, sequence)
    registry_entry(citizen, procedure, madrid(11, 0, 0), "mobile", 99)  # next day
    got = report()
    assert (got["mobile_registry_share"], got["registry_entries"]) == (28.6, 7)
    assert report(date(2025, 3, 12))["mobile_registry_share"] == 0.0


def test_the_report_has_every_key_and_is_json():
    view(madrid(10, 9, 0), referrer="t.co")
    got = report()
    assert tuple(got) == REPORT_KEYS
    assert json.loads(json.dumps(got)) == got
    assert got["since"] == got["until"] == "2025-03-10"
    assert got["salt_period"] == "day"
    assert isinstance(got["avg_visit_seconds"], float)
    assert isinstance(got["mobile_registry_share"], float)
    for key in ("section_share", "device_share", "city_share"):
        assert all(isinstance(value, float) for value in got[key].values())


def test_an_empty_period_reports_zeros():
    got = report()
    assert got["visits"] == got["pageviews"] == got["unique_visitors"] == 0
    assert got["section_share"] == {} and got["top_pages"] == []


def test_a_period_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        build_report(DAY, DAY - timedelta(days=1))


def test_report_queries_do_not_grow_with_the_page_views(django_assert_max_num_queries):
    for minute in range(0, 1200, 7):
        view(madrid(10, 0, 0) + timedelta(minutes=minute), key=f"{minute % 5:032x}")
    with django_assert_max_num_queries(12):
        build_report(DAY, DAY)
