"""Gapless yearly numbering: the registry's entry numbers (Llei 39/2015, art. 16.3
and RD 203/2021, art. 38: a number per entry, in order, without gaps), the
notice board's numbers, and every series added later (the outgoing registry).

One row per series and year holds the last number given. number_take() locks
that row until the caller's transaction ends, so two callers never get the same
number, and a rolled-back caller gives its number back: the series stays
without gaps.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from corporativa.business_days import official_day
from corporativa.models.numbering import YearlyCounter


def _locked(*, series: str, year: int) -> YearlyCounter:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a number must be taken inside a transaction")
    YearlyCounter.objects.bulk_create(
        [YearlyCounter(series=series, year=year)], ignore_conflicts=True
    )
    return YearlyCounter.objects.select_for_update().get(series=series, year=year)


def _next(counter: YearlyCounter) -> int:
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def number_take(*, series: str, year: int) -> int:
    """The next number of `series` (a NumberSeries) in `year`, from 1.

    Must run inside the transaction that stores what the number is for.
    """
    return _next(_locked(series=series, year=year))


def number_and_time_take(*, series: str) -> tuple[int, int, datetime]:
    """(year, number, moment) of an entry made now: the moment is read once the
    number's row is locked, so the order of the numbers is the order of the
    times (a caller that waited for the lock gets a later time than the one
    before it). The year is the official one of that moment; if the year turned
    while the lock was awaited, the new year's row is locked and numbered.
    """
    while True:
        year = official_day(timezone.now()).year
        counter = _locked(series=series, year=year)
        at = timezone.now()
        if official_day(at).year == year:
            return year, _next(counter), at


def last_number(*, series: str, year: int) -> int:
    """The last number given in `series` and `year`; 0 before the first."""
    return (
        YearlyCounter.objects.filter(series=series, year=year)
        .values_list("last_number", flat=True)
        .first()
        or 0
    )
