import datetime
import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corporativa.business_days import OFFICIAL_TZ
from documents.models import PublishedDocument
from tauler.choices import LogEvent, NoticeState

# The shape of a PUBLISHED entry's data. Version 1 (entries written before the
# field hashes, with no "version" key) holds the period, the title and the
# documents' title, SHA-256 and size; version 2 adds each document's id and a
# SHA-256 of every published field, text included. The chain covers both the
# same way: the entry's hash is over its data, whatever the data holds.
PUBLISHED_DATA_VERSION = 2

# What publishing fixes for ever, fingerprinted in the PUBLISHED entry. The
# category and the department by their id: they may be renamed, and a rename
# changes no notice. The period is not here: it can be extended, and each
# EXTENDED entry states the new one in full.
PUBLISHED_FIELDS = (
    "number",
    "year",
    "sequence",
    "title",
    "text",
    "category",
    "department",
    "case_reference",
    "corrects",
    "start_at",
    "published_at",
)


def utc_text(moment: datetime.datetime | None) -> str:
    """A moment as the log writes it: UTC, ISO 8601, to the microsecond."""
    if moment is None:
        return ""
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def text_sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class NoticeQuerySet(models.QuerySet):
    """Visibility follows the clock: no job has to run for a notice to appear or go."""

    def published(self):
        return self.filter(published_at__isnull=False)

    def on_display(self, *, at=None):
        at = at or timezone.now()
        return self.published().filter(
            Q(end_at__isnull=True) | Q(end_at__gt=at), start_at__lte=at, cancelled_at__isnull=True
        )

    def scheduled(self, *, at=None):
        at = at or timezone.now()
        return self.published().filter(start_at__gt=at, cancelled_at__isnull=True)

    def finished(self, *, at=None):
        at = at or timezone.now()
        return self.published().filter(end_at__lte=at, cancelled_at__isnull=True)

    def cancelled(self):
        return self.published().filter(cancelled_at__isnull=False)

    def public(self, *, at=None):
        """Everything a visitor may see: published and already started (or cancelled)."""
        at = at or timezone.now()
        return self.published().filter(start_at__lte=at)

    def with_list_data(self):
        return self.select_related("category", "department")


