from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A member of the council's place in the government."""

    MAYOR = "mayor", _("Mayor")
    DEPUTY_MAYOR = "deputy_mayor", _("Deputy mayor")
    COUNCILLOR = "councillor", _("Councillor")


class BodyKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary (Ple)")
    GOVERNING_BOARD = "governing_board", _("Local Governing Board (Junta de Govern Local)")
    COMMISSION = "commission", _("Commission")
    OTHER = "other", _("Other body")


class SessionKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    EXTRAORDINARY = "extraordinary", _("Extraordinary")
    URGENT = "urgent", _("Extraordinary and urgent")


class SessionDocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    MINUTES = "minutes", _("Minutes")


class Weekday(models.IntegerChoices):
    # Python's date.weekday() numbering, so a day's hours are a plain lookup.
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class RegulationKind(models.TextChoices):
    ORDINANCE = "ordinance", _("Ordinance")
    TAX_ORDINANCE = "tax_ordinance", _("Tax ordinance")
    REGULATION = "regulation", _("Regulation")
    PLAN = "plan", _("Plan")
    OTHER = "other", _("Other provision")


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    REPEALED = "repealed", _("Repealed")


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")
