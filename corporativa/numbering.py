"""Gapless yearly numbering: the registry's entry numbers (Llei 39/2015, art. 16.3
and RD 203/2021, art. 38: a number per entry, in order, without gaps), the
notice board's numbers, and every series added later (the outgoing registry).

One row per series and year holds the last number given. number_take() locks
that row until the caller's transaction ends, so two callers never get the same
number, and a rolled-back caller gives its number back: the series stays
without gaps.
"""

from django.db import transaction

from corporativa.models.numbering import YearlyCounter


def number_take(*, series: str, year: int) -> int:
    """The next number of `series` (a NumberSeries) in `year`, from 1.

    Must run inside the transaction that stores what the number is for.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take() must run inside a transaction")
    YearlyCounter.objects.bulk_create(
        [YearlyCounter(series=series, year=year)], ignore_conflicts=True
    )
    counter = YearlyCounter.objects.select_for_update().get(series=series, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def last_number(*, series: str, year: int) -> int:
    """The last number given in `series` and `year`; 0 before the first."""
    return (
        YearlyCounter.objects.filter(series=series, year=year)
        .values_list("last_number", flat=True)
        .first()
        or 0
    )
