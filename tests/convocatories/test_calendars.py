"""The .ics files of the calls, read back with the icalendar package."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from convocatories.choices import CallKind, PhaseKind
from tests.convocatories.factories import (
    CallFactory,
    PhaseFactory,
    call_cancelled,
    call_resolved,
)

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SEU_SITE_URL = "https://seu.mollet.example"


def fetch(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    # RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert raw.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    for event in calendar.walk("VEVENT"):
        assert event["UID"] and event["DTSTAMP"] and event["SUMMARY"] and event["URL"]
    return calendar


def events_by_uid(calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def call():
    """Applications from Tuesday 1 to Tuesday 15 December 2026, with an exam at
    9:30, a second exam day without a time, and a list (not an exam)."""
    call = CallFactory(
        title="Auxiliar administratiu",
        opens_on=datetime.date(2026, 12, 1),
        closes_on=datetime.date(2026, 12, 15),
    )
    PhaseFactory(
        call=call,
        kind=PhaseKind.EXAM,
        title="Primer exercici",
        date=datetime.date(2027, 1, 20),
        time=datetime.time(9, 30),
        place="Escola Municipal, c/ Major 3",
    )
    PhaseFactory(call=call, kind=PhaseKind.EXAM, title="", date=datetime.date(2027, 2, 3))
    PhaseFactory(call=call, kind=PhaseKind.PROVISIONAL_LIST, date=datetime.date(2027, 1, 8))
    return call


def test_a_call_calendar_has_its_period_deadline_and_exams(client, call):
    response = client.get(reverse("convocatories:call-calendar", args=[call.slug]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="convocatoria-{call.slug}.ics"'
    )
    events = events_by_uid(fetch(client, reverse("convocatories:call-calendar", args=[call.slug])))
    exams = list(call.phases.filter(kind=PhaseKind.EXAM).order_by("date"))
    host = "seu.mollet.example"
    assert set(events) == {
        f"call-{call.pk}-period@{host}",
        f"call-{call.pk}-deadline@{host}",
        f"call-{call.pk}-phase-{exams[0].pk}@{host}",
        f"call-{call.pk}-phase-{exams[1].pk}@{host}",
    }
    url = "http://testserver" + call.get_absolute_url()

    period = events[f"call-{call.pk}-period@{host}"]
    # All day, and DTEND is the day after the last (RFC 5545 counts it out).
    assert period.decoded("DTSTART") == datetime.date(2026, 12, 1)
    assert period.decoded("DTEND") == datetime.date(2026, 12, 16)
    assert not isinstance(period.decoded("DTSTART"), datetime.datetime)
    assert str(period["SUMMARY"]) == "Application period: Auxiliar administratiu"
    assert str(period["URL"]) == url
    assert "can be made until 15 December 2026 at 23:59." in str(period["DESCRIPTION"])

    deadline = events[f"call-{call.pk}-deadline@{host}"]
    assert deadline.decoded("DTSTART") == datetime.datetime(2026, 12, 15, 23, 59, tzinfo=MADRID)
    assert deadline.decoded("DTEND") == datetime.datetime(2026, 12, 16, 0, 0, tzinfo=MADRID)
    assert deadline["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert str(deadline["SUMMARY"]) == "Deadline to apply: Auxiliar administratiu"
    [alarm] = deadline.walk("VALARM")
    assert alarm.decoded("TRIGGER") == datetime.timedelta(days=-1)

    timed = events[f"call-{call.pk}-phase-{exams[0].pk}@{host}"]
    assert timed.decoded("DTSTART") == datetime.datetime(2027, 1, 20, 9, 30, tzinfo=MADRID)
    assert str(timed["LOCATION"]) == "Escola Municipal, c/ Major 3"
    assert str(timed["SUMMARY"]) == "Primer exercici: Auxiliar administratiu"
    assert str(timed["URL"]) == f"{url}#fase-{exams[0].pk}"

    all_day = events[f"call-{call.pk}-phase-{exams[1].pk}@{host}"]
    assert all_day.decoded("DTSTART") == datetime.date(2027, 2, 3)
    assert all_day.decoded("DTEND") == datetime.date(2027, 2, 4)
    assert str(all_day["SUMMARY"]) == "Exam: Auxiliar administratiu"


def test_the_calendar_defines_madrid_time(client, call):
    calendar = fetch(client, reverse("convocatories:call-calendar", args=[call.slug]))
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Madrid"
    assert {c.name for c in zone.subcomponents} == {"DAYLIGHT", "STANDARD"}
    # The zone it defines gives the real offsets, in winter and in summer.
    tz = zone.to_tz()
    winter = datetime.datetime(2027, 1, 20, 9, 30, tzinfo=tz)
    summer = datetime.datetime(2027, 7, 20, 9, 30, tzinfo=tz)
    assert winter.utcoffset() == datetime.timedelta(hours=1)
    assert summer.utcoffset() == datetime.timedelta(hours=2)


def test_the_same_call_gives_the_same_file(client, call):
    url = reverse("convocatories:call-calendar", args=[call.slug])
    assert client.get(url).content == client.get(url).content


def test_a_period_ending_on_a_holiday_ends_on_the_next_business_day(client):
    # Christmas 2026 is a Friday; the 26th (Sant Esteve) and the 27th do not count.
    call = CallFactory(opens_on=datetime.date(2026, 12, 10), closes_on=datetime.date(2026, 12, 25))
    events = events_by_uid(fetch(client, reverse("convocatories:call-calendar", args=[call.slug])))
    period = events[f"call-{call.pk}-period@seu.mollet.example"]
    assert period.decoded("DTEND") == datetime.date(2026, 12, 29)
    deadline = events[f"call-{call.pk}-deadline@seu.mollet.example"]
    assert deadline.decoded("DTSTART").date() == datetime.date(2026, 12, 28)


def test_a_draft_has_no_calendar(client):
    draft = CallFactory(published=False)
    response = client.get(reverse("convocatories:call-calendar", args=[draft.slug]))
    assert response.status_code == 404


def test_the_subscribable_calendar_holds_open_and_upcoming_calls(client):
    open_call = CallFactory()
    upcoming = CallFactory(upcoming=True, funding=True)
    closed = CallFactory(closed=True)
    resolved = call_resolved()
    cancelled = call_cancelled()
    draft = CallFactory(published=False)

    response = client.get(reverse("convocatories:calendar"))
    assert response["Content-Disposition"] == 'inline; filename="convocatories.ics"'
    calendar = fetch(client, reverse("convocatories:calendar"))
    assert str(calendar["X-WR-CALNAME"]) == "Open and upcoming calls"
    assert calendar.decoded("REFRESH-INTERVAL") == datetime.timedelta(hours=6)
    calls = {uid.split("-")[1] for uid in events_by_uid(calendar)}
    assert calls == {str(open_call.pk), str(upcoming.pk)}
    for other in (closed, resolved, cancelled, draft):
        assert str(other.pk) not in calls
    # No reminders in a calendar one subscribes to.
    assert not calendar.walk("VALARM")


def test_the_calendar_of_one_kind(client):
    job = CallFactory()
    grant = CallFactory(funding=True)

    calendar = fetch(client, reverse("convocatories:calendar-kind", args=[CallKind.GRANT]))
    assert {uid.split("-")[1] for uid in events_by_uid(calendar)} == {str(grant.pk)}
    assert str(calendar["X-WR-CALNAME"]) == "Open and upcoming calls · Grant"
    assert str(job.pk) not in {
        uid.split("-")[1]
        for uid in events_by_uid(
            fetch(client, reverse("convocatories:calendar-kind", args=[CallKind.SUBSIDY]))
        )
    }
    assert client.get(reverse("convocatories:calendar-kind", args=["nope"])).status_code == 404


def test_the_subscribable_calendar_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    for _ in range(6):
        call = CallFactory()
        PhaseFactory(call=call, kind=PhaseKind.EXAM, time=datetime.time(10, 0))
    with django_assert_max_num_queries(4):
        client.get(reverse("convocatories:calendar"))
