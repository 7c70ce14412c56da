"""Email alerts of the calls: subscribe, confirm and unsubscribe.

Anyone subscribes by email, with no account, either to new calls of chosen
kinds or to every new phase of one call. Nothing is sent to an address until
it confirms (double opt-in): the confirmation link is signed, carries no
address, and expires after CONFIRM_MAX_AGE. A logged-in person whose account
address is verified has already proved it, so subscribing that address needs
no second mail, and only then is the subscription linked to the account: a
subscription belongs to whoever holds its address, so an address typed in by
someone else's account is never theirs to see or change.

The daily digests that confirmed subscriptions get are convocatories.digests.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts import ratelimit
from accounts.addresses import canonical_email
from convocatories.choices import CallKind, CallStatus
from convocatories.models import (
    AlertScope,
    AlertSubscription,
    Call,
)
from outbox.choices import MailKind
from outbox.services import mail_queue

logger = logging.getLogger(__name__)

CONFIRM_SALT = "convocatories.alerts.confirm"
UNSUBSCRIBE_SALT = "convocatories.alerts.unsubscribe"
CONFIRM_MAX_AGE = 3 * 24 * 3600
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


def pending_purge(*, at: datetime) -> int:
    """Forget requests nobody confirmed while their link was valid."""
    cutoff = at - timedelta(seconds=CONFIRM_MAX_AGE)
    deleted, _per_model = AlertSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


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


def site_url() -> str:
    return settings.SEU_SITE_URL.rstrip("/")


def mail_send(
    *,
    kind: str,
    to: str,
    subject: str,
    template: str,
    context: dict,
    about,
    headers=None,
) -> None:
    """Write a mail of the alerts to the outbox, as text and HTML, in the
    active language. Its links act for the subscriber (confirm, unsubscribe),
    so the back office does not show its text."""
    context = {"council_name": settings.SEU_COUNCIL_NAME, "site_url": site_url(), **context}
    mail_queue(
        kind=kind,
        to=to,
        subject=subject,
        body=render_to_string(f"convocatories/email/{template}.txt", context),
        html=render_to_string(f"convocatories/email/{template}.html", context),
        headers=headers or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
        about=about,
        secret=True,
    )


def confirmation_send(*, subscription: AlertSubscription, base_url: str) -> bool:
    """Mail the confirmation link; False when the address cap stopped it."""
    if not _address_may_get_mail(subscription.email):
        return False
    with translation.override(subscription.language):
        url = base_url + reverse(
            "convocatories:alert-confirm", args=[confirm_token_make(subscription)]
        )
        mail_send(
            kind=MailKind.ALERT_CONFIRMATION,
            about=subscription,
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
