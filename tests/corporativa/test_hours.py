"""When an office is open: regular hours, special periods and holidays (corporativa.hours)."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse

from corporativa.business_days import OFFICIAL_TZ
from corporativa.hours import Schedule, period_weekdays, weekday_runs
from corporativa.models import Office
from tests.corporativa.factories import (
    LocalHolidayFactory,
    OfficeFactory,
    special_period,
    weekday_hours,
)

WEEKDAYS = (0, 1, 2, 3, 4)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=OFFICIAL_TZ)


@pytest.fixture
def oac(db):
    office = OfficeFactory(slug="oac", name="Oficina d'Atenció Ciutadana (OAC)")
    weekday_hours(office, WEEKDAYS, time(8, 30), time(14, 30))
    weekday_hours(office, (1, 3), time(16, 0), time(19, 0))
    return office


def schedule(office) -> Schedule:
    office = Office.objects.prefetch_related("hours", "special_periods__hours").get(pk=office.pk)
    return Schedule.for_office(office)


# 2 March 2026 is a Monday with no holiday.
MONDAY = date(2026, 3, 2)
TUESDAY = date(2026, 3, 3)
FRIDAY = date(2026, 3, 6)


def test_open_during_regular_hours_until_the_range_ends(oac):
    status = schedule(oac).status_at(at(MONDAY, 10))
    assert status.is_open
    assert status.closes_at == at(MONDAY, 14, 30)


def test_closing_time_is_exclusive_and_opening_time_inclusive(oac):
    plan = schedule(oac)
    assert plan.status_at(at(MONDAY, 8, 30)).is_open
    assert not plan.status_at(at(MONDAY, 14, 30)).is_open
    assert not plan.status_at(at(MONDAY, 8, 29)).is_open


def test_closed_at_lunch_opens_again_in_the_afternoon(oac):
    status = schedule(oac).status_at(at(TUESDAY, 15))
    assert not status.is_open
    assert status.opens_at == at(TUESDAY, 16)


def test_closed_on_friday_afternoon_opens_on_monday(oac):
    status = schedule(oac).status_at(at(FRIDAY, 15))
    assert not status.is_open
    assert status.opens_at == at(date(2026, 3, 9), 8, 30)


def test_a_moment_in_utc_is_judged_in_madrid_time(oac):
    # 07:45 UTC is 08:45 in Madrid in winter (UTC+1): open.
    from datetime import UTC

    assert schedule(oac).status_at(datetime(2026, 3, 2, 7, 45, tzinfo=UTC)).is_open
    # In summer Madrid is UTC+2: 06:45 UTC is 08:45 there.
    assert schedule(oac).status_at(datetime(2026, 6, 1, 6, 45, tzinfo=UTC)).is_open


def test_a_local_holiday_closes_the_office_and_the_next_opening_skips_it(oac):
    wednesday = date(2026, 3, 4)
    LocalHolidayFactory(date=wednesday, name="Festa de prova")
    plan = schedule(oac)
    day = plan.hours_on(wednesday)
    assert not day.is_open
    assert day.holiday == "Festa de prova"
    status = plan.status_at(at(date(2026, 3, 3), 20))
    assert status.opens_at == at(date(2026, 3, 5), 8, 30)


def test_a_state_holiday_closes_the_office(oac):
    # 6 January 2026 (Epiphany) is a Tuesday.
    day = schedule(oac).hours_on(date(2026, 1, 6))
    assert not day.is_open
    assert day.holiday


def test_summer_hours_replace_the_regular_ones(oac):
    special_period(
        oac, date(2026, 7, 1), date(2026, 8, 31), hours=[(WEEKDAYS, time(8, 30), time(14, 0))]
    )
    plan = schedule(oac)
    tuesday = date(2026, 7, 7)
    assert plan.hours_on(tuesday).ranges == ((time(8, 30), time(14, 0)),)
    assert plan.hours_on(tuesday).period == "Horari d'estiu"
    assert plan.status_at(at(tuesday, 13, 59)).is_open
    assert not plan.status_at(at(tuesday, 14, 10)).is_open
    # No afternoon in summer: closed at 17:00 on a Tuesday, opens the next morning.
    status = plan.status_at(at(tuesday, 17))
    assert not status.is_open
    assert status.opens_at == at(date(2026, 7, 8), 8, 30)
    # The day before and after the period, the regular hours again.
    assert plan.hours_on(date(2026, 6, 30)).ranges == (
        (time(8, 30), time(14, 30)),
        (time(16, 0), time(19, 0)),
    )
    assert plan.hours_on(date(2026, 9, 1)).period == ""


def test_a_shorter_closure_inside_summer_hours_wins(oac):
    special_period(
        oac, date(2026, 7, 1), date(2026, 8, 31), hours=[(WEEKDAYS, time(8, 30), time(14, 0))]
    )
    special_period(oac, date(2026, 8, 10), date(2026, 8, 14), closed=True, name="Tancat")
    plan = schedule(oac)
    assert not plan.hours_on(date(2026, 8, 12)).is_open
    assert plan.hours_on(date(2026, 8, 12)).period == "Tancat"
    assert plan.hours_on(date(2026, 8, 18)).period == "Horari d'estiu"
    status = plan.status_at(at(date(2026, 8, 10), 9))
    assert not status.is_open
    # 15 August is a Saturday and a holiday, the 17th the demo's local holiday is
    # not loaded here: the next opening is Monday the 17th at 08:30.
    assert status.opens_at == at(date(2026, 8, 17), 8, 30)


def test_a_holiday_inside_a_special_period_still_closes(oac):
    special_period(
        oac, date(2026, 7, 1), date(2026, 8, 31), hours=[(WEEKDAYS, time(8, 30), time(14, 0))]
    )
    LocalHolidayFactory(date=date(2026, 8, 17), name="Festa Major")
    day = schedule(oac).hours_on(date(2026, 8, 17))
    assert not day.is_open
    assert day.holiday == "Festa Major"


def test_a_weekday_a_special_period_gives_no_hours_is_closed(oac):
    weekday_hours(oac, (5,), time(9, 30), time(13, 0))  # Saturday mornings
    special_period(
        oac, date(2026, 7, 1), date(2026, 8, 31), hours=[(WEEKDAYS, time(8, 30), time(14, 0))]
    )
    plan = schedule(oac)
    assert plan.hours_on(date(2026, 6, 27)).is_open  # a Saturday in June
    assert not plan.hours_on(date(2026, 7, 4)).is_open  # a Saturday in July


def test_the_week_runs_from_monday_to_sunday_with_today_in_it(oac):
    week = schedule(oac).week_of(date(2026, 3, 4))
    assert [d.day for d in week] == [date(2026, 3, n) for n in range(2, 9)]
    assert [d.is_open for d in week] == [True] * 5 + [False] * 2


def test_an_office_without_any_hours_never_opens(db):
    office = OfficeFactory()
    status = schedule(office).status_at(at(MONDAY, 10))
    assert not status.is_open
    assert status.opens_at is None


def test_weekday_runs_join_consecutive_days_with_the_same_hours(oac):
    runs = weekday_runs(oac.hours.all())
    assert [(r.first, r.last) for r in runs] == [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]
    summer = special_period(
        oac, date(2026, 7, 1), date(2026, 8, 31), hours=[(WEEKDAYS, time(8, 30), time(14, 0))]
    )
    assert [(r.first, r.last) for r in weekday_runs(summer.hours.all())] == [(0, 4)]


def test_a_one_day_period_lists_only_its_weekday(oac):
    eve = special_period(
        oac,
        date(2026, 12, 24),
        date(2026, 12, 24),
        hours=[(WEEKDAYS, time(9), time(13))],
        name="Nadal",
    )
    assert period_weekdays(eve) == {3}
    runs = weekday_runs(eve.hours.all(), weekdays=period_weekdays(eve))
    assert [(r.first, r.last) for r in runs] == [(3, 3)]


# --- The office page follows the clock on every request ------------------------------------


def _page_at(client, monkeypatch, office, moment):
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    return client.get(reverse("corporativa:office-detail", args=[office.slug])).content.decode()


def test_office_page_says_open_or_closed_by_the_official_clock(client, monkeypatch, oac):
    assert "Open now" in _page_at(client, monkeypatch, oac, at(MONDAY, 10))
    # The same page a few hours later: nothing cached says it is still open.
    later = _page_at(client, monkeypatch, oac, at(MONDAY, 15))
    assert "Closed now" in later
    assert "Open now" not in later


def test_office_page_shows_this_weeks_holiday(client, monkeypatch, oac):
    LocalHolidayFactory(date=date(2026, 3, 4), name="Festa de prova")
    content = _page_at(client, monkeypatch, oac, at(MONDAY, 10))
    assert 'Holiday: <span lang="ca">Festa de prova</span>' in content
    assert 'datetime="2026-03-04"' in content


def test_office_page_costs_a_bounded_number_of_queries(client, oac, django_assert_max_num_queries):
    for n in range(5):
        special_period(
            oac,
            date(2026 + n, 7, 1),
            date(2026 + n, 8, 31),
            hours=[(WEEKDAYS, time(8, 30), time(14, 0))],
        )
    url = reverse("corporativa:office-detail", args=[oac.slug])
    client.get(url)  # the council record is read once, then cached
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
