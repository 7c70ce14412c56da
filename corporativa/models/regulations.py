from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corporativa.choices import RegulationKind, RegulationStatus
from documents.models import PublishedDocument


class RegulationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_force(self, day):
        """In force on `day`: not repealed, or repealed only after it."""
        return self.filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=day))

    def repealed(self, day):
        return self.filter(repealed_on__lte=day)

    def with_status(self, status: str, day):
        if status == RegulationStatus.IN_FORCE:
            return self.in_force(day)
        if status == RegulationStatus.REPEALED:
            return self.repealed(day)
        return self


class Regulation(models.Model):
    """An ordinance, regulation or plan of the council, in force or repealed."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=RegulationKind.choices)
    summary = models.TextField(
        _("summary"), help_text=_("What it regulates, in plain words, in a few sentences.")
    )
    approved_on = models.DateField(
        _("final approval date"), help_text=_("The date of the plenary agreement.")
    )
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("When the full text appeared in the official bulletin."),
    )
    bulletin_reference = models.CharField(
        _("bulletin reference"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “BOPB, 14/02/2023, CVE 202310012345”."),
    )
    bulletin_url = models.URLField(_("link to the bulletin"), blank=True)
    repealed_on = models.DateField(
        _("repealed on"), null=True, blank=True, help_text=_("Leave empty while in force.")
    )
    repealed_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeals",
        verbose_name=_("repealed by"),
        help_text=_("The provision of this catalogue that repealed it, if it is one."),
    )
    repeal_note = models.CharField(
        _("repealing provision"),
        max_length=300,
        blank=True,
        help_text=_("What repealed it, when it is not in this catalogue."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegulationQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_on", "title"]
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations and ordinances")
        constraints = [
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True) | Q(repealed_on__gte=models.F("approved_on")),
                name="corporativa_regulation_repeal_after_approval",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("corporativa:regulation-detail", args=[self.slug])

    def clean(self):
        super().clean()
        errors = {}
        if self.repealed_on and self.approved_on and self.repealed_on < self.approved_on:
            errors["repealed_on"] = _("A provision cannot be repealed before it was approved.")
        if (self.repealed_by_id or self.repeal_note) and not self.repealed_on:
            errors["repealed_on"] = _("Give the date it was repealed.")
        if self.repealed_on and not (self.repealed_by_id or self.repeal_note):
            errors["repeal_note"] = _("Say what repealed it.")
        if self.pk and self.repealed_by_id == self.pk:
            errors["repealed_by"] = _("A provision cannot repeal itself.")
        if self.published_on and self.approved_on and self.published_on < self.approved_on:
            errors["published_on"] = _("It cannot be published before it was approved.")
        if errors:
            raise ValidationError(errors)

    def status_on(self, day) -> RegulationStatus:
        if self.repealed_on is not None and self.repealed_on <= day:
            return RegulationStatus.REPEALED
        return RegulationStatus.IN_FORCE


class RegulationDocument(PublishedDocument):
    """The text of a regulation, its annexes or a consolidated version, as a PDF."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="documents", verbose_name=_("regulation")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("regulation document")
        verbose_name_plural = _("regulation documents")

    def get_absolute_url(self):
        return reverse("corporativa:regulation-document", args=[self.regulation.slug, self.pk])
