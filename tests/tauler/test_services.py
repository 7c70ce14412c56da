"""The writes of the notice board (tauler.services) and the guarantees they keep.

Publications happen at fixed moments passed as `at=` (the service's own way of
stating the moment of the act), so numbers and periods do not depend on the
day the suite runs. Periods are checked against dates counted by hand on the
2026 and 2027 calendars of Catalonia.
"""

import hashlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from corporativa.models import LocalHoliday, NumberSeries, YearlyCounter
from documents.uploads import pdf_fingerprint
from tauler import services
from tauler.choices import LogEvent, NoticeState
from tauler.models import Notice, NoticeDocument, PublicationLogEntry
from tests.accounts.factories import UserFactory
from tests.tauler.factories import NoticeDocumentFactory, NoticeFactory, pdf_bytes, publisher_get

# The series this module counts in: corporativa.numbering keeps every series.
Counters = YearlyCounter.objects.filter(series=NumberSeries.NOTICES)

MADRID = ZoneInfo("Europe/Madrid")
UTC = ZoneInfo("UTC")


def madrid(*args) -> datetime:
    return datetime(*args, tzinfo=MADRID)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# A Monday, a business day, when the board's history in these tests is written.
ACT = madrid(2027, 2, 1, 9, 0)


@pytest.fixture
def publisher(db):
    return publisher_get()


@pytest.fixture
def clerk(db):
    """Staff with only the permission to publish notices: no superuser powers."""
    user = UserFactory(email="tauler-clerk@mollet.example", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="publish_notice"))
    return user


def publish(notice, *, by=None, at=ACT) -> Notice:
    return services.notice_publish(notice=notice, by=by or publisher_get(), at=at)


def draft(**kwargs) -> Notice:
    kwargs.setdefault("start_at", ACT + timedelta(hours=1))
    return NoticeFactory(**kwargs)


def log_of(notice) -> list[tuple[str, str]]:
    return list(
        PublicationLogEntry.objects.filter(notice=notice).values_list("event", "notice_number")
    )


# --- Numbers --------------------------------------------------------------------


@pytest.mark.django_db
def test_numbers_are_year_slash_six_digits_and_gapless(publisher):
    numbers = [publish(draft(), at=ACT + timedelta(minutes=i)).number for i in range(3)]

    assert numbers == ["2027/000001", "2027/000002", "2027/000003"]
    notice = Notice.objects.get(number="2027/000003")
    assert (notice.year, notice.sequence) == (2027, 3)
    assert Counters.get(year=2027).last_number == 3


@pytest.mark.django_db
def test_numbers_restart_each_year(publisher):
    last_of_2026 = publish(draft(start_at=madrid(2026, 12, 30, 10)), at=madrid(2026, 12, 30, 9))
    first_of_2027 = publish(draft(start_at=madrid(2027, 1, 4, 10)), at=madrid(2027, 1, 4, 9))

    assert last_of_2026.number == "2026/000001"
    assert first_of_2027.number == "2027/000001"


@pytest.mark.django_db
@pytest.mark.parametrize("active_time_zone", ["Europe/Madrid", "UTC", "America/New_York"])
def test_number_year_is_that_of_the_publication_act_in_madrid_time(publisher, active_time_zone):
    # 23:30 UTC on 31 December is already 00:30 on 1 January in Madrid, and
    # 22:30 UTC is still 23:30 on 31 December: whatever zone is active.
    with timezone.override(active_time_zone):
        still_2026 = publish(draft(start_at=utc(2027, 1, 10, 9)), at=utc(2026, 12, 31, 22, 30))
        already_2027 = publish(draft(start_at=utc(2027, 1, 10, 9)), at=utc(2026, 12, 31, 23, 30))

    # The year of the act, not of the start (both start in January 2027).
    assert still_2026.number == "2026/000001"
    assert already_2027.number == "2027/000001"
    assert (still_2026.year, already_2027.year) == (2026, 2027)


