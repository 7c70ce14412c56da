"""The daily digests of the calls' e-mail alerts (convocatories.alerts subscribes).

Digests (`alerts_send`, run by `manage.py convocatories_send_alerts`):

- At most one mail a day (Europe/Madrid) per address, grouping everything due
  for all its subscriptions. The `AlertDigest` row, unique per (email, day),
  is the claim a run takes before sending; an item published after that day's
  digest waits for the next day's.
- Every (subscription, item) sent gets an `AlertDelivery` row, unique per
  pair, so an item is never sent twice to one subscription.
- An address is claimed, its deliveries written and its mail written to the
  outbox inside one transaction: all three exist or none does. The outbox
  delivers the mail after the commit, once, retrying while the mail server is
  away (outbox.services).
- Two runs at once: on PostgreSQL the second skips the subscriptions the first
  has locked (SELECT ... FOR UPDATE SKIP LOCKED) and then finds the day's claim
  taken. SQLite has one writer at a time: the claim is the transaction's first
  write, so the second run waits for the first to commit, then hits the unique
  claim and skips the address (or gives up on "database is locked" and leaves
  it for the next run).
- An item counts for a subscription if it was published after the subscription
  was confirmed and within LOOKBACK of the run (a run after a long pause does
  not mail old news).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from convocatories.alerts import mail_send, pending_purge, site_url, unsubscribe_token_make
from convocatories.calendars import period_days
from convocatories.choices import CallStatus
from convocatories.models import (
    AlertDelivery,
    AlertDigest,
    AlertScope,
    AlertSubscription,
    Call,
    Phase,
)
from corporativa.business_days import official_day
from outbox.choices import MailKind

logger = logging.getLogger(__name__)

# An item counts for a subscription only if it was published within this time
# before the run: a run after a long pause does not mail old news.
LOOKBACK = timedelta(days=30)


@dataclass
class Due:
    subscription: AlertSubscription
    calls: list[Call] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.calls) + len(self.phases)


@dataclass
class Sent:
    email: str
    items: int
    subscriptions: int
    lines: list[str]


@dataclass
class Report:
    sent: list[Sent] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    purged: int = 0


def due_by_address(*, at: datetime) -> dict[str, list[Due]]:
    """What each address should get today, read in a handful of queries."""
    day = official_day(at)
    subscriptions = list(
        AlertSubscription.objects.active()
        .exclude(email__in=AlertDigest.objects.filter(day=day).values("email"))
        .select_related("call")
        .order_by("email", "pk")
    )
    if not subscriptions:
        return {}
    horizon = at - LOOKBACK
    news = [s for s in subscriptions if s.scope == AlertScope.NEW_CALLS]
    follows = [s for s in subscriptions if s.scope == AlertScope.CALL_PHASES]

    calls: list[Call] = []
    if news:
        since = max(horizon, min(s.confirmed_at for s in news))
        kinds = {kind for s in news for kind in s.kinds}
        calls = list(
            Call.objects.public(at=at)
            .filter(published_at__gt=since, kind__in=kinds)
            .select_related("department")
            .order_by("published_at", "pk")
        )
    phases: list[Phase] = []
    if follows:
        since = max(horizon, min(s.confirmed_at for s in follows))
        phases = list(
            Phase.objects.filter(
                call__in=Call.objects.public(at=at),
                call_id__in={s.call_id for s in follows},
                published_at__gt=since,
                published_at__lte=at,
            )
            .select_related("call")
            .order_by("published_at", "date", "pk")
        )
    if not calls and not phases:
        return {}
    delivered = set(
        AlertDelivery.objects.filter(
            Q(new_call__in=[c.pk for c in calls]) | Q(phase__in=[p.pk for p in phases])
        ).values_list("subscription_id", "new_call_id", "phase_id")
    )
    by_address: dict[str, list[Due]] = defaultdict(list)
    for subscription in subscriptions:
        due = Due(subscription)
        since = subscription.confirmed_at
        if subscription.scope == AlertScope.NEW_CALLS:
            due.calls = [
                c
                for c in calls
                if c.kind in subscription.kinds
                and c.published_at > since
                and (subscription.pk, c.pk, None) not in delivered
            ]
        else:
            due.phases = [
                p
                for p in phases
                if p.call_id == subscription.call_id
                and p.published_at > since
                and (subscription.pk, None, p.pk) not in delivered
            ]
        if due.count:
            by_address[subscription.email].append(due)
    return dict(by_address)


def _digest_queue(email: str, dues: list[Due], *, at: datetime, language: str, digest) -> None:
    """Write the digest's mail to the outbox, in the claim's transaction."""
    unsubscribe_all = unsubscribe_token_make([due.subscription for due in dues])
    with translation.override(language):
        site = site_url()
        unsubscribe_url = site + reverse("convocatories:alert-unsubscribe", args=[unsubscribe_all])
        sections = []
        for due in dues:
            subscription = due.subscription
            for call in due.calls:
                call.alert_url = site + call.get_absolute_url()
                call.alert_status = CallStatus(call.status_at(at)).label
                days = period_days(call)
                call.alert_last_day = days[1] if days else None
            for phase in due.phases:
                phase.alert_url = f"{site}{phase.call.get_absolute_url()}#fase-{phase.pk}"
            sections.append(
                {
                    "subscription": subscription,
                    "call_url": (
                        site + subscription.call.get_absolute_url() if subscription.call else ""
                    ),
                    "calls": due.calls,
                    "phases": due.phases,
                    "unsubscribe_url": site
                    + reverse(
                        "convocatories:alert-unsubscribe",
                        args=[unsubscribe_token_make([subscription])],
                    ),
                }
            )
        count = sum(due.count for due in dues)
        subject = ngettext(
            "Calls of the %(council)s: %(count)s new item",
            "Calls of the %(council)s: %(count)s new items",
            count,
        ) % {"council": settings.SEU_COUNCIL_NAME, "count": count}
        context = {
            "sections": sections,
            "count": count,
            "day": official_day(at),
            "unsubscribe_url": unsubscribe_url,
            "calls_url": site + reverse("convocatories:index"),
        }
        mail_send(
            kind=MailKind.ALERT_DIGEST,
            about=digest,
            to=email,
            subject=subject,
            template="digest",
            context=context,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
                "Precedence": "bulk",
            },
        )


def email_masked(email: str) -> str:
    """An address as the command prints it: "m***@example.cat". Cron mails and
    logs what the command prints, so no full address goes there."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"


