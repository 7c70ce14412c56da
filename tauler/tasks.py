"""The notice board's background work: certificates, ends of notices, the log's checks."""

import contextlib
import io
import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tauler import services
from tauler.certificates import certificate_issue as certificate_for_notice
from tauler.certificates import certificates_missing_issue
from tauler.models import Notice

logger = logging.getLogger(__name__)


@shared_task(name="tauler.certificate_issue", acks_late=True)
def certificate_issue(notice_id: int) -> None:
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is not None:
        certificate_for_notice(notice=notice)


@shared_task(name="tauler.notices_close", acks_late=True)
def notices_close() -> None:
    services.notices_close()
    _issued, failures = certificates_missing_issue()
    for failure in failures:
        logger.error("Publication certificate not issued: %s", failure)


@shared_task(name="tauler.log_verify", acks_late=True)
def log_verify() -> None:
    """The full check of manage.py tauler_verify; what it finds is an error in the log."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("tauler_verify", stdout=out, stderr=err)
    except CommandError as error:
        logger.error("The publication log fails its verification: %s\n%s", error, err.getvalue())


@shared_task(name="tauler.log_anchor", acks_late=True)
def log_anchor() -> None:
    # A refusal is logged by log_anchor itself; the next run tries again.
    with contextlib.suppress(ValidationError):
        services.log_anchor()
