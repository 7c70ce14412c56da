"""The health check for load balancers: the database and the storage of documents."""

import logging
import uuid

from django.core.files.base import ContentFile
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from documents.storage import private_storage

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


@never_cache
@require_GET
def healthz(request):
    """For load balancers: the database and the storage of documents, each said
    apart; 200 when both work, 503 when either fails (citizens could not submit)."""
    database, storage = _database_answers(), _storage_writable()
    body = {
        "status": "ok" if database and storage else "error",
        "database": "ok" if database else "unreachable",
        "storage": "ok" if storage else "unwritable",
        "time": timezone.now().isoformat(),
    }
    return JsonResponse(body, status=200 if database and storage else 503)
