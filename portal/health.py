"""The health check for load balancers: the database, the storage of documents, the broker."""

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from documents.storage import private_storage
from seu import background
from seu.celery import app as celery_app

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False
    return True


def _storage_writable() -> bool:
    """Whether uploads and issued documents can be written: a probe file is
    saved and deleted where they are kept (documents.storage)."""
    storage = private_storage()
    try:
        name = storage.save(f"healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
        storage.delete(name)
    except OSError:
        logger.exception("Health check: the storage of documents cannot be written")
        return False
    return True


def _broker_state() -> str:
    """ "ok", "unreachable", or "none" when there is no broker (tasks run in
    the web process)."""
    if not background.broker_configured():
        return "none"
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:
        logger.exception("Health check: the broker of background tasks does not answer")
        return "unreachable"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: the database, the storage of
    documents and the broker of background tasks, each said apart.

    503 when the database or the storage fails: citizens could not submit.
    A broker that does not answer is reported ("status": "degraded") with
    200: citizens still submit and get their number, and what the workers
    would do waits for the sweep, so the web processes must stay in service.
    """
    database, storage, broker = _database_answers(), _storage_writable(), _broker_state()
    serving = database and storage
    body = {
        "status": ("ok" if broker != "unreachable" else "degraded") if serving else "error",
        "database": "ok" if database else "unreachable",
        "storage": "ok" if storage else "unwritable",
        "broker": broker,
        "time": timezone.now().isoformat(),
    }
    return JsonResponse(body, status=200 if serving else 503)