@pytest.mark.django_db
def test_a_failed_publish_gives_its_number_back(publisher, monkeypatch):
    first = publish(draft())
    failing = draft()

    def log_append_fails(**kwargs):
        raise RuntimeError("the disk is full")

    # The number is taken, the notice saved, and then writing the log fails.
    monkeypatch.setattr(services, "log_append", log_append_fails)
    with pytest.raises(RuntimeError):
        publish(failing)
    monkeypatch.undo()

    failing.refresh_from_db()
    assert (failing.number, failing.published_at, failing.end_at) == (None, None, None)
    assert Counters.get(year=2027).last_number == 1
    assert PublicationLogEntry.objects.count() == 1
    # The next notice published takes the number the failed one had given back.
    assert publish(failing).number == "2027/000002"
    assert first.number == "2027/000001"
    assert publish(draft()).number == "2027/000003"


# --- Periods --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "business_days", "end"),
    [
        # Friday 15 January 2027, 20 days: Mon 18 Jan to Fri 12 Feb, four clear weeks.
        (madrid(2027, 1, 15, 10, 0), 20, madrid(2027, 2, 13)),
        # Friday 4 December 2026, 20 days: 8 Dec, 25 Dec, 1 and 6 Jan skipped;
        # 7 Dec, 9-11, 14-18, 21-24, 28-31 Dec, 4-5 and 7 Jan.
        (madrid(2026, 12, 4, 12, 0), 20, madrid(2027, 1, 8)),
        # Monday 7 September 2026, 5 days across the Diada (Friday 11):
        # Tue 8, Wed 9, Thu 10, Mon 14, Tue 15.
        (madrid(2026, 9, 7, 9, 0), 5, madrid(2026, 9, 16)),
        # Wednesday 23 December 2026, 10 days across Christmas and Epiphany:
        # Thu 24, Mon 28, Tue 29, Wed 30, Thu 31, Mon 4, Tue 5, Thu 7, Fri 8, Mon 11.
        (madrid(2026, 12, 23, 9, 0), 10, madrid(2027, 1, 12)),
        # Counting starts the day after the start whatever kind of day it is:
        # Sunday 10 January 2027, one day: Monday 11.
        (madrid(2027, 1, 10, 18, 0), 1, madrid(2027, 1, 12)),
        # A start late on a Friday still counts from the Saturday: Mon 18 Jan 2027.
        (madrid(2027, 1, 15, 23, 59), 1, madrid(2027, 1, 19)),
    ],
    ids=["friday-20", "friday-20-christmas", "diada", "christmas", "sunday", "friday-night"],
)
def test_end_of_period_counted_by_hand(start, business_days, end):
    result = services.end_of_period(start_at=start, business_days_count=business_days)

    assert result == end
    assert result.astimezone(MADRID).time() == time(0, 0)


@pytest.mark.django_db
def test_end_of_period_takes_the_day_of_the_start_in_madrid_time():
    # 23:30 UTC on Tuesday 22 December is 00:30 on Wednesday 23 in Madrid.
    start = utc(2026, 12, 22, 23, 30)

    with timezone.override("UTC"):
        end = services.end_of_period(start_at=start, business_days_count=10)

    assert end == madrid(2027, 1, 12)
    assert end.astimezone(MADRID).time() == time(0, 0)


