"""Logging filters of the seu."""

import logging
import threading
import time


class OncePerWindow(logging.Filter):
    """Let the same error through once per `seconds` (per process).

    For the handler that mails the administrators: while the database is
    down every request logs the same error, and each would otherwise be a
    mail sent from inside that request. "The same" is the logger, the
    message's template and the exception's type.
    """

    def __init__(self, seconds: int = 300):
        super().__init__()
        self.seconds = seconds
        self._last: dict[tuple, float] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        exc_type = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        key = (record.name, str(record.msg), exc_type)
        now = time.monotonic()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < self.seconds:
                return False
            if len(self._last) > 1000:
                self._last.clear()
            self._last[key] = now
        return True
