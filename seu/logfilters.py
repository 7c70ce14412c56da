"""Logging filters of the seu."""

import logging
import threading
import time


class OncePerWindow(logging.Filter):
    """Let the same error through once per `seconds` (per process).

    For the handler that mails the administrators: while the database is
    down every request logs the same error, and each would otherwise be a
    mail sent from inside that request. "The same" is the logger with the
    exception's type and the message's template when there is an exception
    (every page of an outage), else the logger and the whole message (a
    swapped file of one notice is not another notice's).
    """

    def __init__(self, seconds: int = 300):
        super().__init__()
        self.seconds = seconds
        self._last: dict[tuple, float] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0]:
            key = (record.name, record.exc_info[0].__name__, str(record.msg))
        else:
            key = (record.name, "", record.getMessage())
        now = time.monotonic()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < self.seconds:
                return False
            if len(self._last) > 1000:
                self._last.clear()
            self._last[key] = now
        return True

    def forget(self) -> None:
        with self._lock:
            self._last.clear()