@pytest.mark.django_db
def test_end_of_period_skips_a_local_holiday_added_by_staff():
    start = madrid(2027, 2, 1, 9, 0)  # Monday
    # Tue 2, Wed 3, Thu 4, Fri 5, Mon 8.
    assert services.end_of_period(start_at=start, business_days_count=5) == madrid(2027, 2, 9)

    LocalHoliday.objects.create(date=date(2027, 2, 4), name="Festa local de prova")

    # Tue 2, Wed 3, Fri 5, Mon 8, Tue 9.
    assert services.end_of_period(start_at=start, business_days_count=5) == madrid(2027, 2, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "business_days", "end", "start_offset", "end_offset"),
    [
        # Summer time begins on Sunday 28 March 2027. From Monday 22 March, 5 days:
        # Tue 23, Wed 24, Thu 25 (Good Friday 26 and Easter Monday 29 skipped), Tue 30, Wed 31.
        (madrid(2027, 3, 22, 9, 0), 5, madrid(2027, 4, 1), 1, 2),
        # Summer time ends on Sunday 25 October 2026. From Thursday 22 October, 3 days:
        # Fri 23, Mon 26, Tue 27.
        (madrid(2026, 10, 22, 10, 0), 3, madrid(2026, 10, 28), 2, 1),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_end_of_period_across_a_daylight_saving_change(
    start, business_days, end, start_offset, end_offset
):
    result = services.end_of_period(start_at=start, business_days_count=business_days)

    assert result == end
    local = result.astimezone(MADRID)
    assert local.time() == time(0, 0)
    assert start.utcoffset() == timedelta(hours=start_offset)
    assert local.utcoffset() == timedelta(hours=end_offset)
    assert result == end.replace(tzinfo=None).replace(tzinfo=UTC) - timedelta(hours=end_offset)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "business_days", "end", "natural_days"),
    [
        # The calendar days from the day of the start to the day it comes down.
        (madrid(2027, 1, 15, 10, 0), 20, madrid(2027, 2, 13), 29),
        (madrid(2026, 12, 23, 9, 0), 10, madrid(2027, 1, 12), 20),
        # Across the change to summer time: no day is lost or gained.
        (madrid(2027, 3, 22, 9, 0), 5, madrid(2027, 4, 1), 10),
    ],
)
def test_publishing_fixes_the_end_and_shows_the_natural_days(
    publisher, start, business_days, end, natural_days
):
    notice = publish(
        draft(start_at=start, period_business_days=business_days), at=start - timedelta(hours=1)
    )

    notice.refresh_from_db()
    assert notice.end_at == end
    assert notice.period_business_days == business_days
    assert notice.natural_days == natural_days
    # Counted on the Madrid calendar whatever time zone is active.
    for zone in ("UTC", "America/New_York", "Asia/Tokyo"):
        with timezone.override(zone):
            assert notice.natural_days == natural_days, zone


@pytest.mark.django_db
def test_a_permanent_notice_has_no_end(publisher):
    notice = publish(draft(permanent=True))

    assert notice.end_at is None
    assert notice.natural_days is None
    assert notice.is_permanent
    assert notice.state_at(ACT + timedelta(days=3650)) == NoticeState.ON_DISPLAY


# --- Publishing -----------------------------------------------------------------


@pytest.mark.django_db
def test_publish_logs_the_period_title_and_document_hashes(publisher):
    notice = draft(start_at=madrid(2027, 2, 1, 10), period_business_days=5, documents=2)
    documents = list(notice.documents.all())

    notice = publish(notice)

    entry = PublicationLogEntry.objects.get()
    assert (entry.event, entry.notice, entry.notice_number) == (
        LogEvent.PUBLISHED,
        notice,
        "2027/000001",
    )
    assert entry.at == ACT
    assert entry.data["title"] == notice.title
    assert entry.data["business_days"] == 5
    assert entry.data["permanent"] is False
    assert datetime.fromisoformat(entry.data["start"]) == madrid(2027, 2, 1, 10)
    assert datetime.fromisoformat(entry.data["end"]) == madrid(2027, 2, 9)
    assert entry.data["documents"] == [
        {"id": d.pk, "title": d.title, "sha256": d.sha256, "size": d.size} for d in documents
    ]
    assert (notice.published_at, notice.published_by) == (ACT, publisher)


@pytest.mark.django_db
def test_publish_refuses_a_start_in_the_past(publisher):
    notice = draft(start_at=ACT - timedelta(hours=1))

    with pytest.raises(ValidationError, match="cannot be in the past"):
        publish(notice)

    notice.refresh_from_db()
    assert notice.published_at is None and notice.number is None
    assert not Counters.filter(last_number__gt=0).exists()
    assert not PublicationLogEntry.objects.exists()


@pytest.mark.django_db
def test_a_start_a_few_minutes_ago_becomes_the_moment_of_publication(publisher):
    # The clerk filled in "now" and took three minutes to press the button.
    notice = publish(draft(start_at=ACT - timedelta(minutes=3), period_business_days=5))

    notice.refresh_from_db()
    assert notice.start_at == notice.published_at == ACT
    assert notice.state_at(ACT - timedelta(seconds=1)) == NoticeState.SCHEDULED
    entry = PublicationLogEntry.objects.get()
    assert datetime.fromisoformat(entry.data["start"]) == ACT


