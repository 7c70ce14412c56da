import hashlib
from pathlib import Path

import pytest
from django.utils import timezone

from documents import codes
from documents.choices import DocumentKind
from documents.models import ImmutableDocumentError, IssuedDocument
from documents.seal import validate_sealed_pdf

pytestmark = pytest.mark.django_db


def test_issuing_stores_a_sealed_pdf_with_its_fingerprint(document, citizen, settings):
    data = document.file.read()
    assert data.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.owner == citizen
    assert document.kind == DocumentKind.RECEIPT
    assert document.language == "ca"
    check = validate_sealed_pdf(data)
    assert check.intact and check.valid
    assert abs((check.signed_at - document.issued_at).total_seconds()) < 60


def test_the_file_lives_in_the_private_folder_of_its_year(document, settings):
    year = timezone.localtime(document.issued_at).year
    assert document.file.name == f"documents/{year}/{document.csv}.pdf"
    assert Path(document.file.path).is_relative_to(Path(settings.MEDIA_ROOT) / "documents")
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018


def test_the_pdf_names_its_code_and_verification_address(document):
    assert codes.code_is_well_formed(document.csv)
    assert document.verification_url == (
        f"https://seu.mollet.example/ca/verificacio/{document.csv_display}/"
    )
    # The PDF keywords carry the code, so search tools find it too.
    assert document.csv_display.encode() in document.file.read()


def test_the_language_decides_the_verification_address(issue):
    document = issue(language="es")
    assert document.language == "es"
    assert "/es/verificacio/" in document.verification_url


def test_documents_are_found_by_the_object_they_certify(issue, citizen, staff):
    first = issue(related=citizen)
    second = issue(related=citizen, kind=DocumentKind.PUBLICATION_CERTIFICATE)
    issue(related=staff)
    issue()
    assert list(IssuedDocument.objects.for_object(citizen)) == [second, first]
    assert second.related == citizen


def test_lookups_by_code_normalise_what_was_typed(document):
    typed = document.csv_display.lower().replace("-", " ")
    assert IssuedDocument.objects.by_code(typed).get() == document
    assert not IssuedDocument.objects.by_code("not a code").exists()
    assert list(IssuedDocument.objects.owned_by(document.owner)) == [document]


def test_a_code_already_taken_is_never_reused(issue, document, monkeypatch):
    fresh = "ZZZZ2222ZZZZ2222ZZZZ"
    answers = iter([document.csv, fresh])
    monkeypatch.setattr("documents.services.code_generate", lambda: next(answers))
    assert issue().csv == fresh


def test_unknown_kinds_and_unsaved_related_objects_are_refused(issue):
    from accounts.models import User

    with pytest.raises(ValueError, match="kind"):
        issue(kind="love_letter")
    with pytest.raises(ValueError, match="saved"):
        issue(related=User(email="nobody@example.cat"))
    assert not IssuedDocument.objects.exists()


def test_issued_documents_cannot_be_changed_or_deleted(document):
    document.title = "Something else"
    with pytest.raises(ImmutableDocumentError):
        document.save()
    with pytest.raises(ImmutableDocumentError):
        document.delete()
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.filter(pk=document.pk).update(title="Something else")
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.all().delete()
    document.refresh_from_db()
    assert document.title == "Registry receipt E/2025/000123"


def test_an_owner_with_documents_cannot_be_deleted(document, citizen):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        citizen.delete()
