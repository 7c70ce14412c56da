"""The business-day calendar (Llei 39/2015, art. 30 and 31).

Every date below was checked by hand against a printed calendar, against the
Generalitat's calendar of work holidays for 2026 (12 holidays: 1 and 6 January,
3 and 6 April, 1 May, 24 June, 15 August, 11 September, 12 October, 8, 25 and
26 December) and against the `holidays` package. 1 November and 6 December
2026 fall on a Sunday and are not moved, so they are not listed as holidays.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from corporativa.business_days import (
    BusinessCalendar,
    HolidayScope,
    add_business_days,
    add_months,
    effective_time,
    first_business_day_from,
    is_business_day,
    next_business_day,
    non_business_days,
    official_today,
    regional_holiday_on,
)
from corporativa.demo import seed_local_holidays
from corporativa.models import LocalHoliday
from tests.corporativa.factories import LocalHolidayFactory

MADRID = ZoneInfo("Europe/Madrid")

pytestmark = pytest.mark.django_db

STATE_2026 = [
    date(2026, 1, 1),
    date(2026, 1, 6),
    date(2026, 4, 3),
    date(2026, 5, 1),
    date(2026, 8, 15),
    date(2026, 10, 12),
    date(2026, 12, 8),
    date(2026, 12, 25),
]
CATALAN_2026 = [date(2026, 4, 6), date(2026, 6, 24), date(2026, 9, 11), date(2026, 12, 26)]
# 2027: Easter is 28 March; 15 August and 26 December fall on a Sunday.
STATE_2027 = [
    date(2027, 1, 1),
    date(2027, 1, 6),
    date(2027, 3, 26),
    date(2027, 5, 1),
    date(2027, 10, 12),
    date(2027, 11, 1),
    date(2027, 12, 6),
    date(2027, 12, 8),
    date(2027, 12, 25),
]
CATALAN_2027 = [date(2027, 3, 29), date(2027, 6, 24), date(2027, 9, 11)]


def madrid(*args):
    return datetime(*args, tzinfo=MADRID)


# --- is_business_day and friends ---------------------------------------------


@pytest.mark.parametrize("day", STATE_2026 + CATALAN_2026 + STATE_2027 + CATALAN_2027)
def test_state_and_catalan_holidays_are_not_business_days(day):
    assert not is_business_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2026, 10, 17), date(2026, 10, 18), date(2027, 1, 2), date(2027, 1, 3)],
)
def test_saturdays_and_sundays_are_not_business_days(day):
    assert not is_business_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 2),  # Friday between New Year and Epiphany
        date(2026, 4, 2),  # Holy Thursday is not a holiday in Catalonia
        date(2026, 5, 25),  # neither is Whit Monday (only a local holiday in some towns)
        date(2026, 12, 24),
        date(2026, 12, 31),
        date(2027, 12, 27),  # Monday after Sant Esteve on a Sunday: not moved
    ],
)
def test_ordinary_weekdays_are_business_days(day):
    assert is_business_day(day)


def test_local_holiday_is_not_a_business_day():
    assert is_business_day(date(2026, 1, 22))
    LocalHolidayFactory(date=date(2026, 1, 22), name="Sant Vicenç")
    assert not is_business_day(date(2026, 1, 22))


def test_deleted_local_holiday_is_a_business_day_again():
    holiday = LocalHolidayFactory(date=date(2026, 1, 22))
    assert not is_business_day(date(2026, 1, 22))
    holiday.delete()
    assert is_business_day(date(2026, 1, 22))


def test_is_business_day_refuses_a_datetime():
    # The day of a datetime depends on its time zone: callers must decide it.
    with pytest.raises(TypeError):
        is_business_day(datetime(2026, 10, 14, 12, 0, tzinfo=UTC))


def test_next_business_day_is_strictly_after_the_day():
    assert next_business_day(date(2026, 10, 14)) == date(2026, 10, 15)
    assert next_business_day(date(2026, 10, 16)) == date(2026, 10, 19)  # Friday -> Monday
    assert next_business_day(date(2026, 12, 24)) == date(2026, 12, 28)  # over 25 and 26 Dec


def test_first_business_day_from_keeps_a_business_day():
    assert first_business_day_from(date(2026, 10, 14)) == date(2026, 10, 14)
    assert first_business_day_from(date(2026, 9, 11)) == date(2026, 9, 14)
    assert first_business_day_from(date(2026, 10, 17)) == date(2026, 10, 19)


# --- add_business_days (art. 30.2 and 30.3) ----------------------------------


def test_ten_business_days_skip_the_diada():
    # Notified Monday 7 September 2026; Friday 11 (Diada) and the weekends do not count.
    assert add_business_days(date(2026, 9, 7), 10) == date(2026, 9, 22)


def test_ten_business_days_skip_christmas_sant_esteve_and_new_year():
    # Notified Friday 18 December 2026. 25 Dec (Fri), 26 Dec (Sat) and 1 Jan (Fri) skipped.
    assert add_business_days(date(2026, 12, 18), 10) == date(2027, 1, 5)


def test_ten_business_days_from_christmas_eve_2027_skip_epiphany_2028():
    # Notified Thursday 23 December 2027: Christmas and Sant Esteve fall on the weekend,
    # 1 January 2028 is a Saturday and 6 January 2028 a Thursday.
    assert add_business_days(date(2027, 12, 23), 10) == date(2028, 1, 7)


def test_requeriment_deadline_skips_local_holiday():
    notified = date(2026, 10, 14)  # Wednesday
    assert add_business_days(notified, 10) == date(2026, 10, 28)
    LocalHolidayFactory(date=date(2026, 10, 19), name="Festa local de prova")
    assert add_business_days(notified, 10) == date(2026, 10, 29)


def test_business_days_from_a_friday_start_counting_on_monday():
    assert add_business_days(date(2026, 10, 16), 1) == date(2026, 10, 19)
    assert add_business_days(date(2026, 10, 16), 5) == date(2026, 10, 23)


def test_business_days_from_a_holiday_start_counting_the_next_business_day():
    # Notified on the Diada (Friday 11 September 2026): day 1 is Monday 14.
    assert add_business_days(date(2026, 9, 11), 1) == date(2026, 9, 14)
    # Published on Saturday 15 August 2026 (Assumption): day 1 is Monday 17.
    assert add_business_days(date(2026, 8, 15), 1) == date(2026, 8, 17)


def test_business_days_count_from_the_day_after_even_on_a_business_day():
    assert add_business_days(date(2026, 10, 14), 1) == date(2026, 10, 15)


@pytest.mark.parametrize("n", [0, -1, -10])
def test_add_business_days_refuses_fewer_than_one_day(n):
    with pytest.raises(ValueError):
        add_business_days(date(2026, 10, 14), n)


# --- add_months (art. 30.4 and 30.5) -----------------------------------------


def test_month_deadline_ends_on_the_same_day_number():
    assert add_months(date(2026, 9, 15), 1) == date(2026, 10, 15)
    assert add_months(date(2026, 6, 15), 12) == date(2027, 6, 15)


def test_month_deadline_from_31_january_ends_in_february_then_next_business_day():
    # 28 February 2026 is a Saturday: the deadline moves to Monday 2 March.
    assert add_months(date(2026, 1, 31), 1) == date(2026, 3, 2)
    # 2028 is a leap year and 29 February 2028 is a Tuesday.
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_month_deadline_ending_on_a_sunday_moves_to_monday():
    # 24 May 2026 is a Sunday.
    assert add_months(date(2026, 4, 24), 1) == date(2026, 5, 25)


def test_month_deadline_ending_on_a_holiday_moves_to_the_next_business_day():
    assert add_months(date(2026, 8, 11), 1) == date(2026, 9, 14)  # 11 Sep is the Diada


def test_month_deadline_across_the_year_end_clamps_to_the_last_day():
    # 30 November 2026 + 3 months: no 30 February, so 28 February 2027, a Sunday.
    assert add_months(date(2026, 11, 30), 3) == date(2027, 3, 1)


def test_month_deadline_ending_on_a_local_holiday_moves_on():
    LocalHolidayFactory(date=date(2026, 10, 15))
    assert add_months(date(2026, 9, 15), 1) == date(2026, 10, 16)


@pytest.mark.parametrize("n", [0, -1])
def test_add_months_refuses_fewer_than_one_month(n):
    with pytest.raises(ValueError):
        add_months(date(2026, 1, 31), n)


# --- effective_time (art. 31.2.b) --------------------------------------------


def test_entry_on_saturday_night_takes_effect_on_monday_at_midnight_madrid():
    result = effective_time(madrid(2026, 10, 17, 23, 59))
    assert result == madrid(2026, 10, 19, 0, 0)
    assert result.utcoffset() == timedelta(hours=2)


def test_entry_on_a_business_day_is_unchanged():
    registered_at = madrid(2026, 10, 14, 10, 15, 30)
    assert effective_time(registered_at) is registered_at


def test_entry_on_a_holiday_takes_effect_on_the_next_business_day():
    assert effective_time(madrid(2026, 9, 11, 9, 0)) == madrid(2026, 9, 14, 0, 0)


def test_entry_late_on_friday_utc_is_already_saturday_in_madrid():
    # 23:30 UTC on Friday 16 October 2026 is 01:30 on Saturday 17 in Madrid.
    assert effective_time(datetime(2026, 10, 16, 23, 30, tzinfo=UTC)) == madrid(2026, 10, 19, 0, 0)


def test_entry_late_on_sunday_utc_is_already_monday_in_madrid():
    registered_at = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # Monday 00:30 in Madrid
    assert effective_time(registered_at) == registered_at


def test_entry_before_the_spring_clock_change_takes_effect_in_summer_time():
    # Saturday 28 March 2026 (CET, +01:00); clocks go forward on Sunday 29 March.
    result = effective_time(madrid(2026, 3, 28, 23, 30))
    assert result == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # Monday 30, 00:00 CEST
    assert result.astimezone(MADRID).utcoffset() == timedelta(hours=2)


def test_entry_on_the_spring_clock_change_night_uses_summer_time():
    # 22:30 UTC on Sunday 29 March 2026 is already 00:30 on Monday in Madrid (CEST).
    registered_at = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)
    assert effective_time(registered_at) == registered_at


def test_entry_before_the_autumn_clock_change_takes_effect_in_winter_time():
    # Saturday 24 October 2026 (CEST); clocks go back on Sunday 25 October.
    result = effective_time(madrid(2026, 10, 24, 12, 0))
    assert result == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)  # Monday 26, 00:00 CET
    assert result.astimezone(MADRID).utcoffset() == timedelta(hours=1)


def test_entry_on_the_autumn_clock_change_night_uses_winter_time():
    # 22:30 UTC on Sunday 25 October 2026 is 23:30 on Sunday in Madrid (CET), not Monday.
    result = effective_time(datetime(2026, 10, 25, 22, 30, tzinfo=UTC))
    assert result == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("utc_hour", [0, 1])
def test_entry_in_the_repeated_autumn_hour_takes_effect_on_monday(utc_hour):
    # 00:30 and 01:30 UTC on 25 October 2026 are both 02:30 in Madrid (once CEST, once CET).
    result = effective_time(datetime(2026, 10, 25, utc_hour, 30, tzinfo=UTC))
    assert result == madrid(2026, 10, 26, 0, 0)


def test_entry_on_the_day_before_a_local_holiday_weekend_waits_for_it():
    LocalHolidayFactory(date=date(2026, 10, 19))  # Monday
    assert effective_time(madrid(2026, 10, 18, 20, 0)) == madrid(2026, 10, 20, 0, 0)


def test_effective_time_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        effective_time(datetime(2026, 10, 17, 23, 59))  # noqa: DTZ001 - naive on purpose


# --- non_business_days (the public list) -------------------------------------


def test_non_business_days_2026_split_state_and_catalan_holidays():
    days = non_business_days(2026)
    assert [d.date for d in days] == sorted(STATE_2026 + CATALAN_2026)
    assert [d.date for d in days if d.scope == HolidayScope.STATE] == STATE_2026
    assert [d.date for d in days if d.scope == "catalonia"] == CATALAN_2026


def test_non_business_days_2027_split_state_and_catalan_holidays():
    days = non_business_days(2027)
    assert [d.date for d in days if d.scope == HolidayScope.STATE] == STATE_2027
    assert [d.date for d in days if d.scope == HolidayScope.CATALONIA] == CATALAN_2027


def test_non_business_days_include_local_holidays_in_date_order():
    LocalHolidayFactory(date=date(2026, 8, 17), name="Festa Major")
    LocalHolidayFactory(date=date(2026, 1, 22), name="Sant Vicenç")
    LocalHolidayFactory(date=date(2027, 1, 22), name="Sant Vicenç")
    days = non_business_days(2026)
    assert [d.date for d in days] == sorted(
        [*STATE_2026, *CATALAN_2026, date(2026, 1, 22), date(2026, 8, 17)]
    )
    local = [d for d in days if d.scope == HolidayScope.LOCAL]
    assert [(d.date, d.name) for d in local] == [
        (date(2026, 1, 22), "Sant Vicenç"),
        (date(2026, 8, 17), "Festa Major"),
    ]


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("ca", "Diada Nacional de Catalunya"),
        ("es", "Fiesta Nacional de Cataluña"),
        ("en", "National Day of Catalonia"),
        ("fr", "Diada Nacional de Catalunya"),  # no French names: the site's default, Catalan
    ],
)
def test_holiday_names_follow_the_active_language(language, name):
    with translation.override(language):
        diada = next(d for d in non_business_days(2026) if d.date == date(2026, 9, 11))
    assert diada.name == name


def test_regional_holiday_on_names_the_holiday_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("ca"):
        assert regional_holiday_on(date(2026, 6, 24)).name == "Sant Joan"
        assert regional_holiday_on(date(2026, 6, 25)) is None


# --- cost ------------------------------------------------------------------------


def test_a_deadline_within_one_year_costs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_business_days(date(2026, 9, 7), 10)


def test_a_deadline_across_new_year_costs_one_query_per_year(django_assert_num_queries):
    with django_assert_num_queries(2):
        add_business_days(date(2026, 12, 18), 10)


def test_weekend_check_needs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not is_business_day(date(2026, 10, 17))


def test_one_calendar_for_many_deadlines_reads_each_year_once(django_assert_num_queries):
    LocalHolidayFactory(date=date(2026, 10, 19))
    business_calendar = BusinessCalendar()
    with django_assert_num_queries(1):
        ends = [
            business_calendar.add_business_days(date(2026, 10, 1) + timedelta(days=i), 10)
            for i in range(60)
        ]
    assert date(2026, 10, 19) not in ends


# --- LocalHoliday ------------------------------------------------------------------


def test_local_holiday_on_a_catalan_holiday_is_refused():
    holiday = LocalHoliday(date=date(2026, 9, 11), name="Festa repetida")
    with pytest.raises(ValidationError) as excinfo:
        holiday.full_clean()
    assert "date" in excinfo.value.message_dict


def test_local_holiday_on_an_ordinary_day_is_valid():
    LocalHoliday(date=date(2026, 1, 22), name="Sant Vicenç").full_clean()


def test_local_holiday_str_shows_date_and_name():
    holiday = LocalHolidayFactory(date=date(2026, 1, 22), name="Sant Vicenç")
    assert str(holiday) == "22/01/2026 Sant Vicenç"


def test_seed_local_holidays_is_idempotent_and_valid():
    assert seed_local_holidays() == 4
    assert seed_local_holidays() == 4
    holidays = list(LocalHoliday.objects.all())
    assert [h.date for h in holidays] == [
        date(2026, 1, 22),
        date(2026, 8, 17),
        date(2027, 1, 22),
        date(2027, 8, 16),
    ]
    for holiday in holidays:
        holiday.full_clean()
        assert holiday.date.weekday() < 5


# --- official time ---------------------------------------------------------------


def test_official_today_is_the_date_in_madrid(monkeypatch):
    # 23:30 UTC on 31 December 2026 is already New Year's Day in Madrid.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert official_today() == date(2027, 1, 1)


def test_official_day_is_the_madrid_day_of_a_moment_whatever_the_active_zone():
    from corporativa.business_days import official_day, official_midnight, official_now

    with timezone.override("UTC"):
        assert official_day(datetime(2025, 12, 31, 23, 30, tzinfo=UTC)) == date(2026, 1, 1)
        assert official_now().utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert official_midnight(date(2026, 3, 29)).isoformat() == "2026-03-29T00:00:00+01:00"
    with pytest.raises(ValueError):
        official_day(datetime(2025, 12, 31, 23, 30))  # noqa: DTZ001


def test_the_official_zone_has_one_home():
    """OFFICIAL_TZ is defined in corporativa/business_days.py and nowhere else."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spellings = ('ZoneInfo("Europe/Madrid")', "def local_zone", "def official_day", "OFFICIAL_TZ =")
    found = [
        f"{path.relative_to(root)}: {spelling}"
        for path in root.glob("*/**/*.py")
        if not path.is_relative_to(root / ".venv")
        and "tests" not in path.parts
        and "migrations" not in path.parts
        and path != root / "corporativa" / "business_days.py"
        for spelling in spellings
        if spelling in path.read_text(encoding="utf-8")
    ]
    assert found == []