@pytest.mark.django_db
def test_publish_refuses_a_notice_without_period_that_is_not_permanent(publisher):
    notice = draft(period_business_days=None, is_permanent=False)

    with pytest.raises(ValidationError, match="period in business days"):
        publish(notice)

    notice.refresh_from_db()
    assert notice.published_at is None
    assert not PublicationLogEntry.objects.exists()


@pytest.mark.django_db
def test_publish_refuses_a_notice_already_published(publisher):
    notice = publish(draft())

    with pytest.raises(ValidationError, match="already published"):
        publish(notice, at=ACT + timedelta(minutes=1))

    assert PublicationLogEntry.objects.count() == 1
    assert Counters.get(year=2027).last_number == 1


# --- Documents ------------------------------------------------------------------


@pytest.mark.django_db
def test_document_check_gives_the_sha256_and_size_of_a_pdf():
    content = pdf_bytes("Edicte")
    upload = SimpleUploadedFile("edicte.pdf", content, content_type="application/pdf")

    assert pdf_fingerprint(upload) == (hashlib.sha256(content).hexdigest(), len(content))
    assert upload.read() == content  # left at the start for whoever saves it


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 a zip file, or a .docx, renamed",
        b"<html><body>%PDF-1.4 later on</body></html>",
        b"",
    ],
    ids=["zip", "html", "empty"],
)
def test_document_check_refuses_what_is_not_a_pdf_by_content(content):
    upload = SimpleUploadedFile("edicte.pdf", content, content_type="application/pdf")

    with pytest.raises(ValidationError) as caught:
        pdf_fingerprint(upload)

    assert caught.value.code == "not_pdf"
    assert "edicte.pdf" in caught.value.messages[0]


@pytest.mark.django_db
def test_document_add_stores_the_fingerprint_of_a_draft_document(publisher):
    notice = draft()
    content = pdf_bytes("Plànol")

    document = services.document_add(
        notice=notice,
        title="Plànol",
        upload=SimpleUploadedFile("planol.pdf", content),
        order=1,
    )

    document.refresh_from_db()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    with document.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.django_db
def test_document_add_refuses_a_non_pdf_and_stores_nothing(publisher):
    notice = draft()

    with pytest.raises(ValidationError):
        services.document_add(
            notice=notice, title="Fals", upload=SimpleUploadedFile("fals.pdf", b"MZ\x90\x00")
        )

    assert not NoticeDocument.objects.exists()


@pytest.mark.django_db
def test_a_published_notice_cannot_get_documents(publisher):
    notice = publish(draft(documents=1))

    with pytest.raises(ValidationError, match="cannot change"):
        NoticeDocumentFactory(notice=notice)

    assert notice.documents.count() == 1


@pytest.mark.django_db
def test_a_published_notice_cannot_get_documents_through_a_stale_copy(publisher):
    # The admin's form holds the draft it loaded; meanwhile someone publishes it.
    loaded = draft()
    publish(Notice.objects.get(pk=loaded.pk))
    assert loaded.published_at is None  # what the stale copy still says

    with pytest.raises(ValidationError, match="cannot change"):
        NoticeDocumentFactory(notice=loaded)

    assert not NoticeDocument.objects.exists()


# --- Extending ------------------------------------------------------------------


@pytest.fixture
def on_display(publisher):
    """20 business days from Monday 1 February 2027 at 10:00: up until 00:00 on 2 March."""
    notice = publish(draft(start_at=madrid(2027, 2, 1, 10), period_business_days=20))
    assert notice.end_at == madrid(2027, 3, 2)
    return notice


@pytest.mark.django_db
def test_extend_lengthens_the_period_and_logs_from_and_to(on_display, publisher):
    at = madrid(2027, 2, 10, 12)

    notice = services.notice_extend(notice=on_display, by=publisher, business_days_count=25, at=at)

    notice.refresh_from_db()
    assert notice.period_business_days == 25
    assert notice.end_at == madrid(2027, 3, 9)  # Tue 2 to Mon 8 March added
    assert notice.start_at == madrid(2027, 2, 1, 10)
    entry = PublicationLogEntry.objects.get(event=LogEvent.EXTENDED)
    assert (entry.notice, entry.at) == (notice, at)
    assert entry.data["from"]["business_days"] == 20
    assert entry.data["to"]["business_days"] == 25
    assert datetime.fromisoformat(entry.data["from"]["end"]) == madrid(2027, 3, 2)
    assert datetime.fromisoformat(entry.data["to"]["end"]) == madrid(2027, 3, 9)
    assert entry.data["from"]["start"] == entry.data["to"]["start"]


