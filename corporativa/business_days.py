"""The business-day calendar that every section counts deadlines with.

Llei 39/2015, art. 30.2: when a deadline is set in days, they are business
days; Saturdays, Sundays and holidays are non-business days. The holidays that
count are the state and Catalan ones (the `holidays` package knows them, with
subdivision "CT") and the local holidays of the municipality, which staff
enter as `LocalHoliday` records.

All dates here are calendar days in the official time of the seu,
Europe/Madrid. Datetimes are converted to that zone before their day is
taken.

Cost: the package's holidays are computed once per year and process (they
never change), and local holidays cost one small query per year a computation
touches. A page or command that computes many deadlines should build one
`BusinessCalendar` and reuse it: it reads each year's local holidays once.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_package
from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

# The seu's official time (RD 203/2021, art. 11.1.i; Llei 39/2015, art. 31.2)
# is Spanish peninsular time whatever the server says. This is its one home:
# every date the law counts is a day of this zone (see official_day).
OFFICIAL_TZ = ZoneInfo("Europe/Madrid")

COUNTRY = "ES"
SUBDIVISION = "CT"


class PeriodUnit(models.TextChoices):
    """The units a legal period is given in (Llei 39/2015, art. 30)."""

    BUSINESS_DAYS = "business_days", _("business days")
    NATURAL_DAYS = "natural_days", _("natural days")
    MONTHS = "months", _("months")


class HolidayScope(models.TextChoices):
    STATE = "state", _("State holiday")
    CATALONIA = "catalonia", _("Catalan holiday")
    LOCAL = "local", _("Local holiday")


_SCOPE_ORDER = {scope: position for position, scope in enumerate(HolidayScope)}


@dataclass(frozen=True, slots=True)
class Holiday:
    """One holiday as the public calendar shows it."""

    date: date
    name: str
    scope: HolidayScope

    @property
    def scope_label(self) -> str:
        return str(self.scope.label)

    def sort_key(self) -> tuple[date, int]:
        return (self.date, _SCOPE_ORDER[self.scope])


def official_now() -> datetime:
    """Now, in the official time of the seu."""
    return timezone.now().astimezone(OFFICIAL_TZ)


def official_today() -> date:
    """Today's date in the official time of the seu (Europe/Madrid)."""
    return timezone.localdate(timezone=OFFICIAL_TZ)


def official_day(at: datetime) -> date:
    """The official calendar day of an aware moment: the day the law counts."""
    if timezone.is_naive(at):
        raise ValueError("official_day needs a timezone-aware datetime")
    return at.astimezone(OFFICIAL_TZ).date()


def official_midnight(day: date) -> datetime:
    """The first moment of `day` in official time."""
    return datetime.combine(day, time.min, tzinfo=OFFICIAL_TZ)


def _package_language(code: str | None) -> str | None:
    """The `holidays` language matching a Django language code, if it has one."""
    if not code:
        return None
    supported = holidays_package.ES.supported_languages
    locale = translation.to_locale(code)  # "en-us" -> "en_US", "ca" -> "ca"
    if locale in supported:
        return locale
    base = locale.split("_")[0]
    if base in supported:
        return base
    # "en" -> "en_US": any regional variant of the same language will do.
    return next((lang for lang in sorted(supported) if lang.split("_")[0] == base), None)


def _holiday_language() -> str:
    """Holiday names in the active language, else the site's default, else the package's."""
    return (
        _package_language(translation.get_language())
        or _package_language(settings.LANGUAGE_CODE)
        or holidays_package.ES.default_language
    )


@lru_cache(maxsize=32)
def _regional_dates(year: int) -> frozenset[date]:
    """State and Catalan holidays of a year (computed once per process)."""
    return frozenset(holidays_package.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=year))


@lru_cache(maxsize=64)
def _regional_holidays(year: int, language: str) -> tuple[Holiday, ...]:
    """State and Catalan holidays of a year, named in `language`, sorted by date.

    With subdivision "CT" the package mixes both kinds; a day that is also a
    holiday of the whole country (the package without subdivision) is a state
    holiday, the rest are Catalan ones (Easter Monday, Sant Joan, the Diada,
    Sant Esteve, and any state holiday the Generalitat moved to another day).
    """
    national = holidays_package.country_holidays(COUNTRY, years=year)
    regional = holidays_package.country_holidays(
        COUNTRY, subdiv=SUBDIVISION, years=year, language=language
    )
    return tuple(
        Holiday(
            date=day,
            name=name,
            scope=HolidayScope.STATE if day in national else HolidayScope.CATALONIA,
        )
        for day, name in sorted(regional.items())
    )


