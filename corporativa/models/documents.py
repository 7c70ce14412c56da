from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.storage import private_storage


class StoredDocument(models.Model):
    """A PDF kept on private storage with its SHA-256, served only by a view.

    The fingerprint is computed by corporativa.services.document_check when the
    file is uploaded, so anyone can check a downloaded copy against the page.
    """

    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("PDF file"), upload_to="corporativa/%Y/", storage=private_storage, max_length=200
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title
