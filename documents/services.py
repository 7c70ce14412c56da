"""Issuing documents: the one way rows of IssuedDocument come to exist."""

import hashlib
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.choices import DocumentKind
from documents.codes import code_display, code_generate
from documents.content import DocumentContent, Section, Table
from documents.files import files_deleted_on_rollback
from documents.models import IssuedDocument, verification_url_for
from documents.pdf import render_document
from documents.seal import seal_pdf

__all__ = ["DocumentContent", "Section", "Table", "document_issue"]

logger = logging.getLogger(__name__)

# With 31**20 possible codes a collision is not expected before the heat
# death of the universe; the loop is there so a broken random source fails
# loudly instead of looping forever.
CODE_ATTEMPTS = 5


def _unused_code() -> str:
    for _attempt in range(CODE_ATTEMPTS):
        code = code_generate()
        if not IssuedDocument.objects.filter(csv=code).exists():
            return code
    raise RuntimeError("Could not find an unused verification code; check the random source.")


def _language(language: str | None) -> str:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        raise ValueError(f"Unknown language {language!r}.") from None


@files_deleted_on_rollback()
@transaction.atomic
def document_issue(
    *,
    kind: str,
    title: str,
    content: DocumentContent,
    owner=None,
    related: models.Model | None = None,
    language: str | None = None,
) -> IssuedDocument:
    """Write, seal and store a document; return its row, with its code in `csv`.

    `title` and the strings in `content` may be lazy translations: they are
    rendered in `language` (the active language by default). The title is
    public on the verification page, so it names the document, not the
    person. `related` is the saved object the document is about (a registry
    entry, a notice); `owner` the user who finds it in La meva carpeta.

    The sealed PDF is written before its row: a rollback of this transaction
    deletes it (files_deleted_on_rollback), and so does the rollback of a
    caller's transaction when the caller guards it the same way.
    """
    if kind not in DocumentKind.values:
        raise ValueError(f"Unknown document kind {kind!r}.")
    if related is not None and related.pk is None:
        raise ValueError("The related object must be saved before a document is issued about it.")
    language = _language(language)
    code = _unused_code()
    issued_at = timezone.now()

    with translation.override(language):
        title = str(title)
        url = verification_url_for(code, language)
        council = settings.SEU_COUNCIL_NAME
        pdf = render_document(
            title=title,
            content=content,
            csv=code_display(code),
            verification_url=url,
            issued_at=issued_at,
            council_name=council,
            subject=str(DocumentKind(kind).label),
            language=language,
        )
        sealed = seal_pdf(
            pdf,
            reason=_("Electronic seal of %(council)s. Secure verification code: %(code)s")
            % {"council": council, "code": code_display(code)},
            location=urlsplit(settings.SEU_SITE_URL).netloc or council,
        )

    document = IssuedDocument(
        kind=kind,
        title=title,
        csv=code,
        sha256=hashlib.sha256(sealed).hexdigest(),
        size=len(sealed),
        language=language,
        issued_at=issued_at,
        owner=owner,
        related=related,
    )
    document.file.save(f"{code}.pdf", ContentFile(sealed), save=False)
    try:
        document.save()
    except Exception:
        # Do not leave a file behind that no row points to.
        document.file.storage.delete(document.file.name)
        raise
    logger.info("Issued %s %s", kind, document.csv_display)
    return document
