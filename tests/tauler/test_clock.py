"""Visibility follows the clock: no job has to run for a notice to appear or go.

The clock is `django.utils.timezone.now`, made to stand still where each test
puts it; the QuerySet methods and `state_at` also take the moment as `at=`,
and both ways must agree.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tauler import services
from tauler.choices import LogEvent, NoticeState
from tauler.models import Notice, PublicationLogEntry
from tests.tauler.factories import NoticeFactory, publisher_get

MADRID = ZoneInfo("Europe/Madrid")
TICK = timedelta(microseconds=1)


def madrid(*args) -> datetime:
    return datetime(*args, tzinfo=MADRID)


# Published on Monday 1 February 2027 at 09:00; on display from Wednesday 3 at
# 12:00 for 5 business days (Thu 4, Fri 5, Mon 8, Tue 9, Wed 10): it comes
# down at 00:00 on Thursday 11 February.
PUBLISHED_AT = madrid(2027, 2, 1, 9, 0)
START = madrid(2027, 2, 3, 12, 0)
END = madrid(2027, 2, 11)


class Clock:
    """timezone.now() answers `self.now` until the test moves it."""

    def __init__(self, monkeypatch, now: datetime):
        self.now = now
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, now: datetime) -> None:
        self.now = now


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, PUBLISHED_AT)


@pytest.fixture
def publisher(db):
    return publisher_get()


@pytest.fixture
def scheduled(clock, publisher):
    notice = NoticeFactory(start_at=START, period_business_days=5, published=True)
    assert (notice.published_at, notice.end_at) == (PUBLISHED_AT, END)
    return notice


def visible(notice, **at) -> dict[str, bool]:
    """Which lists hold `notice`, at `at=` or by the clock."""
    return {
        "on_display": Notice.objects.on_display(**at).filter(pk=notice.pk).exists(),
        "public": Notice.objects.public(**at).filter(pk=notice.pk).exists(),
        "scheduled": Notice.objects.scheduled(**at).filter(pk=notice.pk).exists(),
        "finished": Notice.objects.finished(**at).filter(pk=notice.pk).exists(),
    }


NOTHING = {"on_display": False, "public": False, "scheduled": False, "finished": False}
SCHEDULED = {**NOTHING, "scheduled": True}
ON_DISPLAY = {**NOTHING, "on_display": True, "public": True}
FINISHED = {**NOTHING, "public": True, "finished": True}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "lists", "state"),
    [
        (PUBLISHED_AT, SCHEDULED, NoticeState.SCHEDULED),
        (START - TICK, SCHEDULED, NoticeState.SCHEDULED),
        (START, ON_DISPLAY, NoticeState.ON_DISPLAY),
        (END - TICK, ON_DISPLAY, NoticeState.ON_DISPLAY),
        (END, FINISHED, NoticeState.FINISHED),
        (END + timedelta(days=3650), FINISHED, NoticeState.FINISHED),
    ],
    ids=["published", "just-before-start", "start", "just-before-end", "end", "years-later"],
)
def test_lists_and_state_follow_the_clock(clock, scheduled, moment, lists, state):
    # Given as `at=`...
    assert visible(scheduled, at=moment) == lists
    assert scheduled.state_at(moment) == state
    # ...or read from the clock, the answer is the same.
    clock.set(moment)
    assert visible(scheduled) == lists
    assert scheduled.state_at() == state
    assert scheduled.state == state


@pytest.mark.django_db
def test_a_scheduled_notice_appears_at_its_start_with_no_job_run(clock, scheduled):
    clock.set(START - TICK)
    assert scheduled not in Notice.objects.on_display()
    assert scheduled not in Notice.objects.public()

    clock.set(START)
    assert scheduled in Notice.objects.on_display()
    assert scheduled in Notice.objects.public()
    # Nothing was written for it to appear.
    assert list(PublicationLogEntry.objects.values_list("event", flat=True)) == ["published"]


@pytest.mark.django_db
def test_a_notice_leaves_the_board_at_the_instant_of_its_end(clock, scheduled):
    clock.set(END - TICK)
    assert scheduled in Notice.objects.on_display()

    clock.set(END)
    assert scheduled not in Notice.objects.on_display()
    assert scheduled in Notice.objects.public()  # in the archive, for good
    assert scheduled.state == NoticeState.FINISHED


@pytest.mark.django_db
def test_state_of_a_draft_is_draft_whatever_the_clock(clock):
    draft = NoticeFactory(start_at=START)

    for moment in (PUBLISHED_AT, START, END, END + timedelta(days=1)):
        assert draft.state_at(moment) == NoticeState.DRAFT
        assert visible(draft, at=moment) == NOTHING


@pytest.mark.django_db
def test_state_of_a_cancelled_notice(clock, scheduled, publisher):
    cancelled_at = madrid(2027, 2, 5, 10)
    clock.set(cancelled_at)
    services.notice_cancel(notice=scheduled, by=publisher, reason="Error material.")
    scheduled.refresh_from_db()

    assert scheduled.cancelled_at == cancelled_at
    for moment in (cancelled_at, END, END + timedelta(days=1)):
        assert scheduled.state_at(moment) == NoticeState.CANCELLED
        assert visible(scheduled, at=moment) == {**NOTHING, "public": True}
        assert scheduled in Notice.objects.cancelled()


@pytest.mark.django_db
def test_a_permanent_notice_stays_on_display(clock, publisher):
    notice = NoticeFactory(start_at=START, permanent=True, published=True)

    assert notice.state_at(START - TICK) == NoticeState.SCHEDULED
    for moment in (START, END, START + timedelta(days=36500)):
        assert notice.state_at(moment) == NoticeState.ON_DISPLAY
        assert visible(notice, at=moment) == ON_DISPLAY


# --- Recording the end ----------------------------------------------------------


def finished_entries():
    return list(PublicationLogEntry.objects.filter(event=LogEvent.FINISHED))


@pytest.mark.django_db
def test_notices_close_records_the_end_once_at_the_end_of_the_period(clock, scheduled):
    clock.set(END + timedelta(hours=7, minutes=13))  # the job runs late

    assert services.notices_close() == 1
    assert services.notices_close() == 0  # idempotent

    (entry,) = finished_entries()
    assert (entry.notice, entry.notice_number) == (scheduled, scheduled.number)
    assert entry.at == END  # when it came down, not when the job ran
    assert entry.data["business_days"] == 5
    scheduled.refresh_from_db()
    assert scheduled.finished_logged_at == END + timedelta(hours=7, minutes=13)
    assert services.log_verify() is None


@pytest.mark.django_db
def test_notices_close_records_nothing_before_the_end(clock, scheduled):
    for moment in (START - TICK, START, END - TICK):
        clock.set(moment)
        assert services.notices_close() == 0
    assert finished_entries() == []

    clock.set(END)
    assert services.notices_close() == 1


@pytest.mark.django_db
def test_notices_close_takes_the_moment_as_at(clock, scheduled):
    # The clock still says 1 February; the caller asks about a later moment.
    assert services.notices_close(at=END - TICK) == 0
    assert services.notices_close(at=END) == 1
    assert services.notices_close(at=END + timedelta(days=1)) == 0

    (entry,) = finished_entries()
    assert entry.at == END
    scheduled.refresh_from_db()
    assert scheduled.finished_logged_at == END


@pytest.mark.django_db
def test_notices_close_skips_cancelled_permanent_and_draft_notices(clock, scheduled, publisher):
    permanent = NoticeFactory(start_at=START, permanent=True, published=True)
    cancelled = NoticeFactory(start_at=START, period_business_days=5, published=True)
    draft = NoticeFactory(start_at=START, period_business_days=5)
    clock.set(START + timedelta(hours=1))
    services.notice_cancel(notice=cancelled, by=publisher, reason="Duplicat.")

    clock.set(END + timedelta(days=30))
    assert services.notices_close() == 1

    assert [entry.notice for entry in finished_entries()] == [scheduled]
    for other in (permanent, cancelled, draft):
        other.refresh_from_db()
        assert other.finished_logged_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("moment", [START - TICK, START, END - TICK])
def test_notice_finish_does_nothing_on_an_unfinished_notice(clock, scheduled, moment):
    clock.set(moment)

    assert services.notice_finish(notice=scheduled) is False

    scheduled.refresh_from_db()
    assert scheduled.finished_logged_at is None
    assert finished_entries() == []


@pytest.mark.django_db
def test_notice_finish_does_nothing_on_a_draft_or_a_permanent_notice(clock, publisher):
    draft = NoticeFactory(start_at=START, period_business_days=5)
    permanent = NoticeFactory(start_at=START, permanent=True, published=True)
    clock.set(END + timedelta(days=365))

    assert services.notice_finish(notice=draft) is False
    assert services.notice_finish(notice=permanent) is False
    assert finished_entries() == []


@pytest.mark.django_db
def test_notice_finish_records_once(clock, scheduled):
    clock.set(END)

    assert services.notice_finish(notice=scheduled) is True
    assert services.notice_finish(notice=scheduled) is False

    assert len(finished_entries()) == 1


@pytest.mark.django_db
def test_notice_finish_issues_the_certificate_after_the_commit(
    clock, scheduled, monkeypatch, django_capture_on_commit_callbacks
):
    from tauler import tasks

    issued = []
    monkeypatch.setattr(tasks.certificate_issue, "run", issued.append)
    clock.set(END)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notice_finish(notice=scheduled)
        assert issued == []  # not before the entry is committed

    assert len(callbacks) == 1
    assert issued == [scheduled.pk]


@pytest.mark.django_db
def test_an_extended_notice_stays_on_display_until_its_new_end(clock, scheduled, publisher):
    clock.set(START + timedelta(days=1))
    services.notice_extend(notice=scheduled, by=publisher, business_days_count=6)
    new_end = madrid(2027, 2, 12)  # Thursday 11 added

    clock.set(END)
    assert scheduled in Notice.objects.on_display()
    assert services.notices_close() == 0

    clock.set(new_end)
    assert scheduled not in Notice.objects.on_display()
    assert services.notices_close() == 1
    (entry,) = finished_entries()
    assert entry.at == new_end
