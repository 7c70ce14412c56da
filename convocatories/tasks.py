"""The calls' background work: the daily digests of their alerts."""

import logging

from celery import shared_task

from convocatories.digests import alerts_send as digests_send

logger = logging.getLogger(__name__)


@shared_task(name="convocatories.alerts_send", acks_late=True)
def alerts_send() -> None:
    report = digests_send()
    if report.failed:
        logger.error("Alert digests not written for %s address(es)", len(report.failed))