@pytest.mark.django_db
def test_a_scheduled_notice_can_be_extended(on_display, publisher):
    notice = services.notice_extend(
        notice=on_display, by=publisher, business_days_count=21, at=ACT + timedelta(minutes=5)
    )

    assert notice.end_at == madrid(2027, 3, 3)


@pytest.mark.django_db
@pytest.mark.parametrize("business_days", [20, 19, 1])
def test_extend_refuses_a_period_equal_or_shorter(on_display, publisher, business_days):
    with pytest.raises(ValidationError, match="can only be extended"):
        services.notice_extend(
            notice=on_display,
            by=publisher,
            business_days_count=business_days,
            at=madrid(2027, 2, 10, 12),
        )

    on_display.refresh_from_db()
    assert (on_display.period_business_days, on_display.end_at) == (20, madrid(2027, 3, 2))
    assert not PublicationLogEntry.objects.filter(event=LogEvent.EXTENDED).exists()


@pytest.mark.django_db
def test_extend_never_brings_the_end_forward_when_holidays_were_removed(publisher):
    # Two local holidays inside the period when it was published...
    notice = publish(draft(start_at=madrid(2027, 2, 1, 10), period_business_days=5))
    assert notice.end_at == madrid(2027, 2, 9)
    LocalHoliday.objects.create(date=date(2027, 2, 3), name="Festa local 1")
    LocalHoliday.objects.create(date=date(2027, 2, 4), name="Festa local 2")
    extended = services.notice_extend(
        notice=notice, by=publisher, business_days_count=6, at=madrid(2027, 2, 2, 9)
    )
    assert extended.end_at == madrid(2027, 2, 12)
    # ...are removed later: one more business day would now end earlier than before.
    LocalHoliday.objects.all().delete()

    with pytest.raises(ValidationError):
        services.notice_extend(
            notice=extended, by=publisher, business_days_count=7, at=madrid(2027, 2, 2, 10)
        )

    extended.refresh_from_db()
    assert (extended.period_business_days, extended.end_at) == (6, madrid(2027, 2, 12))


@pytest.mark.django_db
def test_extend_refuses_a_finished_notice(on_display, publisher):
    with pytest.raises(ValidationError, match="Only a scheduled notice or one on display"):
        services.notice_extend(
            notice=on_display, by=publisher, business_days_count=30, at=madrid(2027, 3, 2)
        )


@pytest.mark.django_db
def test_extend_refuses_a_cancelled_notice(on_display, publisher):
    at = madrid(2027, 2, 10, 12)
    services.notice_cancel(notice=on_display, by=publisher, reason="Error material.", at=at)

    with pytest.raises(ValidationError, match="Only a scheduled notice or one on display"):
        services.notice_extend(
            notice=on_display, by=publisher, business_days_count=30, at=at + timedelta(hours=1)
        )


@pytest.mark.django_db
def test_extend_refuses_a_draft(publisher):
    notice = draft()

    with pytest.raises(ValidationError, match="Only a scheduled notice or one on display"):
        services.notice_extend(notice=notice, by=publisher, business_days_count=30, at=ACT)

    notice.refresh_from_db()
    assert notice.period_business_days == 20 and notice.end_at is None


@pytest.mark.django_db
def test_extend_refuses_a_permanent_notice(publisher):
    notice = publish(draft(permanent=True))

    with pytest.raises(ValidationError, match="permanent"):
        services.notice_extend(
            notice=notice, by=publisher, business_days_count=30, at=ACT + timedelta(days=1)
        )

    notice.refresh_from_db()
    assert (notice.is_permanent, notice.period_business_days, notice.end_at) == (True, None, None)


# --- Cancelling -----------------------------------------------------------------


