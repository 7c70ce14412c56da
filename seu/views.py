"""The views every page of the seu may end in: the root's redirect, the health
check, the refusals and errors (portal/urls.py wires them; the home page is
portal.views.home)."""

import logging
import sys
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def root_redirect(request):
    """`/` always opens the seu in its default language, Catalan."""
    return HttpResponseRedirect(f"/{settings.LANGUAGE_CODE}/")


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
    saved and deleted where they are kept (the "private" storage when one is
    configured, MEDIA_ROOT otherwise)."""
    storage = storages["private"] if "private" in settings.STORAGES else FileSystemStorage()
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


def bench_reference(request):
    """The benchmark's ceiling: a view that does nothing."""
    return HttpResponse(b"ok", content_type="text/plain")


# The open-data API answers in JSON, its errors too (portal/urls.py mounts it here).
API_PREFIX = "/api/"


def bad_request(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"error": "The request holds characters the API does not accept (a NUL)."},
            status=400,
        )
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its valid security token: a page left open past the
    session, or a browser that blocks the seu's cookie. Said plainly, with what to
    do; the reason Django gives is logged, not shown."""
    logger.info("Form refused (CSRF) at %s: %s", request.path, reason)
    return render(request, "403_csrf.html", status=403)


# How long a client should wait before trying again while the database is away.
DATABASE_RETRY_AFTER_SECONDS = 30


def server_error(request):
    """The page for an unhandled error. The database being unreachable (restarting,
    failing over) is not the seu's fault nor the visitor's: it is answered as 503
    with Retry-After, with a page that needs no database, never as a 500."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return render(request, "500.html", status=500)
