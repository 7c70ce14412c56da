from django.db import models
from django.utils.translation import gettext_lazy as _

from corporativa.choices import ReportStatus


class AccessibilityReport(models.Model):
    """A problem of accessibility reported by anyone (RD 1112/2018, art. 10.2.b)."""

    page_url = models.CharField(
        _("page address"), max_length=500, help_text=_("Where the visitor found the problem.")
    )
    description = models.TextField(_("description"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    staff_note = models.TextField(
        _("internal note"), blank=True, help_text=_("What was done; never shown to the public.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y} · {self.page_url}"
