import datetime

import pytest
from django.utils import formats, translation


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 4, 3), "3 d'abril de 2026"),
        (datetime.date(2026, 10, 1), "1 d'octubre de 2026"),
        (datetime.date(2026, 12, 24), "24 de desembre de 2026"),
        (datetime.date(2027, 1, 6), "6 de gener de 2027"),
    ],
)
def test_catalan_dates_carry_the_preposition_before_the_month(day, expected):
    with translation.override("ca"):
        assert formats.date_format(day, "DATE_FORMAT") == expected


def test_spanish_dates_are_unchanged():
    with translation.override("es"):
        assert (
            formats.date_format(datetime.date(2026, 8, 3), "DATE_FORMAT") == "3 de agosto de 2026"
        )