def regional_holiday_on(day: date) -> Holiday | None:
    """The state or Catalan holiday on `day`, or None. Never touches the database."""
    if day not in _regional_dates(day.year):
        return None
    return next(h for h in _regional_holidays(day.year, _holiday_language()) if h.date == day)


def _check_is_date(day: date) -> None:
    # A datetime is a date too, but its day depends on the time zone it is in:
    # callers must take the day in Europe/Madrid themselves (or use effective_time).
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"Expected a date, got {type(day).__name__}")


class BusinessCalendar:
    """Business-day arithmetic with each year's local holidays read once.

    The module-level functions build a fresh calendar per call, so they always
    see the local holidays as they are in the database now. Keep one instance
    for a batch of computations (a list page, a command) and each year costs
    one query in total; do not keep one across requests, or local holidays
    added since would be missed.
    """

    def __init__(self) -> None:
        self._closed_days: dict[int, frozenset[date]] = {}

    def holiday_dates(self, year: int) -> frozenset[date]:
        """Every holiday of `year` (state, Catalan and local), weekends aside."""
        closed = self._closed_days.get(year)
        if closed is None:
            from corporativa.models import LocalHoliday  # the models import this module

            local = LocalHoliday.objects.in_year(year).values_list("date", flat=True)
            closed = _regional_dates(year) | frozenset(local)
            self._closed_days[year] = closed
        return closed

    def is_business_day(self, day: date) -> bool:
        _check_is_date(day)
        # Weekends first: they need no holiday lookup at all.
        return day.weekday() < 5 and day not in self.holiday_dates(day.year)

    def next_business_day(self, day: date) -> date:
        _check_is_date(day)
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def first_business_day_from(self, day: date) -> date:
        _check_is_date(day)
        return day if self.is_business_day(day) else self.next_business_day(day)

    def add_business_days(self, start: date, n: int) -> date:
        _check_is_date(start)
        if n < 1:
            raise ValueError(f"A deadline in business days needs n >= 1, not {n}")
        day = start
        for _step in range(n):
            day = self.next_business_day(day)
        return day

    def add_months(self, start: date, n: int) -> date:
        _check_is_date(start)
        if n < 1:
            raise ValueError(f"A deadline in months needs n >= 1, not {n}")
        months = start.year * 12 + (start.month - 1) + n
        year, month = divmod(months, 12)
        month += 1
        end = date(year, month, min(start.day, monthrange(year, month)[1]))
        return self.first_business_day_from(end)

    def period_end(self, start: date, amount: int, unit: str) -> date:
        _check_is_date(start)
        if unit == PeriodUnit.BUSINESS_DAYS:
            return self.add_business_days(start, amount)
        if unit == PeriodUnit.MONTHS:
            return self.add_months(start, amount)
        if unit == PeriodUnit.NATURAL_DAYS:
            if amount < 1:
                raise ValueError(f"A deadline in natural days needs n >= 1, not {amount}")
            return self.first_business_day_from(start + timedelta(days=amount))
        raise ValueError(f"Unknown period unit {unit!r}")

    def effective_time(self, registered_at: datetime) -> datetime:
        if timezone.is_naive(registered_at):
            raise ValueError("registered_at must be timezone-aware")
        local_day = official_day(registered_at)
        if self.is_business_day(local_day):
            return registered_at
        return official_midnight(self.next_business_day(local_day))

    def non_business_days(self, year: int) -> list[Holiday]:
        from corporativa.models import LocalHoliday  # the models import this module

        local = [
            Holiday(date=holiday.date, name=holiday.name, scope=HolidayScope.LOCAL)
            for holiday in LocalHoliday.objects.in_year(year).only("date", "name")
        ]
        regional = _regional_holidays(year, _holiday_language())
        return sorted([*regional, *local], key=Holiday.sort_key)


