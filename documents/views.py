"""The public verification pages: anyone with a document's code gets it back.

Codes are unguessable, but the pages still count the codes that match no
document, per client address: after MAX_FAILURES in LOCKOUT_SECONDS the
address gets 429 for every code, right or wrong, so guessing cannot go on.
A right code does not reset the count (a guesser who owns one document
could otherwise interleave it). Malformed codes are not counted: they cannot
hit a document, and are most often typing slips.
"""

import hashlib
import ipaddress
import logging
from io import BytesIO

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import ratelimit
from documents.forms import VerificationForm
from documents.models import IssuedDocument

logger = logging.getLogger(__name__)

RATE_LIMIT_SCOPE = "document-verification"
MAX_FAILURES = 10
LOCKOUT_SECONDS = 15 * 60


class StoredFileAltered(Exception):
    """The stored file of a document no longer matches its fingerprint."""


def _client_key(request) -> str:
    address = ratelimit.client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        pass
    else:
        if ip.version == 6:
            # One IPv6 subscriber usually holds a whole /64: count it as one client.
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return ratelimit.make_key(RATE_LIMIT_SCOPE, address)


def _register_failure(key: str) -> None:
    ratelimit.register_failure(key, limit=MAX_FAILURES, lockout_seconds=LOCKOUT_SECONDS)


def _locked(request, seconds: int):
    response = render(
        request,
        "documents/verify_locked.html",
        {"minutes": ratelimit.minutes(seconds)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def _not_found(request, key: str, code: str):
    """The form again, with the code and why it found nothing; 404."""
    form = VerificationForm({"codi": code})
    if form.is_valid():
        _register_failure(key)
        form.add_not_found_error()
    return render(request, "documents/verify.html", {"form": form}, status=404)


def _find(code: str) -> IssuedDocument | None:
    return IssuedDocument.objects.by_code(code).first()


@never_cache
@require_safe
def verify(request):
    if "codi" not in request.GET:
        return render(request, "documents/verify.html", {"form": VerificationForm()})
    key = _client_key(request)
    if seconds := ratelimit.locked_for(key):
        return _locked(request, seconds)
    form = VerificationForm(request.GET)
    if form.is_valid():
        document = _find(form.cleaned_data["codi"])
        if document is not None:
            return redirect(document)
        _register_failure(key)
        form.add_not_found_error()
    # 200 with the error beside the field: the page itself was found.
    return render(request, "documents/verify.html", {"form": form})


@never_cache
@require_safe
def document_detail(request, code: str):
    key = _client_key(request)
    if seconds := ratelimit.locked_for(key):
        return _locked(request, seconds)
    document = _find(code)
    if document is None:
        return _not_found(request, key, code)
    if code != document.csv_display:
        # One address per document: abcd efgh... and ABCDEFGH... lead to ABCD-EFGH-...
        return redirect(document)
    return render(request, "documents/document_detail.html", {"document": document})


@never_cache
@require_safe
def document_download(request, code: str):
    key = _client_key(request)
    if seconds := ratelimit.locked_for(key):
        return _locked(request, seconds)
    document = _find(code)
    if document is None:
        return _not_found(request, key, code)
    with document.file.open("rb") as file:
        data = file.read()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        # Never hand out something other than what was issued.
        logger.critical("Stored file of document %s does not match its SHA-256", document.pk)
        raise StoredFileAltered(document.csv_display)
    filename = f"{slugify(document.get_kind_display())}-{document.csv_display}.pdf"
    return FileResponse(
        BytesIO(data), as_attachment=True, filename=filename, content_type="application/pdf"
    )
