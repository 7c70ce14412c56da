from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What an issued document is. Add a member when a section issues a new kind."""

    RECEIPT = "receipt", _("Registry receipt")
    PUBLICATION_CERTIFICATE = "publication_certificate", _("Publication certificate")
    LOG_HEAD_STATEMENT = "log_head_statement", _("Statement of the publication log's head")
