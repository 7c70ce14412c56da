"""Email alerts of the calls: subscribe, confirm, unsubscribe, and the daily digests.

Anyone subscribes by email, with no account, either to new calls of chosen
kinds or to every new phase of one call. Nothing is sent to an address until
it confirms (double opt-in): the confirmation link is signed, carries no
address, and expires after CONFIRM_MAX_AGE. A logged-in person whose account
address is verified has already proved it, so subscribing that address needs
no second mail, and only then is the subscription linked to the account: a
subscription belongs to whoever holds its address, so an address typed in by
someone else's account is never theirs to see or change.

Digests (`alerts_send`, run by `manage.py convocatories_send_alerts`):

- At most one mail a day (Europe/Madrid) per address, grouping everything due
  for all its subscriptions. The `AlertDigest` row, unique per (email, day),
  is the claim a run takes before sending; an item published after that day's
  digest waits for the next day's.
- Every (subscription, item) sent gets an `AlertDelivery` row, unique per
  pair, so an item is never sent twice to one subscription.
- An address is claimed, its deliveries written and its mail sent inside one
  transaction: a failure to send rolls the claim back and the items stay due
  for the next run. (A crash after the mail left but before the commit would
  send it again; the commit comes right after the send to keep that window
  small.)
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
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import ratelimit
from accounts.addresses import canonical_email
from convocatories.calendars import period_days
from convocatories.choices import CallKind, CallStatus
from convocatories.models import (
    AlertDelivery,
    AlertDigest,
    AlertScope,
    AlertSubscription,
    Call,
    Phase,
)
from corporativa.business_days import official_day

logger = logging.getLogger(__name__)

CONFIRM_SALT = "convocatories.alerts.confirm"
UNSUBSCRIBE_SALT = "convocatories.alerts.unsubscribe"
CONFIRM_MAX_AGE = 3 * 24 * 3600
LOOKBACK = timedelta(days=30)
# The subscribe forms mail whatever address is typed in: at most this many
# confirmation mails per address in the window, past which the page answers
# as usual and nothing leaves (it never tells whether an address is known).
CONFIRMATIONS_PER_ADDRESS = 3
# And at most this many subscribe requests from one network address.
REQUESTS_PER_CLIENT = 10
RATE_WINDOW_SECONDS = 3600


# --- Tokens --------------------------------------------------------------------------


class TokenExpired(Exception):
    """Signed by the seu, but too old."""


class TokenInvalid(Exception):
    """Forged, damaged, or for subscriptions that no longer exist."""


def _fingerprint(email: str) -> str:
    return salted_hmac(CONFIRM_SALT, canonical_email(email), algorithm="sha256").hexdigest()[:16]


def confirm_token_make(subscription: AlertSubscription) -> str:
    payload = {"s": subscription.pk, "e": _fingerprint(subscription.email)}
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(payload)


def confirm_token_subscription(token: str, *, max_age: int | None = None) -> AlertSubscription:
    """The subscription a confirmation link was made for (whatever its state now)."""
    if max_age is None:
        max_age = CONFIRM_MAX_AGE
    try:
        payload = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except (signing.BadSignature, ValueError) as exc:
        raise TokenInvalid from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise TokenInvalid
    subscription = AlertSubscription.objects.select_related("call").filter(pk=payload["s"]).first()
    if subscription is None or not constant_time_compare(
        _fingerprint(subscription.email), str(payload.get("e"))
    ):
        raise TokenInvalid
    return subscription


def unsubscribe_token_make(subscriptions) -> str:
    """A link that cancels these subscriptions (all of one address). It never
    expires: RFC 8058 asks that the link in a mail keep working."""
    subscriptions = list(subscriptions)
    payload = {
        "s": sorted(s.pk for s in subscriptions),
        "e": _fingerprint(subscriptions[0].email),
    }
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(payload)


def unsubscribe_token_subscriptions(token: str) -> list[AlertSubscription]:
    try:
        payload = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError) as exc:
        raise TokenInvalid from exc
    ids = payload.get("s") if isinstance(payload, dict) else None
    if not ids or not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise TokenInvalid
    subscriptions = list(
        AlertSubscription.objects.select_related("call").filter(pk__in=ids[:100]).order_by("pk")
    )
    fingerprint = str(payload.get("e"))
    subscriptions = [
        s for s in subscriptions if constant_time_compare(_fingerprint(s.email), fingerprint)
    ]
    if not subscriptions:
        raise TokenInvalid
    return subscriptions


# --- Subscribing -----------------------------------------------------------------------


class AlreadyDone(Exception):
    """The link was used before: nothing to change."""


def normalise_email(email: str) -> str:
    """The address in the one spelling accounts use too (see accounts.addresses)."""
    return canonical_email(email)


def subscription_request(
    *,
    email: str,
    language: str,
    kinds: list[str] | None = None,
    call: Call | None = None,
    user=None,
    at: datetime | None = None,
) -> AlertSubscription:
    """Record a request for alerts: of new calls of `kinds`, or of the phases of `call`.

    The subscription waits for confirmation, unless `user` is logged in with
    this very address verified: then it is confirmed at once and linked to the
    account. Any other address stays unlinked, whoever asked for it.
    """
    email = normalise_email(email)
    if call is None:
        kinds = [kind for kind in CallKind.values if kind in set(kinds or ())]
        if not kinds:
            raise ValidationError({"kinds": _("Choose at least one kind of call.")})
        scope = AlertScope.NEW_CALLS
    else:
        if call.published_at is None or call.status_at(at) == CallStatus.CANCELLED:
            raise ValidationError(_("This call cannot be followed."))
        kinds, scope = [], AlertScope.CALL_PHASES
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    own_address = (
        user is not None
        and user.is_authenticated
        and user.email_verified_at is not None
        and normalise_email(user.email) == email
    )
    subscription = AlertSubscription.objects.create(
        email=email,
        language=language,
        scope=scope,
        kinds=kinds,
        call=call,
        user=user if own_address else None,
    )
    if own_address:
        return subscription_confirm(subscription=subscription, at=at)
    return subscription


def _live_twin(subscription: AlertSubscription):
    twins = AlertSubscription.objects.active().filter(
        email=subscription.email, scope=subscription.scope
    )
    if subscription.scope == AlertScope.CALL_PHASES:
        twins = twins.filter(call=subscription.call_id)
    return twins.exclude(pk=subscription.pk).select_for_update().first()


@transaction.atomic
def subscription_confirm(
    *, subscription: AlertSubscription, at: datetime | None = None
) -> AlertSubscription:
    """Confirm a pending subscription; returns the live one.

    If the address already has a live subscription of the same target, that one
    takes the new choice of kinds (keeping what it has already been sent) and
    the request is closed as confirmed. The twin keeps its own account link:
    whoever made the request gains nothing over it. A second use raises
    AlreadyDone.
    """
    at = at or timezone.now()
    locked = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
    if locked.confirmed_at is not None or locked.unsubscribed_at is not None:
        raise AlreadyDone
    twin = _live_twin(locked)
    locked.confirmed_at = at
    if twin is None:
        locked.save(update_fields=["confirmed_at"])
        return locked
    locked.unsubscribed_at = at
    locked.save(update_fields=["confirmed_at", "unsubscribed_at"])
    if twin.scope == AlertScope.NEW_CALLS and twin.kinds != locked.kinds:
        twin.kinds = locked.kinds
        twin.save(update_fields=["kinds"])
    return twin


@transaction.atomic
def subscriptions_cancel(*, subscriptions, at: datetime | None = None) -> int:
    """Unsubscribe; returns how many were live. Already cancelled ones stay as they are."""
    at = at or timezone.now()
    return AlertSubscription.objects.filter(
        pk__in=[s.pk for s in subscriptions], unsubscribed_at__isnull=True
    ).update(unsubscribed_at=at)


@transaction.atomic
def account_subscriptions_cancel(*, user, at: datetime | None = None) -> int:
    """Cancel a person's alerts when their account is closed (an accounts.closure
    step): those linked to the account and those sent to its verified address,
    live or still waiting for confirmation. Returns how many were cancelled."""
    at = at or timezone.now()
    theirs = AlertSubscription.objects.filter(user=user) | AlertSubscription.objects.of_person(user)
    return theirs.filter(unsubscribed_at__isnull=True).update(unsubscribed_at=at)


def subscription_kinds_set(*, subscription: AlertSubscription, kinds: list[str]) -> None:
    kinds = [kind for kind in CallKind.values if kind in set(kinds)]
    if subscription.scope != AlertScope.NEW_CALLS or not subscription.is_active:
        raise ValidationError(_("This subscription has no kinds of call to choose."))
    if not kinds:
        raise ValidationError({"kinds": _("Choose at least one kind of call.")})
    subscription.kinds = kinds
    subscription.save(update_fields=["kinds"])


# --- Rate limits -----------------------------------------------------------------------


def client_locked_for(request) -> int:
    """Seconds before this client may ask for alerts again (0: it may now)."""
    return ratelimit.locked_for(ratelimit.make_key("alerts-client", ratelimit.client_ip(request)))


def client_count(request) -> None:
    key = ratelimit.make_key("alerts-client", ratelimit.client_ip(request))
    ratelimit.register_failure(key, limit=REQUESTS_PER_CLIENT, lockout_seconds=RATE_WINDOW_SECONDS)


def _address_may_get_mail(email: str) -> bool:
    key = ratelimit.make_key("alerts-address", normalise_email(email))
    if ratelimit.locked_for(key):
        logger.warning("Not sending another alert confirmation: cap reached for one address")
        return False
    ratelimit.register_failure(
        key, limit=CONFIRMATIONS_PER_ADDRESS, lockout_seconds=RATE_WINDOW_SECONDS
    )
    return True


# --- Mails ---------------------------------------------------------------------------


def _site_url() -> str:
    return settings.SEU_SITE_URL.rstrip("/")


def _send(*, to: str, subject: str, template: str, context: dict, headers=None) -> None:
    context = {"council_name": settings.SEU_COUNCIL_NAME, "site_url": _site_url(), **context}
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"convocatories/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(
        render_to_string(f"convocatories/email/{template}.html", context), "text/html"
    )
    message.send()


def confirmation_send(*, subscription: AlertSubscription, base_url: str) -> bool:
    """Mail the confirmation link; False when the address cap stopped it."""
    if not _address_may_get_mail(subscription.email):
        return False
    with translation.override(subscription.language):
        url = base_url + reverse(
            "convocatories:alert-confirm", args=[confirm_token_make(subscription)]
        )
        _send(
            to=subscription.email,
            subject=_("Confirm your alerts of the calls"),
            template="confirm",
            context={
                "subscription": subscription,
                "confirm_url": url,
                "valid_days": CONFIRM_MAX_AGE // 86400,
            },
            headers={"Auto-Submitted": "auto-generated"},
        )
    return True


# --- Digests ---------------------------------------------------------------------------


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


def _digest_message(email: str, dues: list[Due], *, at: datetime, language: str):
    unsubscribe_all = unsubscribe_token_make([due.subscription for due in dues])
    with translation.override(language):
        site = _site_url()
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
            "council_name": settings.SEU_COUNCIL_NAME,
            "site_url": site,
            "sections": sections,
            "count": count,
            "day": official_day(at),
            "unsubscribe_url": unsubscribe_url,
            "calls_url": site + reverse("convocatories:index"),
        }
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("convocatories/email/digest.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
                "Precedence": "bulk",
            },
        )
        message.attach_alternative(
            render_to_string("convocatories/email/digest.html", context), "text/html"
        )
    return message


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
            _digest_message(email, dues, at=at, language=language).send()
    except (_Skip, IntegrityError):
        return None
    except OperationalError:
        # SQLite's "database is locked": another run is writing; try next time.
        logger.warning("Alert digest postponed: the database is busy")
        return None
    return Sent(email=email, items=count, subscriptions=len(dues), lines=_report_lines(dues))


def pending_purge(*, at: datetime) -> int:
    """Forget requests nobody confirmed while their link was valid."""
    cutoff = at - timedelta(seconds=CONFIRM_MAX_AGE)
    deleted, _per_model = AlertSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


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