def _report_lines(dues: list[Due]) -> list[str]:
    lines = []
    for due in dues:
        lines += [f"new call {c.reference} · {c.title}" for c in due.calls]
        lines += [
            f"phase of {p.call.reference}: {p.display_title} ({p.date.isoformat()})"
            for p in due.phases
        ]
    return lines


class _Skip(Exception):
    pass


def digest_deliver(email: str, dues: list[Due], *, at: datetime) -> Sent | None:
    """Claim, record and send one address's digest, all or nothing.

    Returns None when another run has it (or had it today); raises when the
    mail could not be sent, after rolling everything back.
    """
    day = official_day(at)
    ids = [due.subscription.pk for due in dues]
    try:
        with transaction.atomic():
            live = AlertSubscription.objects.active().filter(pk__in=ids)
            if connection.features.has_select_for_update_skip_locked:
                live = live.select_for_update(skip_locked=True)
            live_ids = set(live.values_list("pk", flat=True))
            dues = [due for due in dues if due.subscription.pk in live_ids]
            if not dues:
                raise _Skip
            language = max(dues, key=lambda d: d.subscription.confirmed_at).subscription.language
            count = sum(due.count for due in dues)
            digest = AlertDigest.objects.create(
                email=email, day=day, sent_at=at, language=language, items=count
            )
            AlertDelivery.objects.bulk_create(
                [
                    AlertDelivery(subscription=due.subscription, digest=digest, new_call=call)
                    for due in dues
                    for call in due.calls
                ]
                + [
                    AlertDelivery(subscription=due.subscription, digest=digest, phase=phase)
                    for due in dues
                    for phase in due.phases
                ]
            )
            _digest_queue(email, dues, at=at, language=language, digest=digest)
    except (_Skip, IntegrityError):
        return None
    except OperationalError:
        # SQLite's "database is locked": another run is writing; try next time.
        logger.warning("Alert digest postponed: the database is busy")
        return None
    return Sent(email=email, items=count, subscriptions=len(dues), lines=_report_lines(dues))


def alerts_send(*, at: datetime | None = None) -> Report:
    """Send every address the digest due today. Safe to run at any time, and twice."""
    at = at or timezone.now()
    report = Report(purged=pending_purge(at=at))
    for email, dues in sorted(due_by_address(at=at).items()):
        try:
            sent = digest_deliver(email, dues, at=at)
        except Exception:
            logger.exception("Could not send an alert digest; it stays due for the next run")
            report.failed.append(email)
            continue
        if sent is None:
            report.skipped.append(email)
        else:
            report.sent.append(sent)
    return report
