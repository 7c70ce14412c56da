"""The administrators hear of an error once per window, not once per request."""

import logging
import sys

from django.db import OperationalError

from seu.logfilters import OncePerWindow


def record(message="Internal Server Error: %s", error=OperationalError, name="django.request"):
    try:
        raise error("the database is gone")
    except error:
        info = sys.exc_info()
    return logging.LogRecord(name, logging.ERROR, __file__, 1, message, ("/ca/",), info)


def test_the_same_error_is_mailed_once_per_window(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("seu.logfilters.time.monotonic", lambda: clock[0])
    once = OncePerWindow(seconds=300)

    passed = [once.filter(record()) for _ in range(50)]
    assert passed == [True] + [False] * 49

    # Another error, or another logger, is news.
    assert once.filter(record(error=ValueError))
    assert once.filter(record(name="tauler.views"))

    # Five minutes later the outage is told again.
    clock[0] += 300
    assert once.filter(record())


def test_errors_without_an_exception_are_told_apart_by_their_whole_message():
    once = OncePerWindow(seconds=300)

    def swapped(number):
        return logging.LogRecord(
            "tauler.views", logging.ERROR, __file__, 1, "File of notice %s swapped", (number,), None
        )

    assert once.filter(swapped("2026/000003"))
    assert once.filter(swapped("2026/000004"))
    assert not once.filter(swapped("2026/000003"))
