from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corporativa.business_days import OFFICIAL_TZ
from corporativa.choices import BodyKind, SessionDocumentKind, SessionKind
from corporativa.models.government import Person
from documents.models import PublishedDocument


class MunicipalBody(models.Model):
    """A collegiate body of the council: the Ple, the Junta de Govern Local, a commission."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence: what the body does.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Its powers, composition and how it meets.")
    )
    members = models.ManyToManyField(
        Person, blank=True, related_name="bodies", verbose_name=_("members")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("municipal body")
        verbose_name_plural = _("municipal bodies")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("corporativa:body-detail", args=[self.slug])


class Session(models.Model):
    """A meeting of a municipal body, with its agenda and minutes."""

    body = models.ForeignKey(
        MunicipalBody, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("body")
    )
    starts_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.ORDINARY
    )
    place = models.CharField(
        _("place"), max_length=200, help_text=_("e.g. “Sala de plens de l'Ajuntament”.")
    )
    video_url = models.URLField(
        _("video link"), blank=True, help_text=_("Optional: the recording or live broadcast.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["body", "starts_at"], name="corporativa_session_unique")
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at, OFFICIAL_TZ)
        return f"{self.body} · {local:%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("corporativa:session-detail", args=[self.body.slug, self.pk])

    @property
    def year(self) -> int:
        return timezone.localtime(self.starts_at, OFFICIAL_TZ).year


class SessionDocument(PublishedDocument):
    """The agenda (ordre del dia) or the minutes (acta) of a session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="documents", verbose_name=_("session")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionDocumentKind.choices)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("session document")
        verbose_name_plural = _("session documents")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind"], name="corporativa_session_document_kind"
            )
        ]

    def get_absolute_url(self):
        return reverse(
            "corporativa:session-document",
            args=[self.session.body.slug, self.session_id, self.pk],
        )