class Notice(models.Model):
    """An edict or announcement of the electronic notice board (tauler d'anuncis)."""

    number = models.CharField(
        _("number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Given when it is published."),
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="notices", verbose_name=_("category")
    )
    department = models.ForeignKey(
        "corporativa.Department",
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("issuing department"),
    )
    case_reference = models.CharField(
        _("case reference"),
        max_length=100,
        blank=True,
        help_text=_("The file number of the case, e.g. 2026/1234-URB."),
    )
    start_at = models.DateTimeField(_("start of publication"))
    period_business_days = models.PositiveSmallIntegerField(
        _("period in business days"),
        null=True,
        blank=True,
        help_text=_(
            "How long it stays on display, counted from the day after the start. Empty if permanent."
        ),
    )
    is_permanent = models.BooleanField(
        _("permanent"), default=False, help_text=_("On display with no end.")
    )
    end_at = models.DateTimeField(
        _("end of publication"),
        null=True,
        blank=True,
        help_text=_("Computed from the start and the period."),
    )
    is_pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown first on the board.")
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("The earlier notice this one corrects."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    finished_logged_at = models.DateTimeField(
        _("finish recorded at"),
        null=True,
        blank=True,
        help_text=_("When the log recorded the end of the display."),
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        permissions = [
            ("publish_notice", _("Can publish, extend, cancel and correct notices")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="tauler_notice_year_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_at__isnull=True) | Q(end_at__gt=models.F("start_at")),
                name="tauler_notice_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(is_permanent=True, period_business_days__isnull=True)
                | Q(is_permanent=False, period_business_days__gte=1),
                name="tauler_notice_period_or_permanent",
            ),
        ]
        indexes = [models.Index(fields=["start_at", "end_at"], name="tauler_notice_window")]

    def __str__(self):
        return f"{self.number or _('(draft)')} · {self.title}"

    def get_absolute_url(self):
        return reverse(
            "tauler:notice-detail", kwargs={"year": self.year, "sequence": self.sequence}
        )

    def state_at(self, at=None) -> str:
        at = at or timezone.now()
        if self.published_at is None:
            return NoticeState.DRAFT
        if self.cancelled_at is not None:
            return NoticeState.CANCELLED
        if at < self.start_at:
            return NoticeState.SCHEDULED
        if self.end_at is not None and at >= self.end_at:
            return NoticeState.FINISHED
        return NoticeState.ON_DISPLAY

    @property
    def state(self) -> str:
        return self.state_at()

    @property
    def natural_days(self):
        """The calendar days on which the notice is on display, its first day included."""
        if self.end_at is None:
            return None
        # On the Madrid calendar, whatever time zone is active.
        start = timezone.localtime(self.start_at, OFFICIAL_TZ).date()
        last = timezone.localtime(self.end_at, OFFICIAL_TZ).date()
        return (last - start).days

    def published_values(self) -> dict[str, str]:
        """Each of PUBLISHED_FIELDS as the text its fingerprint covers."""
        return {
            "number": self.number or "",
            "year": "" if self.year is None else str(self.year),
            "sequence": "" if self.sequence is None else str(self.sequence),
            "title": self.title,
            "text": self.text,
            "category": str(self.category_id),
            "department": str(self.department_id),
            "case_reference": self.case_reference,
            "corrects": "" if self.corrects_id is None else str(self.corrects_id),
            "start_at": utc_text(self.start_at),
            "published_at": utc_text(self.published_at),
        }

    def field_hashes(self) -> dict[str, str]:
        """The SHA-256 of every published field, as the PUBLISHED entry states them."""
        return {name: text_sha256(value) for name, value in self.published_values().items()}


class NoticeDocument(PublishedDocument):
    """A PDF of a notice, fingerprinted when it is uploaded."""

    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, related_name="documents", verbose_name=_("notice")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def get_absolute_url(self):
        return reverse(
            "tauler:document-download",
            kwargs={"year": self.notice.year, "sequence": self.notice.sequence, "pk": self.pk},
        )

    def logged(self) -> dict:
        """What a PUBLISHED entry states about this document."""
        return {"id": self.pk, "title": self.title, "sha256": self.sha256, "size": self.size}


class PublicationLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Publication log entries are never changed.")

    def delete(self):
        raise PermissionError("Publication log entries are never deleted.")


class PublicationLogEntry(models.Model):
    """One event of the public, hash-chained publication log. Append only."""

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    event = models.CharField(_("event"), max_length=20, choices=LogEvent.choices)
    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, related_name="log_entries", verbose_name=_("notice")
    )
    notice_number = models.CharField(_("notice number"), max_length=20)
    at = models.DateTimeField(_("at"))
    data = models.JSONField(
        _("data"),
        default=dict,
        help_text=_("Period, document hashes, reason: what the event states."),
    )
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = PublicationLogQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("publication log entry")
        verbose_name_plural = _("publication log")

    def __str__(self):
        return f"#{self.sequence} {self.get_event_display()} {self.notice_number}"

    def save(self, *args, **kwargs):
        # An entry is written once, by tauler.services.log_append.
        if self.pk is not None:
            raise PermissionError("Publication log entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Publication log entries are never deleted.")

    def payload(self) -> bytes:
        """The exact bytes the hash covers: canonical JSON of everything the entry states."""
        return json.dumps(
            {
                "sequence": self.sequence,
                "event": self.event,
                "notice": self.notice_number,
                "at": utc_text(self.at),
                "data": self.data,
                "previous_hash": self.previous_hash,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload()).hexdigest()

    @property
    def data_version(self) -> int:
        """The shape of a PUBLISHED entry's data (see PUBLISHED_DATA_VERSION)."""
        return self.data.get("version", 1)


class LogHeadStatementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Head statements are never changed.")

    def delete(self):
        raise PermissionError("Head statements are never deleted.")


class LogHeadStatement(models.Model):
    """The sealed, CSV-verifiable statement of the log's last entry on an official day.

    The log's chain shows a changed or removed entry, but not a cut end, nor
    a chain rewritten from some entry on by someone who can write to the
    database. A statement fixes the head (sequence and hash) in a sealed PDF
    that anyone can keep, download again by its code and compare: a log that
    no longer holds that entry with that hash was cut or rewritten.
    """

    day = models.DateField(
        _("day"), unique=True, help_text=_("The official day (Europe/Madrid) it states.")
    )
    stated_at = models.DateTimeField(_("stated at"))
    sequence = models.PositiveBigIntegerField(
        _("last entry"), help_text=_("The sequence of the log's last entry; 0 if it was empty.")
    )
    hash = models.CharField(
        _("hash of the last entry"),
        max_length=64,
        help_text=_("The genesis hash (zeros) if the log was empty."),
    )
    document = models.OneToOneField(
        "documents.IssuedDocument",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sealed statement"),
    )

    objects = LogHeadStatementQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("statement of the log's head")
        verbose_name_plural = _("statements of the log's head")

    def __str__(self):
        return f"{self.day:%Y-%m-%d} #{self.sequence}"

    def save(self, *args, **kwargs):
        # Written once, by tauler.services.log_anchor.
        if self.pk is not None:
            raise PermissionError("Head statements are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Head statements are never deleted.")
