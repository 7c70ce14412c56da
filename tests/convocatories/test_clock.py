"""A call's status follows the clock, and its period follows the business-day calendar."""

from datetime import date, datetime, timedelta

import pytest

from convocatories import services
from convocatories.choices import CallStatus, PeriodMode
from convocatories.models import Call
from corporativa.business_days import OFFICIAL_TZ
from corporativa.models import LocalHoliday
from tests.convocatories.factories import CallFactory, call_cancelled, call_resolved, publisher_get

pytestmark = pytest.mark.django_db


def madrid(*args) -> datetime:
    return datetime(*args, tzinfo=OFFICIAL_TZ)


def test_period_ending_on_a_saturday_moves_to_monday():
    # 26 December 2026 is a Saturday (and Sant Esteve); Sunday follows.
    call = CallFactory(opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 26))
    assert call.last_day == date(2026, 12, 28)
    assert call.closes_at == madrid(2026, 12, 29)


def test_period_ending_on_a_holiday_moves_to_the_next_business_day():
    # 8 December 2026, Tuesday: the Immaculate Conception.
    call = CallFactory(opens_on=date(2026, 11, 20), closes_on=date(2026, 12, 8))
    assert call.last_day == date(2026, 12, 9)


def test_period_ending_on_christmas_skips_the_whole_weekend():
    # Friday 25 (Christmas), Saturday 26 (Sant Esteve), Sunday 27.
    call = CallFactory(opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 25))
    assert call.last_day == date(2026, 12, 28)


def test_period_ending_on_a_local_holiday_moves_too():
    LocalHoliday.objects.create(date=date(2026, 11, 23), name="Festa de prova")
    call = CallFactory(opens_on=date(2026, 11, 2), closes_on=date(2026, 11, 23))
    assert call.last_day == date(2026, 11, 24)


def test_business_days_count_from_the_day_after_publication_over_holidays():
    # Published Friday 4 December 2026: 8 December, Christmas, Sant Esteve,
    # New Year and Epiphany are skipped, with the weekends.
    call = CallFactory(
        period_mode=PeriodMode.BUSINESS_DAYS,
        opens_on=None,
        closes_on=None,
        published_on=date(2026, 12, 4),
        period_business_days=20,
    )
    assert call.first_day == date(2026, 12, 7)
    assert call.last_day == date(2027, 1, 7)
    assert call.opens_at == madrid(2026, 12, 7)
    assert call.closes_at == madrid(2027, 1, 8)


def test_short_business_day_period_over_the_immaculate_conception():
    call = CallFactory(
        period_mode=PeriodMode.BUSINESS_DAYS,
        opens_on=None,
        closes_on=None,
        published_on=date(2026, 12, 4),
        period_business_days=3,
    )
    # Monday 7 is the first, Tuesday 8 is a holiday, Wednesday 9 the second.
    assert call.last_day == date(2026, 12, 10)


def test_open_until_the_last_second_of_the_last_day_and_closed_at_midnight():
    call = CallFactory(opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 15))
    assert call.status_at(madrid(2026, 11, 30, 23, 59, 59)) == CallStatus.UPCOMING
    assert call.status_at(madrid(2026, 12, 1, 0, 0)) == CallStatus.OPEN
    assert call.status_at(madrid(2026, 12, 15, 23, 59, 59)) == CallStatus.OPEN
    assert call.status_at(madrid(2026, 12, 16, 0, 0)) == CallStatus.IN_PROGRESS
    assert call.is_open(madrid(2026, 12, 15, 23, 59, 59))
    assert not call.is_open(madrid(2026, 12, 16))


def test_querysets_agree_with_the_status_at_every_edge():
    call = CallFactory(opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 15))
    moments = [
        madrid(2026, 11, 30, 23, 59, 59),
        madrid(2026, 12, 1),
        madrid(2026, 12, 15, 23, 59, 59),
        madrid(2026, 12, 16),
    ]
    for at in moments:
        status = call.status_at(at)
        for candidate in (CallStatus.UPCOMING, CallStatus.OPEN, CallStatus.IN_PROGRESS):
            found = Call.objects.with_status(candidate, at=at).filter(pk=call.pk).exists()
            assert found == (candidate == status), (at, candidate)


def test_staff_states_win_over_the_clock():
    resolved, cancelled = call_resolved(), call_cancelled()
    assert resolved.status == CallStatus.RESOLVED
    assert cancelled.status == CallStatus.CANCELLED
    assert list(Call.objects.resolved()) == [resolved]
    assert list(Call.objects.cancelled()) == [cancelled]
    assert not Call.objects.open().filter(pk=cancelled.pk).exists()


def test_a_draft_is_in_no_public_list():
    draft = CallFactory(published=False)
    assert draft.status == CallStatus.DRAFT
    for status in (CallStatus.UPCOMING, CallStatus.OPEN, CallStatus.IN_PROGRESS):
        assert not Call.objects.with_status(status).filter(pk=draft.pk).exists()


def test_period_follows_a_change_of_dates_when_a_draft_is_saved():
    call = CallFactory(published=False)
    call.closes_on = call.closes_on + timedelta(days=7)
    services.call_draft_save(call=call, by=publisher_get())
    call.refresh_from_db()
    assert call.last_day >= call.closes_on
