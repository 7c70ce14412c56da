"""Tràmits' background work: sealing receipts off the citizen's request."""

from celery import shared_task

from tramits import services
from tramits.models import RegistryEntry


@shared_task(name="tramits.receipt_issue", acks_late=True)
def receipt_issue(entry_id: int) -> None:
    entry = RegistryEntry.objects.filter(pk=entry_id).first()
    if entry is not None:
        services.receipt_issue(entry=entry)


@shared_task(name="tramits.receipts_missing", acks_late=True)
def receipts_missing() -> None:
    services.receipts_missing_issue()
