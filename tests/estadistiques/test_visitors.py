"""Salts: one per Europe/Madrid day (or month), shared by processes, deleted when over."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from estadistiques import visitors
from estadistiques.models import Salt
from tests.estadistiques.traffic import FIREFOX, madrid

pytestmark = pytest.mark.django_db


def test_one_salt_per_day_and_the_same_all_day():
    morning = visitors.salt_for(madrid(10, 0, 0))
    evening = visitors.salt_for(madrid(10, 23, 59, 59))
    assert morning == evening
    salt = Salt.objects.get()
    assert salt.period_key == "2025-03-10"
    assert salt.ends_at == madrid(11, 0, 0)
    assert bytes.fromhex(salt.value) == morning


def test_a_new_day_gets_a_new_salt_and_deletes_the_old_one():
    first = visitors.salt_for(madrid(10, 23, 59, 59))
    second = visitors.salt_for(madrid(11, 0, 0))
    assert first != second
    assert list(Salt.objects.values_list("period_key", flat=True)) == ["2025-03-11"]


def test_the_same_person_gets_another_key_the_next_day():
    today = visitors.visitor_key(visitors.salt_for(madrid(10, 12, 0)), "192.0.2.1", FIREFOX)
    again = visitors.visitor_key(visitors.salt_for(madrid(10, 18, 0)), "192.0.2.1", FIREFOX)
    tomorrow = visitors.visitor_key(visitors.salt_for(madrid(11, 12, 0)), "192.0.2.1", FIREFOX)
    assert today == again != tomorrow
    assert len(today) == 32


def test_the_day_is_the_day_in_madrid_not_utc():
    # 23:30 UTC on 9 March is 00:30 on 10 March in Madrid.
    from datetime import UTC, datetime

    visitors.salt_for(datetime(2025, 3, 9, 23, 30, tzinfo=UTC))
    assert Salt.objects.get().period_key == "2025-03-10"


def test_a_monthly_salt_lasts_the_month(settings):
    settings.STATS_SALT_PERIOD = "month"
    first = visitors.salt_for(madrid(1, 0, 0))
    last = visitors.salt_for(madrid(31, 23, 59))
    assert first == last
    salt = Salt.objects.get()
    assert (salt.period_key, salt.ends_at) == ("2025-03", madrid(1, 0, 0, month=4))
    visitors.salt_for(madrid(1, 0, 0, month=4))
    assert list(Salt.objects.values_list("period_key", flat=True)) == ["2025-04"]


def test_processes_share_the_salt_through_the_database():
    mine = visitors.salt_for(madrid(10, 9, 0))
    # Another process: nothing in its memory nor (say, no Redis) in its cache.
    visitors.forget()
    cache.clear()
    assert visitors.salt_for(madrid(10, 9, 1)) == mine


def test_the_shared_cache_spares_the_query(django_assert_num_queries):
    visitors.salt_for(madrid(10, 9, 0))
    visitors.forget()
    with django_assert_num_queries(0):
        visitors.salt_for(madrid(10, 9, 5))


def test_a_process_that_remembers_the_salt_makes_no_query(django_assert_num_queries):
    visitors.salt_for(madrid(10, 9, 0))
    with django_assert_num_queries(0):
        for minute in range(10):
            visitors.salt_for(madrid(10, 9, 0) + timedelta(minutes=minute))


def test_expired_salts_are_purged_with_the_next_period():
    Salt.objects.create(period_key="2025-03-01", value="00" * 32, ends_at=madrid(2, 0, 0))
    Salt.objects.create(period_key="2025-03-09", value="11" * 32, ends_at=madrid(10, 0, 0))
    visitors.salt_for(madrid(10, 8, 0))
    assert list(Salt.objects.values_list("period_key", flat=True)) == ["2025-03-10"]


def test_a_salt_made_by_another_process_meanwhile_is_used(monkeypatch):
    # The other process's row appears between our look-up and our insert.
    theirs = "ab" * 32
    Salt.objects.create(period_key="2025-03-10", value=theirs, ends_at=madrid(11, 0, 0))
    monkeypatch.setattr(visitors, "_existing_salt", lambda key: None)
    assert visitors.salt_for(madrid(10, 9, 0)) == bytes.fromhex(theirs)
    assert Salt.objects.get().value == theirs
