"""iCalendar (RFC 5545) files of the calls, built with the `icalendar` package.

One call gives up to three kinds of event:

- its application period, an all-day event from the first to the last day
  (DTEND is the day after the last, as RFC 5545 counts all-day events);
- its deadline, the last minute one may apply (23:59 of the last day, in
  Madrid), with a reminder the day before in the single-call file;
- one event per exam phase: at its time and place, or all day when the time
  is not known yet.

UIDs are built from primary keys and the seu's host name (SEU_SITE_URL), never
from the request, so a calendar application that subscribed to a feed sees the
same event change, not a new one: `call-<pk>-period@host`,
`call-<pk>-deadline@host`, `call-<pk>-phase-<pk>@host`. DTSTAMP and
LAST-MODIFIED are when the call (or the phase) last changed, so an unchanged
file is byte-for-byte the same.

Times are in Europe/Madrid with its VTIMEZONE (the EU summer-time rules,
written as recurrence rules so the definition has no end date).
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from convocatories.choices import PhaseKind
from convocatories.dates import until_words
from convocatories.models import Call, Phase
from corporativa.business_days import OFFICIAL_TZ

PRODID = "-//Seu electronica//Convocatories//CA"
# How often a subscribed calendar application should fetch again (RFC 7986).
REFRESH_INTERVAL = datetime.timedelta(hours=6)
DEADLINE_TIME = datetime.time(23, 59)


def uid_host() -> str:
    return urlsplit(settings.SEU_SITE_URL).hostname or "seu.invalid"


def _madrid_timezone() -> icalendar.Timezone:
    """Europe/Madrid as peninsular Spain has kept it since 1996."""
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Madrid")
    zone.add("x-lic-location", "Europe/Madrid")
    summer = icalendar.TimezoneDaylight()
    summer.add("tzname", "CEST")
    # A VTIMEZONE's DTSTART is local time, without a zone (RFC 5545, 3.6.5).
    summer.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0))  # noqa: DTZ001
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    winter = icalendar.TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0))  # noqa: DTZ001
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def period_days(call: Call) -> tuple[datetime.date, datetime.date] | None:
    """First and last day to apply, read from the stored period (the same as
    `call.application_days()`, without asking the holiday calendar again)."""
    if call.opens_at is None or call.closes_at is None:
        return None
    first = call.opens_at.astimezone(OFFICIAL_TZ).date()
    last = call.closes_at.astimezone(OFFICIAL_TZ).date() - datetime.timedelta(days=1)
    return first, last


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def _new_calendar(*, name: str, description: str, subscribable: bool) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", "Europe/Madrid")
    if subscribable:
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH_INTERVAL)
    calendar.add_component(_madrid_timezone())
    return calendar


def _event(*, uid: str, stamp: datetime.datetime, summary: str, url: str, description: str):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(stamp))
    event.add("summary", summary)
    event.add("url", url, parameters={"VALUE": "URI"})
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def _call_events(call: Call, *, url: str, host: str, reminders: bool) -> list[icalendar.Event]:
    """The events of one call. Its phases must be loaded (prefetch `phases`)."""
    events = []
    days = period_days(call)
    if days is not None:
        first, last = days
        deadline_words = _("Applications can be made %(until)s.") % {"until": until_words(last)}
        period = _event(
            uid=f"call-{call.pk}-period@{host}",
            stamp=call.updated_at,
            summary=_("Application period: %(title)s") % {"title": call.title},
            url=url,
            description=f"{call.summary}\n\n{deadline_words}\n{url}",
        )
        period.add("dtstart", first)
        period.add("dtend", last + datetime.timedelta(days=1))
        period.add("categories", [str(call.get_kind_display())])
        events.append(period)

        deadline = _event(
            uid=f"call-{call.pk}-deadline@{host}",
            stamp=call.updated_at,
            summary=_("Deadline to apply: %(title)s") % {"title": call.title},
            url=url,
            description=f"{deadline_words}\n{url}",
        )
        deadline.add("dtstart", datetime.datetime.combine(last, DEADLINE_TIME, tzinfo=OFFICIAL_TZ))
        deadline.add("dtend", call.closes_at.astimezone(OFFICIAL_TZ))
        deadline.add("categories", [str(call.get_kind_display())])
        if reminders:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", deadline["summary"])
            alarm.add("trigger", datetime.timedelta(days=-1))
            deadline.add_component(alarm)
        events.append(deadline)

    for phase in call.phases.all():
        if phase.kind != PhaseKind.EXAM:
            continue
        text = f"{phase.text}\n\n{url}" if phase.text else url
        event = _event(
            uid=f"call-{call.pk}-phase-{phase.pk}@{host}",
            stamp=max(call.updated_at, phase.published_at),
            summary=f"{phase.display_title}: {call.title}",
            url=f"{url}#fase-{phase.pk}",
            description=text,
        )
        if phase.time is not None:
            event.add("dtstart", phase.starts_at())
        else:
            event.add("dtstart", phase.date)
            event.add("dtend", (phase.ends_on or phase.date) + datetime.timedelta(days=1))
        if phase.place:
            event.add("location", phase.place)
        events.append(event)
    return events


def exam_phases() -> Prefetch:
    """What `_call_events` reads of the phases: prefetch it on the calls."""
    return Prefetch("phases", queryset=Phase.objects.filter(kind=PhaseKind.EXAM))


def call_calendar(call: Call, *, base_url: str) -> bytes:
    """The .ics of one call (loaded with `exam_phases()`), with a reminder the day
    before its deadline."""
    calendar = _new_calendar(
        name=f"{call.reference} · {call.title}",
        description=call.summary,
        subscribable=False,
    )
    url = base_url + call.get_absolute_url()
    for event in _call_events(call, url=url, host=uid_host(), reminders=True):
        calendar.add_component(event)
    return calendar.to_ical()


def calls_calendar(calls, *, name: str, description: str, base_url: str) -> bytes:
    """A calendar of many calls to subscribe to. No reminders: a subscriber who
    wants them sets them in their own application."""
    calendar = _new_calendar(name=name, description=description, subscribable=True)
    host = uid_host()
    for call in calls.prefetch_related(exam_phases()):
        url = base_url + call.get_absolute_url()
        for event in _call_events(call, url=url, host=host, reminders=False):
            calendar.add_component(event)
    return calendar.to_ical()
