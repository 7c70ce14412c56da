from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corporativa.choices import Role


class PoliticalGroup(models.Model):
    """A municipal political group (grup municipal) of the plenary."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=40, help_text=_("Initials as the group uses them.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Groups are listed in this order (e.g. by seats).")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("political group")
        verbose_name_plural = _("political groups")

    def __str__(self):
        return f"{self.name} ({self.short_name})"


class PersonQuerySet(models.QuerySet):
    def in_office(self, day):
        """Members whose term includes `day`."""
        return self.filter(
            Q(term_start__lte=day) & (Q(term_end__isnull=True) | Q(term_end__gte=day))
        )

    def government_order(self):
        """Mayor first, deputy mayors in their order, then everyone else by name."""
        rank = models.Case(
            models.When(role=Role.MAYOR, then=0),
            models.When(role=Role.DEPUTY_MAYOR, then=1),
            default=2,
            output_field=models.IntegerField(),
        )
        return self.annotate(role_rank=rank).order_by("role_rank", "deputy_order", "name")


class Person(models.Model):
    """An elected member of the council (regidor or regidora), the mayor included."""

    name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COUNCILLOR)
    deputy_order = models.PositiveSmallIntegerField(
        _("deputy mayor order"),
        null=True,
        blank=True,
        help_text=_("Only for deputy mayors: 1 for the first deputy mayor, 2 for the second…"),
    )
    areas = models.TextField(
        _("areas"),
        blank=True,
        help_text=_("The areas this person holds, one per line, e.g. “Hisenda”."),
    )
    group = models.ForeignKey(
        PoliticalGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("political group"),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="corporativa/people/",
        blank=True,
        help_text=_("Optional. A portrait, JPEG or PNG."),
    )
    email = models.EmailField(_("contact email"), blank=True)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(
        _("term end"), null=True, blank=True, help_text=_("Leave empty while in office.")
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member of the council")
        verbose_name_plural = _("members of the council")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="corporativa_person_term_order",
            ),
            models.CheckConstraint(
                condition=Q(role="deputy_mayor", deputy_order__isnull=False)
                | (~Q(role="deputy_mayor") & Q(deputy_order__isnull=True)),
                name="corporativa_person_deputy_order",
                violation_error_message=_(
                    "Deputy mayors need their order, and only deputy mayors have one."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def area_list(self) -> list[str]:
        return [line.strip() for line in self.areas.splitlines() if line.strip()]

    @property
    def role_title(self) -> str:
        if self.role == Role.DEPUTY_MAYOR and self.deputy_order:
            return _("Deputy mayor no. %(order)s") % {"order": self.deputy_order}
        return self.get_role_display()

    def photo_url(self) -> str:
        return reverse("corporativa:person-photo", args=[self.pk]) if self.photo else ""
