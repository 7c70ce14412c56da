"""Demo alert subscriptions, so that `convocatories_send_alerts` has something
to send right after `seed_demo`.

Two addresses, both confirmed ten days before the demo is loaded (so what the
demo calls published since then is news to them):

- the demo citizen (ciutadania@mollet.example, linked to the account, in
  Catalan): new public job calls, and every phase of the school caretakers'
  call;
- an address with no account (veina.alertes@example.cat, in Spanish): new
  grants, scholarships and subsidies, and every phase of the young people's
  rent grants.

Idempotent: a subscription already there (in any state) is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from convocatories.choices import CallKind
from convocatories.models import AlertScope, AlertSubscription, Call

CONFIRMED_DAYS_AGO = 10
ANONYMOUS_EMAIL = "veina.alertes@example.cat"

DEMO_SUBSCRIPTIONS = (
    # (who, language, kinds, slug of the followed call)
    ("citizen", "ca", [CallKind.JOB], None),
    ("citizen", "ca", [], "conserges-escoles-2026"),
    (ANONYMOUS_EMAIL, "es", [CallKind.GRANT, CallKind.SCHOLARSHIP, CallKind.SUBSIDY], None),
    (ANONYMOUS_EMAIL, "es", [], "ajuts-lloguer-joves"),
)


def seed_alerts(*, citizen) -> int:
    """Add the demo subscriptions that are missing; returns how many were added."""
    confirmed_at = timezone.now() - timedelta(days=CONFIRMED_DAYS_AGO)
    added = 0
    for who, language, kinds, slug in DEMO_SUBSCRIPTIONS:
        user = citizen if who == "citizen" else None
        email = citizen.email if user else who
        call = Call.objects.published().filter(slug=slug).first() if slug else None
        if slug and call is None:
            continue
        scope = AlertScope.CALL_PHASES if call else AlertScope.NEW_CALLS
        if AlertSubscription.objects.filter(email=email, scope=scope, call=call).exists():
            continue
        AlertSubscription.objects.create(
            email=email,
            user=user,
            language=language,
            scope=scope,
            kinds=kinds,
            call=call,
            confirmed_at=confirmed_at,
        )
        added += 1
    return added
