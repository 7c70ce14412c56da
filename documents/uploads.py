"""Checks for the PDF documents staff publish (notices, calls, minutes, regulations)."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _


def pdf_fingerprint(upload: UploadedFile) -> tuple[str, int]:
    """(SHA-256, size) of an uploaded PDF; anything that is not a PDF by content is refused."""
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
