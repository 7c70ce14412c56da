from django.db import models
from django.utils.translation import gettext_lazy as _

from seu.devices import DeviceClass


class Section(models.TextChoices):
    """The part of the seu a page belongs to; estadistiques.sections maps paths to these."""

    TRAMITS = "tramits", _("Procedures")
    CORPORATE = "corporate", _("Corporate information")
    CONVOCATORIES = "convocatories", _("Calls")
    TAULER = "tauler", _("Notice board")
    HOME = "home", _("Home page")
    OTHER = "other", _("Other")


# The device classes of page views are those of registry entries: one list.
Device = DeviceClass


class SaltPeriod(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


UNKNOWN = "unknown"
