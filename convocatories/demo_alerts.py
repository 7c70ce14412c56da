"""Demo alert subscriptions, so that `convocatories_send_alerts` has something
to send right after `seed_demo`.

They are in demo_data/alerts.toml: the demo citizen (linked to the account)
and an address with no account, each following new calls of some kinds and
every phase of one call, confirmed some days before the demo is loaded.

Idempotent: a subscription already there (in any state) is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from convocatories.models import AlertScope, AlertSubscription, Call
from seu.demo import demo_data

_DATA = demo_data("convocatories", "alerts")
CONFIRMED_DAYS_AGO = _DATA["confirmed_days_ago"]
ANONYMOUS_EMAIL = _DATA["anonymous_email"]


def seed_alerts(*, citizen) -> int:
    """Add the demo subscriptions that are missing; returns how many were added."""
    confirmed_at = timezone.now() - timedelta(days=CONFIRMED_DAYS_AGO)
    added = 0
    for spec in _DATA["subscriptions"]:
        user = citizen if spec["who"] == "citizen" else None
        email = citizen.email if user else ANONYMOUS_EMAIL
        slug = spec.get("call")
        call = Call.objects.published().filter(slug=slug).first() if slug else None
        if slug and call is None:
            continue
        scope = AlertScope.CALL_PHASES if call else AlertScope.NEW_CALLS
        if AlertSubscription.objects.filter(email=email, scope=scope, call=call).exists():
            continue
        AlertSubscription.objects.create(
            email=email,
            user=user,
            language=spec["language"],
            scope=scope,
            kinds=spec.get("kinds", []),
            call=call,
            confirmed_at=confirmed_at,
        )
        added += 1
    return added
