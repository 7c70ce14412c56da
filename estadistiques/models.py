"""Usage statistics: page views as recorded, and what is left of them after retention.

Definitions (the public metrics page states them too):

- A page view is one row of PageView while it is recent. `stats_rollup` turns
  page views older than N days into RolledVisit rows (one per visit: its
  visitor key, first and last time, number of views, and the attributes of its
  first view) and DailyPageCount rows (views per day, path and section), then
  deletes them. Reports read both, so every figure over any period is the
  same before and after.
- The visitor key is a keyed hash of the salt of the period, the client IP and
  the user agent (estadistiques.visitors). Salts live in Salt only while their
  period (a Europe/Madrid day, or a month) lasts; no IP is ever stored.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from estadistiques.choices import UNKNOWN, Device, Section

KEY_LENGTH = 32  # hex digits of a visitor key (a 128-bit BLAKE2b digest)
PATH_LENGTH = 500


class Salt(models.Model):
    """The random salt of one period; deleted once the period is over. Never shown to staff."""

    period_key = models.CharField(_("period"), max_length=10, unique=True)
    value = models.CharField(_("value"), max_length=64)
    ends_at = models.DateTimeField(_("ends at"), db_index=True)

    class Meta:
        verbose_name = _("salt")
        verbose_name_plural = _("salts")

    def __str__(self):
        return self.period_key


class PageView(models.Model):
    time = models.DateTimeField(_("time"), db_index=True)
    path = models.CharField(_("path"), max_length=PATH_LENGTH)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    device = models.CharField(_("device"), max_length=10, choices=Device.choices)
    visitor_key = models.CharField(
        _("visitor key"),
        max_length=KEY_LENGTH,
        help_text=_(
            "A hash of the salt of the day (or month), the address and the browser; not reversible."
        ),
    )
    referrer = models.CharField(
        _("referrer"),
        max_length=255,
        blank=True,
        help_text=_("Domain of the page the visitor came from; empty when it is the seu itself."),
    )
    city = models.CharField(_("city"), max_length=100, default=UNKNOWN)
    country = models.CharField(_("country"), max_length=20, default=UNKNOWN)

    class Meta:
        verbose_name = _("page view")
        verbose_name_plural = _("page views")
        indexes = [models.Index(fields=["visitor_key", "time"], name="estad_pageview_key_time")]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.path}"


class RolledVisit(models.Model):
    """One visit (or part of one) whose page views were rolled up and deleted."""

    visitor_key = models.CharField(_("visitor key"), max_length=KEY_LENGTH)
    first_at = models.DateTimeField(_("first view"))
    last_at = models.DateTimeField(_("last view"))
    views = models.PositiveIntegerField(_("page views"))
    device = models.CharField(_("device"), max_length=10, choices=Device.choices)
    city = models.CharField(_("city"), max_length=100, default=UNKNOWN)
    country = models.CharField(_("country"), max_length=20, default=UNKNOWN)
    referrer = models.CharField(_("referrer"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("rolled-up visit")
        verbose_name_plural = _("rolled-up visits")
        indexes = [
            models.Index(fields=["visitor_key", "first_at"], name="estad_rolled_key_first"),
            models.Index(fields=["first_at"], name="estad_rolled_first"),
            models.Index(fields=["last_at"], name="estad_rolled_last"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_at__gte=F("first_at")), name="estad_rolled_last_after_first"
            ),
            models.CheckConstraint(condition=Q(views__gte=1), name="estad_rolled_views_positive"),
        ]

    def __str__(self):
        return f"{self.first_at:%Y-%m-%d %H:%M:%S} ({self.views})"


class DailyPageCount(models.Model):
    """Page views of one path on one day (Europe/Madrid), after rollup."""

    day = models.DateField(_("day"))
    path = models.CharField(_("path"), max_length=PATH_LENGTH)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    views = models.PositiveIntegerField(_("page views"))

    class Meta:
        verbose_name = _("daily page count")
        verbose_name_plural = _("daily page counts")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path", "section"], name="estad_daily_day_path_section_unique"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.path}: {self.views}"


class ImportedFile(models.Model):
    """A web-server log already imported, up to `lines` lines.

    A log is recognised by the hash of its first line, so the same log found
    again (re-imported, renamed by logrotate, gzipped, or grown since) is read
    from where the last import stopped; `prefix_sha256` (the hash of the
    lines already read) must still match, or the file is refused.
    """

    first_line_sha256 = models.CharField(_("first line fingerprint"), max_length=64, unique=True)
    prefix_sha256 = models.CharField(_("fingerprint of the lines read"), max_length=64)
    name = models.CharField(_("last file name"), max_length=500)
    lines = models.PositiveBigIntegerField(_("lines read"), default=0)
    pageviews = models.PositiveBigIntegerField(_("page views added"), default=0)
    skipped = models.PositiveBigIntegerField(
        _("lines skipped"),
        default=0,
        help_text=_("Lines that are not page views: files, errors, bots, the back office..."),
    )
    malformed = models.PositiveBigIntegerField(_("malformed lines"), default=0)
    first_seen_at = models.DateTimeField(_("first imported at"), auto_now_add=True)
    last_imported_at = models.DateTimeField(_("last imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported log")
        verbose_name_plural = _("imported logs")
        ordering = ["-last_imported_at"]

    def __str__(self):
        return self.name
