"""The views every page of the seu may end in: the root's redirect, the refusals
and errors (portal/urls.py wires them; the home page is portal.views.home, the
health check portal.health.healthz)."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def root_redirect(request):
    """`/` always opens the seu in its default language, Catalan."""
    return HttpResponseRedirect(f"/{settings.LANGUAGE_CODE}/")


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
