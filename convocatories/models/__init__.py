"""Convocatòries: calls with their timeline and documents, the applications made
to them (calls.py), and the e-mail alerts of new calls and phases (alerts.py)."""

from convocatories.models.alerts import (
    AlertDelivery,
    AlertDigest,
    AlertScope,
    AlertSubscription,
    AlertSubscriptionQuerySet,
)
from convocatories.models.calls import (
    Application,
    ApplicationDraft,
    Call,
    CallDocument,
    CallQuerySet,
    Phase,
    application_window,
)

__all__ = [
    "AlertDelivery",
    "AlertDigest",
    "AlertScope",
    "AlertSubscription",
    "AlertSubscriptionQuerySet",
    "Application",
    "ApplicationDraft",
    "Call",
    "CallDocument",
    "CallQuerySet",
    "Phase",
    "application_window",
]
