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
