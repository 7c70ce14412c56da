"""The PDF documents staff publish (notices, calls, minutes, regulations): one check
and one way to store them."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def pdf_fingerprint(upload: UploadedFile) -> tuple[str, int]:
    """(SHA-256, size) of an uploaded PDF; anything that is not a PDF by content, or is
    larger than settings.PUBLISHED_PDF_MAX_MB, is refused."""
    limit_mb = settings.PUBLISHED_PDF_MAX_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _(
                "“%(name)s” is %(size)s MB: the largest document the seu publishes is "
                "%(limit)s MB. Reduce it (a lower scanning resolution, say) or split it into "
                "several documents."
            )
            % {
                "name": upload.name,
                "size": number_format(round(upload.size / 1024 / 1024, 1), 1),
                "limit": limit_mb,
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(
            _("“%(name)s” is not a PDF file. Only PDF documents can be published.")
            % {"name": upload.name},
            code="not_pdf",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest(), upload.size


def published_pdf_attach(
    *,
    document,
    upload: UploadedFile,
    field: str = "file",
    sha256_field: str = "sha256",
    size_field: str = "size",
) -> None:
    """Check `upload` (pdf_fingerprint), store it in `document`'s file field and set
    its fingerprint beside it; the caller saves `document`. The field names default
    to those of PublishedDocument.

    A replaced file is deleted once the transaction commits, never before: a
    rollback must leave the old file where its row still points.
    """
    sha256, size = pdf_fingerprint(upload)
    stored = getattr(document, field)
    previous = stored.name if document.pk and stored else None
    setattr(document, sha256_field, sha256)
    setattr(document, size_field, size)
    stored.save(upload.name, upload, save=False)
    if previous and previous != stored.name:
        storage = stored.storage
        transaction.on_commit(lambda: storage.delete(previous))
