"""Documents' background work: the stored files nobody refers to."""

import logging

from celery import shared_task

from documents import orphans

logger = logging.getLogger(__name__)


@shared_task(name="documents.orphans_delete", acks_late=True)
def orphans_delete() -> None:
    deleted = orphans.orphans_delete()
    logger.info("Orphan files: %s deleted", len(deleted))
