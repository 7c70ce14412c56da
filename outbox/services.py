"""Writing mails to the outbox and delivering them.

- `mail_queue` writes a mail in the caller's transaction and asks for its
  delivery once that transaction commits.
- `deliver` sends given mails, `deliver_due` every mail whose time has come.
  A mail is claimed before it is sent (a conditional UPDATE, so one delivery
  has it at a time) and is sent at most once: it is marked sent right after
  the server accepted it. A worker killed between the two would send it again
  after the claim lapses, with the same Message-ID.
- A failed attempt waits BACKOFF_FIRST, doubling each time up to BACKOFF_MAX;
  a day after it was written, or sent again by staff (GIVE_UP_AFTER), the
  mail is marked failed. A
  recipient the server refuses for good (5xx) fails at once. While the server
  cannot be reached, each run of `deliver_due` makes one attempt; as soon as
  one mail goes through, every mail that waited for the server goes with it.
- Staff send a failed mail again from the back office (`send_again`).
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from outbox.choices import Failure, MailState
from outbox.models import Mail
from seu import background

logger = logging.getLogger(__name__)

BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=2)
GIVE_UP_AFTER = timedelta(days=1)
# At most this many mails per run of deliver_due (it runs every minute).
BATCH = 500
# The text of a sent mail is kept this long, for staff to see what was sent.
KEEP_TEXT = timedelta(days=30)


def _claim_seconds() -> int:
    # Long enough for one slow send (connect, then the message) to finish.
    return 3 * settings.EMAIL_TIMEOUT + 30


def mail_queue(
    *,
    kind: str,
    to: list[str] | str,
    subject: str,
    body: str,
    html: str = "",
    headers: dict | None = None,
    language: str = "",
    about=None,
    secret: bool = False,
) -> Mail:
    """Write a mail in the current transaction; it is delivered after the commit."""
    recipients = [to] if isinstance(to, str) else list(to)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or None
    now = timezone.now()
    mail = Mail.objects.create(
        created_at=now,
        tries_since=now,
        next_attempt_at=now,
        kind=kind,
        recipients=recipients,
        from_email=settings.DEFAULT_FROM_EMAIL,
        language=language,
        # A subject line is one line, whatever a translation does.
        subject=" ".join(subject.split()),
        body=body,
        html=html,
        headers=headers or {},
        message_id=make_msgid(domain=domain),
        secret=secret,
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=str(about.pk) if about is not None else "",
    )
    from outbox import tasks

    background.after_commit(tasks.deliver, mail.pk)
    return mail


def backoff(attempts: int) -> timedelta:
    """How long a mail waits after its `attempts`-th failed attempt."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0  # given up
    waiting: int = 0  # will be tried again

    def add(self, other: "Delivery") -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.waiting += other.waiting


def _claim(pk: int, now: datetime, *, due_only: bool) -> Mail | None:
    claimable = Mail.objects.filter(pk=pk, state=MailState.PENDING).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if due_only:
        claimable = claimable.filter(next_attempt_at__lte=now)
    if not claimable.update(claimed_until=now + timedelta(seconds=_claim_seconds())):
        return None
    return Mail.objects.get(pk=pk)


