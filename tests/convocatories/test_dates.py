"""The date phrases of the call pages, in Catalan, Spanish and English."""

from datetime import date, time

import pytest
from django.template import Context, Template
from django.utils import translation

from convocatories.dates import (
    at_time_words,
    date_words,
    days_left_words,
    on_date_words,
    period_words,
    until_words,
)

DECEMBER_15 = date(2026, 12, 15)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ca", "fins al 15 de desembre de 2026 a les 23:59"),
        ("es", "hasta el 15 de diciembre de 2026 a las 23:59"),
        ("en", "until 15 December 2026 at 23:59"),
    ],
)
def test_until_words_in_each_language(language, expected):
    assert until_words(DECEMBER_15, language=language) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 20), "fins al 20 d'abril de 2026 a les 23:59"),
        (date(2026, 8, 3), "fins al 3 d'agost de 2026 a les 23:59"),
        (date(2026, 10, 1), "fins a l'1 d'octubre de 2026 a les 23:59"),
        (date(2026, 5, 11), "fins a l'11 de maig de 2026 a les 23:59"),
        (date(2026, 3, 9), "fins al 9 de març de 2026 a les 23:59"),
    ],
)
def test_catalan_elides_de_and_the_article_before_vowels(day, expected):
    assert until_words(day, language="ca") == expected


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("ca", date(2026, 10, 1), "l'1 d'octubre de 2026"),
        ("ca", date(2026, 1, 7), "el 7 de gener de 2026"),
        ("es", date(2026, 10, 1), "el 1 de octubre de 2026"),
        ("en", date(2026, 10, 1), "on 1 October 2026"),
    ],
)
def test_on_date_words(language, day, expected):
    assert on_date_words(day, language=language) == expected


def test_date_words_without_an_article():
    assert date_words(date(2026, 8, 31), language="ca") == "31 d'agost de 2026"
    assert date_words(date(2026, 8, 31), language="es") == "31 de agosto de 2026"
    assert date_words(date(2026, 8, 31), language="en") == "31 August 2026"


def test_one_o_clock_takes_the_singular_article():
    assert at_time_words(time(1, 15), language="ca") == "a la 1:15"
    assert at_time_words(time(1, 15), language="es") == "a la 1:15"
    assert at_time_words(time(9, 30), language="ca") == "a les 9:30"
    assert at_time_words(time(9, 30), language="en") == "at 09:30"


@pytest.mark.parametrize(
    ("language", "left", "expected"),
    [
        ("ca", 3, "queden 3 dies"),
        ("ca", 1, "queda 1 dia"),
        ("ca", 0, "avui és l'últim dia"),
        ("es", 3, "quedan 3 días"),
        ("es", 1, "queda 1 día"),
        ("es", 0, "hoy es el último día"),
        ("en", 3, "3 days left"),
        ("en", 1, "1 day left"),
        ("en", 0, "last day today"),
    ],
)
def test_days_left(language, left, expected):
    today = date(2026, 12, 12)
    last = date(2026, 12, 12 + left)
    assert days_left_words(last, today=today, language=language) == expected


def test_no_days_left_once_the_day_is_past():
    assert days_left_words(date(2026, 12, 1), today=date(2026, 12, 2), language="en") == ""


def test_unknown_language_falls_back_to_english():
    assert until_words(DECEMBER_15, language="fr") == "until 15 December 2026 at 23:59"


def test_filters_follow_the_active_language():
    template = Template("{% load convocatories %}{{ day|until_words }}")
    with translation.override("ca"):
        assert template.render(Context({"day": DECEMBER_15})) == (
            "fins al 15 de desembre de 2026 a les 23:59"
        )
    with translation.override("es"):
        assert template.render(Context({"day": DECEMBER_15})) == (
            "hasta el 15 de diciembre de 2026 a las 23:59"
        )


@pytest.mark.parametrize(
    ("language", "first", "last", "expected"),
    [
        (
            "ca",
            date(2026, 12, 2),
            date(2026, 12, 15),
            "del 2 de desembre de 2026 al 15 de desembre de 2026 a les 23:59",
        ),
        (
            "ca",
            date(2026, 10, 1),
            date(2026, 11, 11),
            "de l'1 d'octubre de 2026 a l'11 de novembre de 2026 a les 23:59",
        ),
        (
            "es",
            date(2026, 10, 1),
            date(2026, 11, 11),
            "del 1 de octubre de 2026 al 11 de noviembre de 2026 a las 23:59",
        ),
        (
            "en",
            date(2026, 10, 1),
            date(2026, 11, 11),
            "from 1 October 2026 to 11 November 2026 at 23:59",
        ),
    ],
)
def test_period_words(language, first, last, expected):
    assert period_words(first, last, language=language) == expected
