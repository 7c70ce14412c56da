"""Real parts for the tests of background work: mail servers on local ports,
and registrations made the way the site makes them.

- `SmtpSink`: a real SMTP server (aiosmtpd) in a thread of this process, that
  records every message it accepts and can refuse chosen recipients (for good
  with a 5xx reply, or for now with a 4xx one, as greylisting does). It can be
  stopped and started again on the same port: a mail server that went down
  and came back.
- `SilentSmtpServer`: a server that accepts connections and never says a word.
- `submission_register_for`: a citizen's draft of a procedure, registered
  through tramits.services.
"""

import email
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email import policy

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for(check, *, timeout: float, every: float = 0.1, what: str = "the condition"):
    """Call `check` until it returns something true, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout} s for {what}")
        time.sleep(every)


@dataclass(frozen=True)
class Received:
    """A message as the server accepted it."""

    message_id: str
    recipients: tuple[str, ...]  # the envelope's, those the server took
    to: str
    subject: str
    body: str


class RecordingHandler:
    """aiosmtpd's handler: keeps each accepted message, refuses as told."""

    def __init__(self):
        self.received: list[Received] = []
        self.refused: list[tuple[str, str]] = []
        self._refusals: dict[str, list] = {}
        self._lock = threading.Lock()

    def refuse(self, address: str, reply: str, *, times: int | None = None) -> None:
        """Answer RCPT TO:<address> with `reply` (every time, or the next `times`)."""
        with self._lock:
            self._refusals[address.lower()] = [reply, times]

    def accept(self, address: str) -> None:
        with self._lock:
            self._refusals.pop(address.lower(), None)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            rule = self._refusals.get(address.lower())
            if rule is not None and (rule[1] is None or rule[1] > 0):
                if rule[1] is not None:
                    rule[1] -= 1
                self.refused.append((address, rule[0]))
                return rule[0]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        body = message.get_body(preferencelist=("plain",))
        # Django folds a long encoded subject right after "Subject:", and the
        # parser keeps the space of that fold; mail programs drop it.
        subject = str(message["Subject"] or "").strip()
        with self._lock:
            self.received.append(
                Received(
                    message_id=str(message["Message-ID"] or "").strip(),
                    recipients=tuple(envelope.rcpt_tos),
                    to=str(message["To"] or ""),
                    subject=subject,
                    body=body.get_content() if body is not None else "",
                )
            )
        return "250 Message accepted for delivery"


class SmtpSink:
    """A real SMTP server on 127.0.0.1:`port`, started and stopped at will."""

    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self._controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        # server_hostname: the server's own name, so that it does not look its FQDN up.
        controller = Controller(
            self.handler, hostname=HOST, port=self.port, server_hostname="sink.test"
        )
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    @property
    def received(self) -> list[Received]:
        return list(self.handler.received)

    def deliveries(self) -> Counter:
        """How many times each (Message-ID, recipient) arrived."""
        return Counter(
            (message.message_id, recipient)
            for message in self.received
            for recipient in message.recipients
        )

    def use_for_django(self, settings, *, timeout: int = 2) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = HOST
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = timeout


class SilentSmtpServer:
    """Accepts every connection and never writes a byte: a hung mail server."""

    def __init__(self):
        self._listener = socket.create_server((HOST, 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=2)
        self._listener.close()
        for connection in self.accepted:
            connection.close()


def submission_register_for(applicant, procedure):
    """Register `applicant`'s application to `procedure` (one without questions),
    as the review page's "Submit" does."""
    from tramits import services

    draft = services.draft_for(applicant=applicant, procedure=procedure)
    services.draft_save(draft=draft, answers={}, files={})
    return services.submission_register(draft=draft, device_class="desktop")
