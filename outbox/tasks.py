"""The outbox's tasks: deliver one mail after its commit, and every due mail each minute."""

from celery import shared_task

from outbox import services


@shared_task(name="outbox.deliver", acks_late=True)
def deliver(mail_id: int) -> None:
    services.deliver([mail_id])


@shared_task(name="outbox.deliver_due", acks_late=True)
def deliver_due() -> None:
    services.deliver_due()


@shared_task(name="outbox.purge", acks_late=True)
def purge() -> None:
    services.purge()