@pytest.mark.parametrize(
    ("start", "amount", "unit", "end"),
    [
        # Ten business days from Wednesday 12 March 2025: 13, 14, 17... 26 March.
        (date(2025, 3, 12), 10, "business_days", date(2025, 3, 26)),
        # Fifteen natural days from 1 March 2025 end on Sunday 16: moved to Monday 17.
        (date(2025, 3, 1), 15, "natural_days", date(2025, 3, 17)),
        (date(2025, 3, 3), 10, "natural_days", date(2025, 3, 13)),
        # One month from 31 January 2025: 28 February (no 31st), a Friday.
        (date(2025, 1, 31), 1, "months", date(2025, 2, 28)),
        # Three months from 11 June 2025: 11 September is the Diada, so 12 September.
        (date(2025, 6, 11), 3, "months", date(2025, 9, 12)),
    ],
)
def test_period_end_follows_article_30_in_every_unit(start, amount, unit, end):
    from corporativa.business_days import period_end

    assert period_end(start, amount, unit) == end


def test_period_end_refuses_an_empty_period_or_an_unknown_unit():
    from corporativa.business_days import period_end

    with pytest.raises(ValueError):
        period_end(date(2025, 3, 3), 0, "natural_days")
    with pytest.raises(ValueError):
        period_end(date(2025, 3, 3), 3, "weeks")


def test_an_end_at_midnight_is_shown_as_the_last_minute_of_the_day_before():
    from corporativa.business_days import last_moment_shown, official_midnight

    midnight = official_midnight(date(2026, 3, 30))
    assert last_moment_shown(midnight).isoformat() == "2026-03-29T23:59:00+02:00"
    assert last_moment_shown(midnight, step=timedelta(seconds=1)).isoformat() == (
        "2026-03-29T23:59:59+02:00"
    )
    # In UTC the same moment is 22:00: the rule reads the official clock.
    as_utc = midnight.astimezone(UTC)
    assert last_moment_shown(as_utc) == last_moment_shown(midnight)
    noon = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)
    assert last_moment_shown(noon) == noon
    assert last_moment_shown(None) is None
