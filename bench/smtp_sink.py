"""A local SMTP server that accepts every mail and counts it, for the mail timings.

bench/submission.py and bench/outbox_delivery.py start it with `SmtpSink`:

    with SmtpSink() as sink:
        sink.use_for_django()  # Django's SMTP backend, to 127.0.0.1:sink.port
        ...                    # send mails
    sink.received              # {Message-ID: how many times it arrived}
    sink.bytes                 # the size of all the messages it got

It is this file run as a process of its own (aiosmtpd), so that the server's
work does not share the interpreter lock with the deliveries being timed. It
prints its port, answers 250 to every message, counts them by Message-ID, and
when its standard input closes it stops and prints the counts as one JSON
line, with their total size. It keeps nothing else: the bench only needs to
know that each mail arrived, and how many times.
"""

import json
import socket
import subprocess
import sys
from collections import Counter

HOST = "127.0.0.1"
START_TRIES = 5


class CountingHandler:
    def __init__(self):
        self.message_ids = Counter()
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        from email.parser import BytesHeaderParser

        content = envelope.original_content or envelope.content
        headers = BytesHeaderParser().parsebytes(content)
        self.bytes += len(content)
        self.message_ids[(headers.get("Message-ID") or "").strip()] += 1
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def serve():
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    # Another process may take the free port before the server binds it: try again.
    for attempt in range(START_TRIES):
        port = free_port()
        # server_hostname: the server's own name, so that it does not look its FQDN up.
        controller = Controller(handler, hostname=HOST, port=port, server_hostname="bench-sink")
        try:
            controller.start()
            break
        except Exception:
            if attempt == START_TRIES - 1:
                raise
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()
    print(json.dumps({"message_ids": handler.message_ids, "bytes": handler.bytes}), flush=True)


class SmtpSink:
    """The server above in a child process, for the length of a `with` block."""

    def __init__(self):
        self.process = None
        self.port = None
        self.received = None
        self.bytes = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line.strip().isdigit():
            self.process.kill()
            raise RuntimeError(f"the local SMTP server did not start (it said {line!r})")
        self.port = int(line)
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()
        output = self.process.stdout.read()
        self.process.wait(timeout=10)
        if exc[0] is None:
            counts = json.loads(output)
            self.received = Counter(counts["message_ids"])
            self.bytes = counts["bytes"]

    def use_for_django(self):
        """Django's SMTP backend, to this server: plain SMTP, no login."""
        from django.conf import settings

        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = HOST
        settings.EMAIL_PORT = self.port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False

    def missing_or_repeated(self, message_ids):
        """What went wrong for these mails: "3 never arrived, 1 arrived twice", or ""."""
        counts = [self.received.get(message_id, 0) for message_id in message_ids]
        problems = []
        if missing := sum(1 for count in counts if count == 0):
            problems.append(f"{missing} never arrived")
        if repeated := sum(1 for count in counts if count > 1):
            problems.append(f"{repeated} arrived more than once")
        return ", ".join(problems)


if __name__ == "__main__":
    serve()
