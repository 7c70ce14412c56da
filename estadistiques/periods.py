"""The periods the statistics dashboard offers, computed from the official today.

Every period is a pair of dates, both included, in the official time of the
seu (Europe/Madrid): the same days `stats_report --since --until` takes.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

# The longest period the dashboard (and its CSV) computes: three years.
MAX_DAYS = 3 * 365 + 1


class Preset(models.TextChoices):
    # Values are what the address shows (?periode=30-dies): Catalan, like the paths.
    THIS_MONTH = "aquest-mes", _("This month")
    LAST_30_DAYS = "30-dies", _("Last 30 days")
    LAST_6_MONTHS = "6-mesos", _("Last 6 months")
    THIS_YEAR = "aquest-any", _("This year")
    CUSTOM = "personalitzat", _("Custom period")


DEFAULT_PRESET = Preset.LAST_30_DAYS


@dataclass(frozen=True)
class Period:
    since: date
    until: date
    preset: str = Preset.CUSTOM

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def months(self) -> list[str]:
        """Every month the period touches, as "YYYY-MM", in order."""
        year, month = self.since.year, self.since.month
        months = []
        while (year, month) <= (self.until.year, self.until.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def months_before(day: date, count: int) -> date:
    """The first day of the month `count` months before `day`'s month."""
    index = day.year * 12 + (day.month - 1) - count
    return date(index // 12, index % 12 + 1, 1)


def preset_period(preset: str, *, today: date) -> Period:
    """The dates of a preset, ending today (today's views count as they arrive).

    "Last 6 months" is this month and the five before it, from their first
    day, so each of its six months is whole but the current one.
    """
    if preset == Preset.THIS_MONTH:
        since = today.replace(day=1)
    elif preset == Preset.LAST_30_DAYS:
        since = today - timedelta(days=29)
    elif preset == Preset.LAST_6_MONTHS:
        since = months_before(today, 5)
    elif preset == Preset.THIS_YEAR:
        since = today.replace(month=1, day=1)
    else:
        raise ValueError(f"{preset!r} is not a preset period")
    return Period(since=since, until=today, preset=preset)


def earliest_since(until: date) -> date:
    """The first day of the longest period allowed to end on `until`."""
    return until - timedelta(days=MAX_DAYS - 1)
