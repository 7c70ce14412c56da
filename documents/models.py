from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from documents.choices import DocumentKind
from documents.codes import code_display, code_is_well_formed, code_normalise
from documents.storage import private_storage


class ImmutableDocumentError(Exception):
    """Raised on any attempt to change or delete an issued document."""


def verification_url_for(code: str, language: str) -> str:
    """The full public address of a document's verification page, in `language`."""
    with translation.override(language):
        path = reverse("documents:document-detail", kwargs={"code": code_display(code)})
    return settings.SEU_SITE_URL.rstrip("/") + path


def document_upload_to(instance: "IssuedDocument", filename: str) -> str:
    year = timezone.localtime(instance.issued_at).year
    return f"documents/{year}/{instance.csv}.pdf"


class IssuedDocumentQuerySet(models.QuerySet):
    def by_code(self, code: str):
        """The document with this verification code, as typed by a person.

        Empty when the code is not well formed, without asking the database.
        """
        code = code_normalise(code)
        if not code_is_well_formed(code):
            return self.none()
        return self.filter(csv=code)

    def for_object(self, obj: models.Model):
        """Documents issued about `obj` (a registry entry, a notice...), newest first."""
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=obj.pk).order_by("-issued_at")

    def owned_by(self, user):
        return self.filter(owner=user)

    # An issued document is a legal record: the ORM's bulk paths are closed
    # as well, so no code can rewrite or drop documents by accident.
    def update(self, **kwargs):
        raise ImmutableDocumentError("Issued documents cannot be changed.")

    def delete(self):
        raise ImmutableDocumentError("Issued documents cannot be deleted.")


class IssuedDocument(models.Model):
    """A PDF the seu issued and sealed, which anyone with its code can verify.

    Rows are written once, by `documents.services.document_issue`, and never
    changed: what the verification page returns must be exactly what was
    given to the citizen.
    """

    kind = models.CharField(_("kind"), max_length=40, choices=DocumentKind.choices)
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("Shown on the public verification page: no personal data here."),
    )
    csv = models.CharField(
        _("secure verification code (CSV)"),
        max_length=32,
        unique=True,
        editable=False,
        help_text=_("Anyone who has this code can download the document."),
    )
    file = models.FileField(
        _("sealed PDF"),
        upload_to=document_upload_to,
        storage=private_storage,
        max_length=200,
        editable=False,
    )
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        editable=False,
        help_text=_("Fingerprint of the sealed PDF, in hexadecimal."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language the document was written in."),
    )
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    # PROTECT: a person's documents are part of the record the law makes us
    # keep, so a user who has any is closed (accounts.services.user_close),
    # never deleted; deleting one must fail loudly rather than orphan them.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name=_("owner"),
        help_text=_("The person the document was issued to, who finds it in La meva carpeta."),
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("type of the related object"),
    )
    object_id = models.PositiveBigIntegerField(_("id of the related object"), null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__isnull=True, object_id__isnull=True)
                | models.Q(content_type__isnull=False, object_id__isnull=False),
                name="documents_related_object_complete",
            ),
            models.CheckConstraint(
                condition=models.lookups.GreaterThanOrEqual(Length("csv"), 20),
                name="documents_csv_min_length",
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="documents_size_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.csv_display})"

    def save(self, *args, **kwargs):
        # Not a business rule but the record's integrity: only the first save
        # (the one document_issue makes) may write the row.
        if not self._state.adding:
            raise ImmutableDocumentError("Issued documents cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("documents:document-detail", kwargs={"code": self.csv_display})

    def delete(self, *args, **kwargs):
        raise ImmutableDocumentError("Issued documents cannot be deleted.")

    def get_download_url(self) -> str:
        return reverse("documents:document-download", kwargs={"code": self.csv_display})

    @property
    def csv_display(self) -> str:
        return code_display(self.csv)

    @property
    def verification_url(self) -> str:
        """The address printed on the document (in its own language)."""
        return verification_url_for(self.csv, self.language)


def published_upload_to(instance: "PublishedDocument", filename: str) -> str:
    """<app>/<year>/<name>: each section's published PDFs in a folder of their own."""
    return f"{instance._meta.app_label}/{timezone.localdate().year}/{filename}"


class PublishedDocument(models.Model):
    """A PDF staff publish (a notice's, a call's, minutes, a regulation's): kept on
    private storage with its SHA-256 and size, served only by its section's view,
    so anyone can check a downloaded copy against the page. Stored through
    documents.uploads.published_pdf_attach, which checks and fingerprints it."""

    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("PDF file"), upload_to=published_upload_to, storage=private_storage, max_length=200
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title
