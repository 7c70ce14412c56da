from django.db import models
from django.utils.translation import gettext_lazy as _


class CallKind(models.TextChoices):
    JOB = "job", _("Public job")
    GRANT = "grant", _("Grant")
    SCHOLARSHIP = "scholarship", _("Scholarship")
    SUBSIDY = "subsidy", _("Subsidy")

    @classmethod
    def funding(cls) -> tuple[str, ...]:
        """The kinds that give money: they carry budget fields, not job fields."""
        return (cls.GRANT, cls.SCHOLARSHIP, cls.SUBSIDY)


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CANCELLED = "cancelled", _("Cancelled")


class JobGroup(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    AP = "AP", _("AP (other groupings)")


class PostType(models.TextChoices):
    CAREER = "career", _("Career civil servant")
    INTERIM = "interim", _("Interim civil servant")
    LABOUR = "labour", _("Labour staff")


class SelectionSystem(models.TextChoices):
    COMPETITION = "competition", _("Competition of merits")
    EXAM = "exam", _("Competitive exam")
    BOTH = "both", _("Competitive exam and merits")


class PeriodMode(models.TextChoices):
    DATES = "dates", _("Between two dates")
    BUSINESS_DAYS = "business_days", _("Business days from the publication date")


class PhaseKind(models.TextChoices):
    BASES = "bases", _("Bases published")
    APPLICATION = "application", _("Application period")
    PROVISIONAL_LIST = "provisional_list", _("Provisional list of admitted people")
    CLAIMS = "claims", _("Claims period")
    FINAL_LIST = "final_list", _("Final list of admitted people")
    EXAM = "exam", _("Exam")
    RESULTS = "results", _("Results")
    AWARD = "award", _("Appointment or award")
    OTHER = "other", _("Other")
    # A later step that moves the last day of the application period (art. 32 Llei 39/2015).
    EXTENSION = "extension", _("Extension of the application period")


# The statuses a visitor can see a call in (drafts are never public), in the
# order the list page offers them.
PUBLIC_STATUSES = (
    CallStatus.OPEN,
    CallStatus.UPCOMING,
    CallStatus.IN_PROGRESS,
    CallStatus.RESOLVED,
    CallStatus.CANCELLED,
)