@pytest.mark.django_db
def test_cancel_logs_the_public_reason_and_the_notice_stays_public(on_display, publisher):
    at = madrid(2027, 2, 10, 12)

    notice = services.notice_cancel(
        notice=on_display, by=publisher, reason="  Error en el plec de condicions.\n", at=at
    )

    notice.refresh_from_db()
    assert (notice.cancelled_at, notice.cancel_reason) == (at, "Error en el plec de condicions.")
    assert notice.state_at(at + timedelta(minutes=1)) == NoticeState.CANCELLED
    later = at + timedelta(days=400)
    assert notice in Notice.objects.public(at=later)
    assert notice in Notice.objects.cancelled()
    assert notice not in Notice.objects.on_display(at=later)
    assert notice not in Notice.objects.finished(at=later)
    entry = PublicationLogEntry.objects.get(event=LogEvent.CANCELLED)
    assert (entry.notice, entry.at, entry.data) == (
        notice,
        at,
        {"reason": "Error en el plec de condicions."},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_cancel_requires_a_reason(on_display, publisher, reason):
    with pytest.raises(ValidationError, match="reason"):
        services.notice_cancel(
            notice=on_display, by=publisher, reason=reason, at=madrid(2027, 2, 10, 12)
        )

    on_display.refresh_from_db()
    assert on_display.cancelled_at is None
    assert not PublicationLogEntry.objects.filter(event=LogEvent.CANCELLED).exists()


@pytest.mark.django_db
def test_cancel_refuses_a_notice_already_cancelled(on_display, publisher):
    at = madrid(2027, 2, 10, 12)
    services.notice_cancel(notice=on_display, by=publisher, reason="Primer motiu.", at=at)

    with pytest.raises(ValidationError, match="already cancelled"):
        services.notice_cancel(
            notice=on_display, by=publisher, reason="Segon motiu.", at=at + timedelta(hours=1)
        )

    on_display.refresh_from_db()
    assert (on_display.cancelled_at, on_display.cancel_reason) == (at, "Primer motiu.")
    assert PublicationLogEntry.objects.filter(event=LogEvent.CANCELLED).count() == 1


@pytest.mark.django_db
def test_cancel_refuses_a_finished_notice(on_display, publisher):
    with pytest.raises(ValidationError, match="period has ended"):
        services.notice_cancel(
            notice=on_display, by=publisher, reason="Massa tard.", at=madrid(2027, 3, 2)
        )

    on_display.refresh_from_db()
    assert on_display.cancelled_at is None


@pytest.mark.django_db
def test_cancel_refuses_a_draft(publisher):
    notice = draft()

    with pytest.raises(ValidationError, match="draft"):
        services.notice_cancel(notice=notice, by=publisher, reason="Motiu.", at=ACT)


@pytest.mark.django_db
def test_cancelling_a_notice_on_display_issues_its_certificate(
    publisher, django_capture_on_commit_callbacks
):
    from tauler.certificates import certificate_for
    from tests.tauler.factories import notice_on_display

    notice = notice_on_display()

    with django_capture_on_commit_callbacks(execute=True):
        services.notice_cancel(notice=notice, by=publisher, reason="Annex equivocat.")

    assert certificate_for(notice) is not None


@pytest.mark.django_db
def test_cancelling_a_scheduled_notice_issues_no_certificate(
    publisher, django_capture_on_commit_callbacks
):
    from tauler.certificates import certificate_for

    now = timezone.now()
    notice = publish(draft(start_at=now + timedelta(days=3)), at=now)

    with django_capture_on_commit_callbacks(execute=True):
        services.notice_cancel(notice=notice, by=publisher, reason="No s'havia de publicar.")

    assert certificate_for(notice) is None


@pytest.mark.django_db
def test_a_draft_is_deleted_with_its_documents_and_their_files(
    publisher, django_capture_on_commit_callbacks
):
    notice = draft()
    document = NoticeDocumentFactory(notice=notice)
    path = document.file.path

    with django_capture_on_commit_callbacks(execute=True):
        services.notice_draft_delete(notice=notice, by=publisher)

    assert not Notice.objects.filter(pk=notice.pk).exists()
    assert not NoticeDocument.objects.filter(pk=document.pk).exists()
    import os

    assert not os.path.exists(path)


@pytest.mark.django_db
def test_a_published_notice_cannot_be_deleted(on_display, publisher):
    with pytest.raises(PermissionDenied):
        services.notice_draft_delete(notice=on_display, by=publisher)

    assert Notice.objects.filter(pk=on_display.pk).exists()


@pytest.mark.django_db
def test_deleting_a_draft_needs_the_delete_permission(clerk):
    notice = draft()

    with pytest.raises(PermissionDenied):
        services.notice_draft_delete(notice=notice, by=clerk)

    assert Notice.objects.filter(pk=notice.pk).exists()


# --- Corrections ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_correction_draft_links_to_the_original(on_display, publisher):
    correction = services.notice_correction_draft(original=on_display, by=publisher)

    assert correction.pk != on_display.pk
    assert correction.corrects == on_display
    assert correction.published_at is None and correction.number is None
    assert correction.title == f"Correction: {on_display.title}"
    assert (correction.text, correction.category, correction.department) == (
        on_display.text,
        on_display.category,
        on_display.department,
    )
    assert correction.period_business_days == on_display.period_business_days
    assert list(on_display.corrections.all()) == [correction]
    # The original is untouched: a correction is a new notice.
    original = Notice.objects.get(pk=on_display.pk)
    assert (original.title, original.end_at, original.number) == (
        on_display.title,
        on_display.end_at,
        on_display.number,
    )


@pytest.mark.django_db
def test_publishing_a_correction_logs_published_and_corrected(on_display, publisher):
    correction = services.notice_correction_draft(original=on_display, by=publisher)
    correction.start_at = madrid(2027, 2, 10, 12)
    correction.save()

    correction = publish(correction, at=madrid(2027, 2, 10, 11))

    assert correction.number == "2027/000002"
    assert log_of(correction) == [(LogEvent.PUBLISHED, "2027/000002")]
    assert log_of(on_display) == [
        (LogEvent.PUBLISHED, "2027/000001"),
        (LogEvent.CORRECTED, "2027/000001"),
    ]
    published, corrected = PublicationLogEntry.objects.order_by("sequence")[1:]
    assert published.data["corrects"] == "2027/000001"
    assert corrected.data == {"corrected_by": "2027/000002"}
    assert published.at == corrected.at == madrid(2027, 2, 10, 11)
    assert services.log_verify() is None


@pytest.mark.django_db
def test_a_draft_cannot_be_corrected(publisher):
    with pytest.raises(ValidationError, match="Only a published notice"):
        services.notice_correction_draft(original=draft(), by=publisher)


# --- Permissions ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_clerk_with_the_permission_can_act(clerk):
    notice = publish(draft(), by=clerk)
    notice = services.notice_extend(notice=notice, by=clerk, business_days_count=21, at=ACT)
    correction = services.notice_correction_draft(original=notice, by=clerk)
    notice = services.notice_cancel(notice=notice, by=clerk, reason="Substituït.", at=ACT)

    assert notice.published_by == clerk
    assert correction.corrects == notice
    assert PublicationLogEntry.objects.count() == 3


def _every_action(notice, user):
    return {
        "publish": lambda: services.notice_publish(notice=notice, by=user, at=ACT),
        "extend": lambda: services.notice_extend(
            notice=notice, by=user, business_days_count=30, at=ACT
        ),
        "cancel": lambda: services.notice_cancel(notice=notice, by=user, reason="Motiu.", at=ACT),
        "correct": lambda: services.notice_correction_draft(original=notice, by=user),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "extend", "cancel", "correct"])
@pytest.mark.parametrize("who", ["nobody", "citizen", "staff", "inactive-clerk"])
def test_only_users_with_the_permission_can_act(publisher, clerk, action, who):
    user = {
        "nobody": None,
        "citizen": UserFactory(email="vei@example.cat"),
        "staff": UserFactory(email="other-staff@mollet.example", is_staff=True),
        "inactive-clerk": clerk,
    }[who]
    if who == "inactive-clerk":
        clerk.is_active = False
        clerk.save()
    # A draft for "publish", a published notice for the others.
    notice = draft() if action == "publish" else publish(draft())
    entries = PublicationLogEntry.objects.count()

    with pytest.raises(PermissionDenied):
        _every_action(notice, user)[action]()

    assert PublicationLogEntry.objects.count() == entries
    assert Notice.objects.count() == 1
