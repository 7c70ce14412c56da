from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeState(models.TextChoices):
    """What the public sees; all but cancelled follow from the clock."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    ON_DISPLAY = "on_display", _("On display")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class LogEvent(models.TextChoices):
    PUBLISHED = "published", _("Published")
    EXTENDED = "extended", _("Period extended")
    FINISHED = "finished", _("Display finished")
    CANCELLED = "cancelled", _("Cancelled")
    CORRECTED = "corrected", _("Corrected by a later notice")


# The states a visitor can see a notice in: drafts and scheduled notices are never public.
PUBLIC_STATES = (NoticeState.ON_DISPLAY, NoticeState.FINISHED, NoticeState.CANCELLED)
