"""Every `datetime` attribute is one the HTML standard accepts, so the W3C checker
passes the pages: the official clock and the times of records carry microseconds,
and a time string may have at most three fraction digits."""

import re
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from seu.templatetags.machine_dates import iso_datetime
from tests.convocatories.factories import CallFactory, PhaseFactory
from tests.corporativa.factories import (
    CouncilFactory,
    OfficeFactory,
    RegulationFactory,
    SessionFactory,
    weekday_hours,
)
from tests.tauler.factories import notice_on_display
from tests.tramits.factories import ProcedureFactory, ProcedureFieldFactory
from tramits import services as tramits_services
from tramits.choices import FieldKind, Status

# The HTML standard, "Dates and times" (common microsyntaxes, 2.3.5). A year is
# four or more digits; a second may have one to three fraction digits; an
# offset is Z or a signed hours-and-minutes, with or without a colon.
YEAR = r"\d{4,}"
MONTH = r"(?:0[1-9]|1[0-2])"
DAY = r"(?:0[1-9]|[12]\d|3[01])"
DATE = rf"{YEAR}-{MONTH}-{DAY}"
TIME = r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?"
OFFSET = r"(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)"
LOCAL_DATE_AND_TIME = rf"{DATE}[T ]{TIME}"
GLOBAL_DATE_AND_TIME = rf"{LOCAL_DATE_AND_TIME}{OFFSET}"
VALID = re.compile(rf"(?:{DATE}|{TIME}|{LOCAL_DATE_AND_TIME}|{GLOBAL_DATE_AND_TIME})")


def is_valid(value: str) -> bool:
    """A valid date, time, local or global date-and-time string, whose date exists
    (the standard asks for a day within its month: no 30 February)."""
    if not VALID.fullmatch(value):
        return False
    day = re.match(rf"({YEAR})-(\d\d)-(\d\d)", value)
    if day:
        try:
            date(int(day[1]), int(day[2]), int(day[3]))
        except ValueError:
            return False
    return True


class DatetimeAttributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = []

    def handle_starttag(self, tag, attrs):
        self.values += [value for name, value in attrs if name == "datetime"]


def datetime_attributes(html: str) -> list[str]:
    parser = DatetimeAttributes()
    parser.feed(html)
    return parser.values


@pytest.mark.parametrize(
    "value",
    [
        "2026-12-07",
        "2026-12-07T23:45:15+01:00",
        "2026-12-07T23:45:15.888+01:00",
        "2026-12-07 23:45Z",
        "2026-12-07T10:00",
        "23:45:15",
    ],
)
def test_the_checker_accepts_what_the_standard_does(value):
    assert is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "2026-12-07T23:45:15.888449+01:00",  # what date:'c' writes
        "2026-02-30",
        "2026-12-07T24:00:00+01:00",
        "26-12-07",
        "",
    ],
)
def test_the_checker_refuses_what_the_standard_does(value):
    assert not is_valid(value)


def test_iso_datetime_writes_the_official_time_to_the_second_with_its_offset():
    moment = datetime(2026, 12, 7, 22, 45, 15, 888449, tzinfo=ZoneInfo("UTC"))
    assert iso_datetime(moment) == "2026-12-07T23:45:15+01:00"
    summer = datetime(2026, 7, 1, 22, 30, 0, 1, tzinfo=ZoneInfo("UTC"))
    assert iso_datetime(summer) == "2026-07-02T00:30:00+02:00"
    # A naive time is taken as official time.
    naive = datetime(2026, 12, 7, 9, 5, 1, 5)  # noqa: DTZ001 (naive on purpose)
    assert iso_datetime(naive) == "2026-12-07T09:05:01+01:00"
    assert iso_datetime(date(2026, 12, 7)) == "2026-12-07"
    assert iso_datetime(None) == ""
    assert iso_datetime("") == ""


def test_iso_datetime_in_a_template():
    template = Template('{% load machine_dates %}<time datetime="{{ at|iso_datetime }}">')
    at = datetime(2026, 12, 7, 22, 45, 15, 888449, tzinfo=ZoneInfo("UTC"))
    html = template.render(Context({"at": at}))
    assert html == '<time datetime="2026-12-07T23:45:15+01:00">'


def _case_for(citizen, clerk):
    """A registered case that the council has asked for documents: its page lists
    two status changes stamped by the clock, microseconds and all."""
    procedure = ProcedureFactory(title="Ocupació de la via pública")
    ProcedureFieldFactory(procedure=procedure, name="adreca", kind=FieldKind.TEXT)
    draft = tramits_services.draft_for(applicant=citizen, procedure=procedure)
    tramits_services.draft_save(draft=draft, answers={"adreca": "Carrer Major, 1"})
    submission = tramits_services.submission_register(draft=draft, device_class="desktop")
    tramits_services.submission_status_change(
        submission=submission,
        to_status=Status.WAITING,
        by=clerk,
        public_comment="Aporteu el plànol.",
    )
    return submission


@pytest.mark.django_db
def test_a_page_of_each_section_has_only_valid_datetime_attributes(client, citizen, staff):
    CouncilFactory()
    notice = notice_on_display(title="Edicte de la taxa de residus")
    call = CallFactory(title="Procés selectiu de la taxa d'agent cívic")
    PhaseFactory(call=call)
    session = SessionFactory(starts_at=timezone.now())
    office = OfficeFactory()
    weekday_hours(office, range(7), "09:00", "14:00")
    regulation = RegulationFactory()
    staff.groups.add(Group.objects.get(name="Tràmits"))
    submission = _case_for(citizen, staff)
    # The case's receipt, sealed and verifiable by its CSV.
    document = tramits_services.receipt_issue(entry=submission.entries.get())
    client.force_login(citizen)

    pages = {
        "home": reverse("home"),
        "procedure catalogue": reverse("tramits:index"),
        "case": submission.get_absolute_url(),
        "notice board": reverse("tauler:index"),
        "notice": notice.get_absolute_url(),
        "publication log": reverse("tauler:publication-log"),
        "log statements": reverse("tauler:log-statements"),
        "calls": reverse("convocatories:call-list"),
        "call": call.get_absolute_url(),
        "corporate information": reverse("corporativa:index"),
        "creation act": reverse("corporativa:creation-act"),
        "body": session.body.get_absolute_url(),
        "session": session.get_absolute_url(),
        "office": office.get_absolute_url(),
        "regulation": regulation.get_absolute_url(),
        "calendar": reverse("corporativa:calendar"),
        "search": reverse("search") + "?q=taxa",
        "document verification": document.get_absolute_url(),
        "la meva carpeta": reverse("accounts:carpeta"),
    }
    found, invalid = {}, {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
        found[name] = datetime_attributes(response.content.decode())
        if bad := [value for value in found[name] if not is_valid(value)]:
            invalid[name] = bad

    assert not invalid, invalid
    # Each page has at least the official clock, and the records' own times are there.
    assert all(found.values()), [name for name, values in found.items() if not values]
    assert len(found["case"]) >= 3
    assert len(found["notice"]) >= 2
    assert len(found["publication log"]) >= 2
    assert len(found["session"]) >= 2
    assert len(found["document verification"]) >= 2
    assert len(found["search"]) >= 3