def _message(mail: Mail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.recipients,
        headers={**mail.headers, "Message-ID": mail.message_id},
        connection=connection,
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    return message


def _refused_for_good(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    return False


def _failure_kind(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
        return Failure.REFUSED
    return Failure.CONNECTION


def _record_failure(mail: Mail, error: Exception, now: datetime) -> Delivery:
    attempts = mail.attempts + 1
    text = f"{type(error).__name__}: {error}"[:2000]
    give_up = _refused_for_good(error) or now - mail.tries_since >= GIVE_UP_AFTER
    Mail.objects.filter(pk=mail.pk).update(
        attempts=attempts,
        failure=_failure_kind(error),
        last_error=text,
        claimed_until=None,
        next_attempt_at=now + backoff(attempts),
        state=MailState.FAILED if give_up else MailState.PENDING,
        failed_at=now if give_up else None,
    )
    if give_up:
        logger.error(
            "Mail %s (%s) given up after %s attempts: %s", mail.pk, mail.kind, attempts, text
        )
        return Delivery(failed=1)
    logger.warning("Mail %s (%s) not sent, attempt %s: %s", mail.pk, mail.kind, attempts, text)
    return Delivery(waiting=1)


def _record_sent(mail: Mail, now: datetime) -> None:
    Mail.objects.filter(pk=mail.pk).update(
        state=MailState.SENT,
        sent_at=now,
        attempts=F("attempts") + 1,
        claimed_until=None,
        failure="",
        last_error="",
    )


class _Connection:
    """One SMTP connection for a run, opened on the first mail that needs it."""

    def __init__(self):
        self.backend = get_connection(fail_silently=False)
        self.opened = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self.opened:
            self.opened = False
            try:
                self.backend.close()
            except Exception:
                logger.warning("The mail connection did not close cleanly", exc_info=True)

    def send(self, mail: Mail) -> None:
        if not self.opened:
            self.backend.open()
            self.opened = True
        _message(mail, self.backend).send()


def _deliver_claimed(mail: Mail, connection: _Connection, now: datetime) -> tuple[Delivery, str]:
    """Send one claimed mail; the outcome and, when it failed, why."""
    try:
        connection.send(mail)
    except Exception as error:
        # The connection may be broken: the next mail opens a new one.
        connection.close()
        return _record_failure(mail, error, now), _failure_kind(error)
    _record_sent(mail, now)
    return Delivery(sent=1), ""


def deliver(ids, *, due_only: bool = False, now: datetime | None = None) -> Delivery:
    """Send these mails, those still waiting and not in another delivery's
    hands; stop at the first that finds the server unreachable. `now` is the
    clock's time unless given (a test, a run judged at one moment)."""
    result = Delivery()
    with _Connection() as connection:
        for pk in ids:
            at = now or timezone.now()
            mail = _claim(pk, at, due_only=due_only)
            if mail is None:
                continue
            outcome, failure = _deliver_claimed(mail, connection, at)
            result.add(outcome)
            if failure == Failure.CONNECTION:
                break
    return result


def _pending(now: datetime):
    return Mail.objects.filter(state=MailState.PENDING).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def deliver_due(*, now: datetime | None = None) -> Delivery:
    """Send every mail whose time has come (the sweep runs this every minute).

    When none is due but some wait for an unreachable server, the one due
    soonest is tried (one attempt per run); once a mail goes through, those
    that waited for the server go too."""
    now = now or timezone.now()
    due = list(
        _pending(now)
        .filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    if not due:
        probe = (
            _pending(now)
            .filter(failure=Failure.CONNECTION)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if probe is None:
            return Delivery()
        result = deliver([probe], now=now)
    else:
        result = deliver(due, due_only=True, now=now)
    if result.sent:
        waited = list(
            _pending(now)
            .filter(failure=Failure.CONNECTION)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if waited:
            result.add(deliver(waited, now=now))
    return result


def send_again(mails) -> int:
    """Staff's "send again": failed or waiting mails go back to the queue now."""
    now = timezone.now()
    ids = list(
        Mail.objects.filter(pk__in=[m.pk for m in mails])
        .exclude(state=MailState.SENT)
        .values_list("pk", flat=True)
    )
    # A new day of tries, from now.
    Mail.objects.filter(pk__in=ids).update(
        state=MailState.PENDING,
        tries_since=now,
        next_attempt_at=now,
        failed_at=None,
        claimed_until=None,
    )
    from outbox import tasks

    for pk in ids:
        background.after_commit(tasks.deliver, pk)
    return len(ids)


def purge(*, now: datetime | None = None) -> int:
    """Forget the text of mails sent more than KEEP_TEXT ago (their subject,
    recipients and times stay, as the record of what was sent)."""
    now = now or timezone.now()
    return Mail.objects.filter(
        state=MailState.SENT, sent_at__lt=now - KEEP_TEXT, text_forgotten_at__isnull=True
    ).update(body="", html="", text_forgotten_at=now)


def address_forget(email: str) -> int:
    """An account closed: its mails lose their address and text, and those
    still waiting are not sent. Mails to several people (staff) are left."""
    now = timezone.now()
    mails = Mail.objects.filter(recipients=[email])
    mails.filter(state=MailState.PENDING).update(
        state=MailState.FAILED, failed_at=now, last_error="The account was closed."
    )
    return mails.update(recipients=[], body="", html="", text_forgotten_at=now, claimed_until=None)
