from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSeries(models.TextChoices):
    """The council's numbered series: each counts from 1 every year, without gaps."""

    REGISTRY_IN = "registry-in", _("Incoming registry")
    NOTICES = "notices", _("Notices of the notice board")


class YearlyCounter(models.Model):
    """The last number given in a series and a year; its row is locked while a
    number is taken (corporativa.numbering.number_take)."""

    series = models.CharField(_("series"), max_length=30, choices=NumberSeries.choices)
    year = models.PositiveIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("yearly counter")
        verbose_name_plural = _("yearly counters")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year"], name="corporativa_counter_series_year"
            )
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last_number}"
