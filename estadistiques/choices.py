from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    """The part of the seu a page belongs to; estadistiques.sections maps paths to these."""

    TRAMITS = "tramits", _("Procedures")
    CORPORATE = "corporate", _("Corporate information")
    CONVOCATORIES = "convocatories", _("Calls")
    TAULER = "tauler", _("Notice board")
    HOME = "home", _("Home page")
    OTHER = "other", _("Other")


class Device(models.TextChoices):
    """Same values as seu.devices.device_class() and tramits' registry entries."""

    MOBILE = "mobile", _("Mobile")
    TABLET = "tablet", _("Tablet")
    DESKTOP = "desktop", _("Desktop")


class SaltPeriod(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


UNKNOWN = "unknown"
