"""When an office is open: regular hours, special periods and holidays.

The rules, in order, for one day:
1. A holiday (state, Catalan or local, as the business-day calendar knows
   them) closes every office.
2. Otherwise, if special periods cover the day, the most specific one (the
   shortest; on a tie, the one that starts last) decides: closed, or its own
   hours for that weekday (a weekday it gives no hours for is closed).
3. Otherwise the regular hours of that weekday apply (none: closed).

Everything is computed per request from data read in a handful of queries, so
a page never shows a stale "open now": nothing here is cached.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from corporativa.business_days import OFFICIAL_TZ, BusinessCalendar, Holiday, HolidayScope
from corporativa.choices import Weekday

# How far ahead "closed now" looks for the next opening.
LOOKAHEAD_DAYS = 31


@dataclass(frozen=True)
class DayHours:
    """An office's hours on one day, and why they differ from the regular ones."""

    day: date
    ranges: tuple[tuple[time, time], ...]
    holiday: str = ""  # the holiday's name when the day is one
    holiday_is_local: bool = False  # a local holiday's name is staff's text, not translated
    period: str = ""  # the special period's name when one applies

    @property
    def is_open(self) -> bool:
        return bool(self.ranges)

    @property
    def is_exceptional(self) -> bool:
        return bool(self.holiday or self.period)


@dataclass(frozen=True)
class Status:
    """Open or closed at a moment, with when that changes."""

    is_open: bool
    at: datetime
    closes_at: datetime | None = None  # while open
    opens_at: datetime | None = None  # while closed: the next opening, if within the lookahead


class HolidayNames:
    """The holidays (name and scope) of the years asked for, each year read once."""

    def __init__(self):
        self._calendar = BusinessCalendar()
        self._holidays: dict[int, dict[date, Holiday]] = {}

    def on(self, day: date) -> Holiday | None:
        holidays = self._holidays.get(day.year)
        if holidays is None:
            holidays = {h.date: h for h in self._calendar.non_business_days(day.year)}
            self._holidays[day.year] = holidays
        return holidays.get(day)


class Schedule:
    """The opening hours of one office, built from its prefetched rows.

    `regular` are OpeningHours rows, `periods` SpecialPeriod rows with their
    `hours` prefetched; `holidays` is shared between offices on a list page.
    """

    def __init__(self, *, regular, periods, holidays: HolidayNames | None = None):
        self._regular: dict[int, list[tuple[time, time]]] = {}
        for row in regular:
            self._regular.setdefault(row.weekday, []).append((row.opens, row.closes))
        self._periods = sorted(periods, key=lambda p: (p.length, -p.start.toordinal()))
        self._holidays = holidays or HolidayNames()

    @classmethod
    def for_office(cls, office, holidays: HolidayNames | None = None) -> "Schedule":
        """From an office whose `hours` and `special_periods__hours` are prefetched."""
        return cls(
            regular=office.hours.all(), periods=office.special_periods.all(), holidays=holidays
        )

    def hours_on(self, day: date) -> DayHours:
        holiday = self._holidays.on(day)
        if holiday is not None:
            return DayHours(
                day=day,
                ranges=(),
                holiday=holiday.name,
                holiday_is_local=holiday.scope == HolidayScope.LOCAL,
            )
        period = next((p for p in self._periods if p.covers(day)), None)
        if period is not None:
            if period.closed:
                return DayHours(day=day, ranges=(), period=period.name)
            ranges = [(h.opens, h.closes) for h in period.hours.all() if h.weekday == day.weekday()]
            return DayHours(day=day, ranges=tuple(sorted(ranges)), period=period.name)
        return DayHours(day=day, ranges=tuple(sorted(self._regular.get(day.weekday(), []))))

    def week_of(self, day: date) -> list[DayHours]:
        """Monday to Sunday of the week that contains `day`."""
        monday = day - timedelta(days=day.weekday())
        return [self.hours_on(monday + timedelta(days=n)) for n in range(7)]

    def status_at(self, at: datetime | None = None) -> Status:
        at = (at or timezone.now()).astimezone(OFFICIAL_TZ)
        today = self.hours_on(at.date())
        now = at.time().replace(tzinfo=None)
        for opens, closes in today.ranges:
            if opens <= now < closes:
                return Status(is_open=True, at=at, closes_at=_moment(at.date(), closes))
        return Status(is_open=False, at=at, opens_at=self._next_opening(at))

    def _next_opening(self, at: datetime) -> datetime | None:
        now = at.time().replace(tzinfo=None)
        for offset in range(LOOKAHEAD_DAYS + 1):
            day = at.date() + timedelta(days=offset)
            for opens, _closes in self.hours_on(day).ranges:
                if offset or opens > now:
                    return _moment(day, opens)
        return None


def _moment(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=OFFICIAL_TZ)


@dataclass(frozen=True)
class WeekdayRun:
    """Consecutive weekdays with the same hours, e.g. Monday to Friday 08:30–14:00."""

    first: int
    last: int
    ranges: tuple[tuple[time, time], ...]

    @property
    def first_label(self) -> str:
        return str(Weekday(self.first).label)

    @property
    def last_label(self) -> str:
        return str(Weekday(self.last).label)


def weekday_runs(rows, *, weekdays=None) -> list[WeekdayRun]:
    """Rows of hours (weekday, opens, closes) as runs of consecutive weekdays.

    `weekdays` limits them to the weekdays that matter (those a short period
    covers); weekdays without hours are left out.
    """
    by_day: dict[int, list[tuple[time, time]]] = {}
    for row in rows:
        if weekdays is None or row.weekday in weekdays:
            by_day.setdefault(row.weekday, []).append((row.opens, row.closes))
    runs: list[WeekdayRun] = []
    for day in sorted(by_day):
        ranges = tuple(sorted(by_day[day]))
        previous = runs[-1] if runs else None
        if previous is not None and previous.last == day - 1 and previous.ranges == ranges:
            runs[-1] = WeekdayRun(previous.first, day, ranges)
        else:
            runs.append(WeekdayRun(day, day, ranges))
    return runs


def period_weekdays(period) -> set[int] | None:
    """The weekdays a period covers, or None when it lasts a week or more (all of them)."""
    if period.length >= 6:
        return None
    return {(period.start + timedelta(days=n)).weekday() for n in range(period.length + 1)}
