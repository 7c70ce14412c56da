"""The one gapless yearly counter every numbered series of the seu takes from."""

import pytest
from django.db import transaction

from corporativa.models import NumberSeries
from corporativa.numbering import last_number, number_take

pytestmark = pytest.mark.django_db


def take(series, year):
    with transaction.atomic():
        return number_take(series=series, year=year)


def test_each_series_and_year_counts_from_one_on_its_own():
    assert [take(NumberSeries.REGISTRY_IN, 2026) for _ in range(3)] == [1, 2, 3]
    assert take(NumberSeries.NOTICES, 2026) == 1
    assert take(NumberSeries.REGISTRY_IN, 2027) == 1
    assert last_number(series=NumberSeries.REGISTRY_IN, year=2026) == 3
    assert last_number(series=NumberSeries.NOTICES, year=2025) == 0


def test_a_rolled_back_number_is_given_again():
    take(NumberSeries.NOTICES, 2026)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert number_take(series=NumberSeries.NOTICES, year=2026) == 2
        1 / 0  # noqa: B018

    assert take(NumberSeries.NOTICES, 2026) == 2


def test_a_number_is_only_taken_inside_the_transaction_that_stores_it(transactional_db):
    with pytest.raises(RuntimeError, match="inside a transaction"):
        number_take(series=NumberSeries.NOTICES, year=2026)


def test_an_entry_made_now_takes_its_time_after_the_number_and_its_year_from_that_time(
    monkeypatch,
):
    from datetime import UTC, datetime

    from django.utils import timezone

    from corporativa.numbering import number_and_time_take

    # The old year's last instant, then (while the lock was awaited) the new year's first.
    moments = iter(
        [
            datetime(2026, 12, 31, 22, 59, 59, 999000, tzinfo=UTC),
            datetime(2026, 12, 31, 23, 0, 0, 1000, tzinfo=UTC),
            datetime(2026, 12, 31, 23, 0, 0, 2000, tzinfo=UTC),
            datetime(2026, 12, 31, 23, 0, 0, 3000, tzinfo=UTC),
        ]
    )
    monkeypatch.setattr(timezone, "now", lambda: next(moments))

    with transaction.atomic():
        year, number, at = number_and_time_take(series=NumberSeries.REGISTRY_IN)

    assert (year, number) == (2027, 1)
    assert at == datetime(2026, 12, 31, 23, 0, 0, 3000, tzinfo=UTC)
    # The old year's counter was locked but never moved: no gap in 2026.
    assert last_number(series=NumberSeries.REGISTRY_IN, year=2026) == 0