def is_business_day(day: date) -> bool:
    """Whether `day` is a business day (Llei 39/2015, art. 30.2).

    Saturdays, Sundays, state and Catalan holidays and the municipality's local
    holidays are non-business days; every other day is a business day.
    """
    return BusinessCalendar().is_business_day(day)


def next_business_day(day: date) -> date:
    """The first business day strictly after `day`.

    Where an entry made on a non-business day takes effect (art. 31.2.b), and
    where counting resumes after a non-business day.
    """
    return BusinessCalendar().next_business_day(day)


def first_business_day_from(day: date) -> date:
    """`day` itself if it is a business day, otherwise the next business day.

    A deadline whose last day is a non-business day ends on the first business
    day after it (art. 30.5).
    """
    return BusinessCalendar().first_business_day_from(day)


def add_business_days(start: date, n: int) -> date:
    """The last day of a deadline of `n` business days (Llei 39/2015, art. 30.2 and 30.3).

    `start` is the day of the notification or publication. Counting begins the
    day after it, whatever kind of day `start` is, and Saturdays, Sundays and
    holidays are skipped; the result is always a business day. A requeriment
    (art. 68) is `add_business_days(notified_on, 10)`.

    Raises ValueError when `n` is smaller than 1.
    """
    return BusinessCalendar().add_business_days(start, n)


def business_days_between(start: date, end: date) -> int:
    """How many business days come after `start`, up to and including `end` (0 when
    `end` is not after `start`): the days a deadline in business days loses while it
    is suspended from `start` to `end`."""
    calendar = BusinessCalendar()
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += calendar.is_business_day(day)
        day += timedelta(days=1)
    return count


def add_months(start: date, n: int) -> date:
    """The last day of a deadline of `n` months (Llei 39/2015, art. 30.4 and 30.5).

    The deadline ends on the same day number as `start`, `n` months later; if
    that month has no such day, on the last day of that month. If that day is
    a non-business day, the deadline moves to the next business day.

    Raises ValueError when `n` is smaller than 1.
    """
    return BusinessCalendar().add_months(start, n)


def last_moment_shown(end_at: datetime | None, *, step: timedelta = timedelta(minutes=1)):
    """How people read the end of a period: one that ends at 00:00 official time
    (a notice coming down, an application period closing) is shown as ending the
    day before at 23:59 (23:59:59 with a step of a second, as certificates say it).
    Any other end is shown as it is; None stays None."""
    if end_at is None:
        return None
    local = end_at.astimezone(OFFICIAL_TZ)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return local - step
    return local


def period_end(start: date, amount: int, unit: str) -> date:
    """The last day of a period of `amount` `unit` (a PeriodUnit) that counts from
    `start`, the day of its notification or publication (Llei 39/2015, art. 30).

    The one rule for every legal period of the seu: the board's display period,
    the calls' application period, the resolution deadline of a procedure, the
    requeriment's ten days. Business days count from the day after `start`,
    skipping non-business days (art. 30.2); natural days count from the day
    after too; months end on the same day number (art. 30.4); and a period in
    natural days or months that ends on a non-business day moves to the next
    business day (art. 30.5). The result is always a business day.

    Raises ValueError when `amount` is smaller than 1.
    """
    return BusinessCalendar().period_end(start, amount, unit)


def effective_time(registered_at: datetime) -> datetime:
    """When a registry entry takes effect (Llei 39/2015, art. 31.2.b).

    The registry is open every day at every hour, but an entry made on a
    non-business day (judged in Europe/Madrid) counts as made at 00:00
    Europe/Madrid of the next business day; that aware datetime is returned.
    An entry made on a business day takes effect as registered: `registered_at`
    is returned unchanged.

    Raises ValueError for a naive datetime.
    """
    return BusinessCalendar().effective_time(registered_at)


def non_business_days(year: int) -> list[Holiday]:
    """The holidays of `year` for the public calendar, sorted by date.

    State, Catalan and local holidays, each with its scope; names follow the
    active language. Ordinary Saturdays and Sundays are not listed (they are
    non-business days every week), but a holiday that falls on one is.
    """
    return BusinessCalendar().non_business_days(year)
