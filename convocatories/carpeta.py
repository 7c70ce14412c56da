"""Convocatòries in La meva carpeta (the person's alerts) and in the personal data export."""

from convocatories.models import AlertScope, AlertSubscription


def subscriptions_card(request):
    subscriptions = list(
        AlertSubscription.objects.active()
        .of_person(request.user)
        .select_related("call")
        .order_by("scope", "-confirmed_at")
    )
    return {"subscriptions": subscriptions}


def _iso(value):
    return value.isoformat() if value is not None else None


def subscriptions_for_export(user) -> list[dict]:
    """Every alert subscription of the person, live or not, with what it sent."""
    subscriptions = (
        AlertSubscription.objects.of_person(user)
        .select_related("call")
        .prefetch_related("deliveries__digest")
        .order_by("created_at", "pk")
    )
    return [
        {
            "email": s.email,
            "scope": s.scope,
            "kinds": s.kinds if s.scope == AlertScope.NEW_CALLS else None,
            "call": s.call.reference if s.call_id else None,
            "language": s.language,
            "created_at": _iso(s.created_at),
            "confirmed_at": _iso(s.confirmed_at),
            "unsubscribed_at": _iso(s.unsubscribed_at),
            "mails_sent": sorted({_iso(d.digest.sent_at) for d in s.deliveries.all()}),
        }
        for s in subscriptions
    ]
