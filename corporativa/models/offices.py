from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corporativa.choices import Weekday
from corporativa.models.government import Person


class Office(models.Model):
    """A place where the council attends the public, such as the OAC."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence: what people can do there.")
    )
    address = models.CharField(_("address"), max_length=200)
    directions = models.TextField(
        _("how to get there"),
        blank=True,
        help_text=_("Landmarks, public transport, entrance: written out, as there is no map."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, lifts, hearing loop, adapted toilets…"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("corporativa:office-detail", args=[self.slug])


class TimeRange(models.Model):
    """Open from `opens` to `closes` on a weekday."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        abstract = True
        ordering = ["weekday", "opens"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": _("The closing time must be after the opening time.")})


class OpeningHours(TimeRange):
    """The office's regular hours: one row per weekday and range (mornings, afternoons)."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="hours", verbose_name=_("office")
    )

    class Meta(TimeRange.Meta):
        verbose_name = _("regular opening hours")
        verbose_name_plural = _("regular opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="corporativa_hours_order"
            ),
        ]


class SpecialPeriod(models.Model):
    """Dates with other hours than the regular ones (summer, Christmas), or closed."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="special_periods", verbose_name=_("office")
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("As the public sees it, e.g. “Horari d'estiu”.")
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    closed = models.BooleanField(
        _("closed"), default=False, help_text=_("Tick if the office is closed on all these days.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("special opening period")
        verbose_name_plural = _("special opening periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="corporativa_special_period_order"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The last day cannot be before the first day.")})

    def covers(self, day) -> bool:
        return self.start <= day <= self.end

    @property
    def length(self) -> int:
        return (self.end - self.start).days


class SpecialHours(TimeRange):
    """The hours of a weekday during a special period; a weekday without rows is closed."""

    period = models.ForeignKey(
        SpecialPeriod, on_delete=models.CASCADE, related_name="hours", verbose_name=_("period")
    )

    class Meta(TimeRange.Meta):
        verbose_name = _("special opening hours")
        verbose_name_plural = _("special opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="corporativa_special_hours_order"
            ),
        ]


class Department(models.Model):
    """A council department or service: it runs procedures and issues notices."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One sentence: what the department does for people."),
    )
    description = models.TextField(_("description"), blank=True)
    services = models.TextField(
        _("services offered"), blank=True, help_text=_("One service per line.")
    )
    head = models.CharField(
        _("person responsible"),
        max_length=200,
        blank=True,
        help_text=_("Optional: name and post of the head of the department."),
    )
    councillor = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("councillor in charge"),
    )
    offices = models.ManyToManyField(
        Office,
        blank=True,
        related_name="departments",
        verbose_name=_("offices"),
        help_text=_("Where the department attends the public."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("corporativa:department-detail", args=[self.slug])

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]
