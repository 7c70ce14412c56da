"""The check every PDF staff publish goes through (notices, calls, minutes, regulations)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.uploads import pdf_fingerprint

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def test_a_pdf_gives_its_fingerprint_and_size():
    assert pdf_fingerprint(SimpleUploadedFile("edicte.pdf", PDF)) == (
        hashlib.sha256(PDF).hexdigest(),
        len(PDF),
    )


def test_a_file_that_is_not_a_pdf_is_refused():
    with pytest.raises(ValidationError, match="is not a PDF file"):
        pdf_fingerprint(SimpleUploadedFile("edicte.pdf", b"MZ\x90\x00"))


def test_a_pdf_over_the_limit_is_refused_with_both_sizes(settings):
    settings.PUBLISHED_PDF_MAX_MB = 1
    big = SimpleUploadedFile("pla-urbanistic.pdf", PDF + b"0" * (1024 * 1024 + 200_000))

    with pytest.raises(ValidationError) as refused:
        pdf_fingerprint(big)

    message = refused.value.messages[0]
    assert "pla-urbanistic.pdf" in message
    assert "1.2 MB" in message
    assert "1 MB" in message
    assert refused.value.code == "too_large"


def test_a_pdf_of_exactly_the_limit_is_accepted(settings):
    settings.PUBLISHED_PDF_MAX_MB = 1
    exact = PDF + b"0" * (1024 * 1024 - len(PDF))
    assert pdf_fingerprint(SimpleUploadedFile("pla.pdf", exact))[1] == 1024 * 1024
