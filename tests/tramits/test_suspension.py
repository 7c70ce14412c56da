"""A requeriment may suspend the resolution deadline (Llei 39/2015, art. 22.1.a): from the
day it is made until the citizen answers or, without an answer, until the time to answer
runs out; the deadline then moves on by the days it was stopped.

The case of the `submission` fixture was registered on Wednesday 12 March 2025 with three
months to resolve: due Thursday 12 June 2025."""

from datetime import date, datetime

import pytest
from django.core import mail
from django.urls import reverse

from corporativa.business_days import OFFICIAL_TZ, business_days_between
from tests.tramits.conftest import upload
from tests.tramits.factories import ProcedureFactory
from tests.tramits.test_admin import admin_client, change_url, post_status  # noqa: F401
from tramits import services
from tramits.choices import DeadlineUnit, Status
from tramits.views import REQUERIMENT_FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Set the time of what follows: clock(2025, 3, 20, 17) is 17:00 in Madrid."""
    from django.utils import timezone

    def set_to(*args):
        moment = datetime(*args, tzinfo=OFFICIAL_TZ)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


def request_documents(submission, clerk, *, suspend=True):
    services.submission_status_change(
        submission=submission,
        to_status=Status.WAITING,
        by=clerk,
        public_comment="Aporteu el contracte de lloguer.",
        suspend_resolution=suspend,
    )
    submission.refresh_from_db()


def answer(submission, citizen):
    services.submission_requeriment_answer(
        submission=submission,
        by=citizen,
        text="Adjunto el contracte.",
        files=[services.upload_check(upload=upload("contracte.pdf"), field=REQUERIMENT_FILES)],
        device_class="desktop",
    )
    submission.refresh_from_db()
    return submission.status_changes.order_by("pk").last()


def test_days_between_count_the_business_days_after_the_start():
    # Thursday 13 to Thursday 20 March 2025: 13, 14, 17, 18, 19, 20.
    assert business_days_between(date(2025, 3, 12), date(2025, 3, 20)) == 6
    assert business_days_between(date(2025, 3, 12), date(2025, 3, 12)) == 0
    assert business_days_between(date(2025, 3, 14), date(2025, 3, 16)) == 0  # a weekend


def test_the_answer_moves_the_deadline_by_the_days_it_was_stopped(
    submission, clerk, citizen, clock
):
    clock(2025, 3, 12, 10, 0)
    request_documents(submission, clerk)
    assert submission.resolution_suspended_since == date(2025, 3, 12)
    assert submission.resolution_due == date(2025, 6, 12)

    clock(2025, 3, 20, 17, 0)  # eight days later
    last = answer(submission, citizen)

    assert submission.status == Status.IN_PROCESS
    assert submission.resolution_suspended_since is None
    assert submission.resolution_due == date(2025, 6, 20)
    assert (last.suspension_from, last.suspension_until) == (date(2025, 3, 12), date(2025, 3, 20))
    assert last.resolution_due == date(2025, 6, 20)


def test_an_answer_on_a_saturday_counts_from_its_effective_monday_and_skips_sant_joan(
    submission, clerk, citizen, clock
):
    clock(2025, 3, 12, 10, 0)
    request_documents(submission, clerk)
    clock(2025, 3, 22, 11, 0)  # Saturday: the answer takes effect on Monday 24
    last = answer(submission, citizen)

    # Stopped 12 days: 12 June + 12 is 24 June, Sant Joan, a holiday in Catalonia.
    assert last.suspension_until == date(2025, 3, 24)
    assert submission.resolution_due == date(2025, 6, 25)


def test_without_an_answer_the_suspension_ends_with_the_time_to_answer(submission, clerk, clock):
    clock(2025, 3, 12, 10, 0)
    request_documents(submission, clerk)
    assert submission.requeriment_due == date(2025, 3, 26)

    clock(2025, 4, 2, 9, 0)  # the council goes on a week after the ten days ran out
    services.submission_status_change(submission=submission, to_status=Status.IN_PROCESS, by=clerk)
    submission.refresh_from_db()

    last = submission.status_changes.order_by("pk").last()
    assert last.suspension_until == date(2025, 3, 26)
    assert submission.resolution_due == date(2025, 6, 26)  # 14 days, not 21


def test_a_deadline_in_business_days_moves_by_business_days(citizen, clerk, register, clock):
    procedure = ProcedureFactory(
        resolution_deadline=10, resolution_deadline_unit=DeadlineUnit.BUSINESS_DAYS
    )
    submission = register(citizen, of=procedure, answers={}, files={})
    assert submission.resolution_due == date(2025, 3, 26)
    clock(2025, 3, 12, 10, 0)
    request_documents(submission, clerk)
    clock(2025, 3, 20, 12, 0)
    answer(submission, citizen)

    # Six business days were lost (13 to 20 March): 27, 28, 31 March, 1, 2, 3 April.
    assert submission.resolution_due == date(2025, 4, 3)


def test_a_requeriment_that_does_not_suspend_leaves_the_deadline(submission, clerk, citizen, clock):
    clock(2025, 3, 12, 10, 0)
    request_documents(submission, clerk, suspend=False)
    assert submission.resolution_suspended_since is None
    clock(2025, 3, 20, 17, 0)
    last = answer(submission, citizen)

    assert submission.resolution_due == date(2025, 6, 12)
    assert last.resolution_due is None


def test_a_suspended_case_is_not_overdue(submission, clerk, clock):
    from tramits.models import Submission

    clock(2025, 3, 12, 10, 0)
    request_documents(submission, clerk)
    after_the_old_deadline = date(2025, 6, 13)

    assert not submission.is_overdue_on(after_the_old_deadline)
    assert submission not in Submission.objects.overdue_on(after_the_old_deadline)
    assert submission not in Submission.objects.within_deadline_on(after_the_old_deadline)


def test_the_citizen_reads_that_the_deadline_is_suspended_and_where_it_moved(
    submission, clerk, citizen, client, clock
):
    clock(2025, 3, 12, 10, 0)
    request_documents(submission, clerk)
    client.force_login(citizen)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "suspended" in page
    assert 'class="overdue"' not in page
    assert "article 22.1.a" in page

    clock(2025, 3, 20, 17, 0)
    answer(submission, citizen)
    client.force_login(citizen)  # the clock jumped past the session's idle limit
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "The deadline to resolve was suspended from" in page
    assert "20 June 2025" in page or "June 20, 2025" in page


def test_the_requeriment_mail_says_the_deadline_is_suspended(
    submission, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_documents(submission, clerk)
    assert "deadline to resolve is suspended" in mail.outbox[-1].body


def test_staff_choose_in_the_admin_whether_the_requeriment_suspends(
    admin_client,  # noqa: F811
    submission,
):
    page = admin_client.get(change_url(submission)).content.decode()
    assert 'name="suspend_resolution"' in page

    response = post_status(
        admin_client,
        submission,
        new_status=Status.WAITING,
        public_comment="Aporteu el plànol signat.",
        suspend_resolution="on",
    )

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.resolution_suspended_since is not None
    listed = admin_client.get(
        reverse("admin:tramits_submission_changelist"), {"deadline": "suspended"}
    )
    assert submission.number in listed.content.decode()


def test_staff_find_the_requests_for_documents_not_answered_in_time(
    admin_client,  # noqa: F811
    register,
    citizen,
    other_citizen,
    clerk,
    monkeypatch,
):
    from django.utils import timezone

    real_now = timezone.now
    late, recent = register(citizen), register(other_citizen)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 3, 12, 10, tzinfo=OFFICIAL_TZ))
    request_documents(late, clerk)  # ten business days: until 26 March 2025
    monkeypatch.setattr(timezone, "now", real_now)
    request_documents(recent, clerk)  # until ten business days from today

    listed = admin_client.get(
        reverse("admin:tramits_submission_changelist"), {"deadline": "unanswered"}
    ).content.decode()

    assert late.number in listed
    assert recent.number not in listed
