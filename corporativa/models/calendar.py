from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalHolidayQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(date__year=year)


class LocalHoliday(models.Model):
    """A municipal holiday (festa local): a non-business day in this municipality only.

    The state and Catalan holidays come from the `holidays` package; the two
    local days the council chooses each year are entered here by staff.
    """

    date = models.DateField(
        _("date"),
        unique=True,
        help_text=_("The day that is a holiday in the municipality."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As the public calendar shows it, e.g. “Sant Vicenç”."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Optional: the council agreement that set this holiday, or any remark."),
    )

    objects = LocalHolidayQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("local holiday")
        verbose_name_plural = _("local holidays")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"

    def clean(self):
        super().clean()
        if self.date is None:
            return
        # Imported here: business_days reads this model, so a module-level
        # import would be circular.
        from corporativa.business_days import regional_holiday_on

        regional = regional_holiday_on(self.date)
        if regional is not None:
            raise ValidationError(
                {
                    "date": _(
                        "This day is already a holiday for all of Catalonia (%(name)s); "
                        "a local holiday must fall on another day."
                    )
                    % {"name": regional.name}
                }
            )
