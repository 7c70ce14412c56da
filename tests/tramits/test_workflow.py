"""The life of a case: which status can follow which, what each change records,
who may make it, what the citizen is told, and when a case is overdue."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from corporativa.business_days import OFFICIAL_TZ, official_today
from corporativa.models import NumberSeries, YearlyCounter
from outbox.choices import MailKind
from outbox.models import Mail
from tests.accounts.factories import UserFactory
from tests.corporativa.factories import LocalHolidayFactory
from tests.tramits.conftest import EXE_BYTES, upload
from tramits import services
from tramits.choices import OPEN_STATUSES, TRANSITIONS, DeadlineState, EntryKind, Status
from tramits.models import RegistryEntry, StatusChange, Submission
from tramits.views import REQUERIMENT_FILES

# The series this module counts in: corporativa.numbering keeps every series.
Counters = YearlyCounter.objects.filter(series=NumberSeries.REGISTRY_IN)

ALL_PAIRS = [(a, b) for a in Status for b in Status]
ALLOWED = [(a, b) for a, b in ALL_PAIRS if b in TRANSITIONS[a]]
FORBIDDEN = [(a, b) for a, b in ALL_PAIRS if b not in TRANSITIONS[a]]


def at_madrid(monkeypatch, *args):
    """Make `timezone.now()` return this Madrid time for the rest of the test."""
    moment = datetime(*args, tzinfo=OFFICIAL_TZ)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def change(submission, to_status, by, comment="Comentari públic.", note=""):
    return services.submission_status_change(
        submission=submission,
        to_status=to_status,
        by=by,
        public_comment=comment,
        internal_note=note,
    )


def put_in(submission, status):
    """Put a case straight into `status`, as if it had got there earlier."""
    Submission.objects.filter(pk=submission.pk).update(status=status)
    submission.refresh_from_db()
    return submission


# --- Transitions ----------------------------------------------------------------------


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_allowed_transitions_are_made_and_recorded(submission, clerk, from_status, to_status):
    put_in(submission, from_status)

    recorded = change(submission, to_status, clerk)

    submission.refresh_from_db()
    assert submission.status == to_status
    assert (recorded.from_status, recorded.to_status) == (from_status, to_status)


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_forbidden_transitions_are_refused_and_change_nothing(
    submission, clerk, from_status, to_status
):
    put_in(submission, from_status)

    with pytest.raises(ValidationError) as raised:
        change(submission, to_status, clerk)

    assert "new_status" in raised.value.message_dict
    submission.refresh_from_db()
    assert submission.status == from_status
    assert submission.status_changes.count() == 1


def test_closed_cases_cannot_move_any_more():
    for status in (Status.FAVOURABLE, Status.UNFAVOURABLE, Status.WITHDRAWN):
        assert TRANSITIONS[status] == set()
        assert status not in OPEN_STATUSES


def test_an_unknown_status_is_a_validation_error_not_a_crash(submission, clerk):
    with pytest.raises(ValidationError) as raised:
        change(submission, "archived", clerk)

    assert "new_status" in raised.value.message_dict
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED


# --- Requeriments ---------------------------------------------------------------------


def test_a_requeriment_gives_ten_business_days(submission, clerk, monkeypatch):
    at_madrid(monkeypatch, 2025, 3, 12, 10, 0)  # Wednesday

    recorded = change(submission, Status.WAITING, clerk, "Aporteu el contracte.")

    submission.refresh_from_db()
    assert recorded.deadline == date(2025, 3, 26)
    assert submission.requeriment_due == date(2025, 3, 26)


def test_a_requeriment_deadline_skips_easter_and_a_local_holiday(submission, clerk, monkeypatch):
    LocalHolidayFactory(date=date(2025, 4, 28), name="Festa local de prova")
    at_madrid(monkeypatch, 2025, 4, 16, 18, 0)  # the Wednesday before Easter

    recorded = change(submission, Status.WAITING, clerk, "Aporteu el contracte.")

    # 17, 22, 23, 24, 25, 29, 30 April, 2, 5 and 6 May: Good Friday, Easter
    # Monday, the local holiday and 1 May are skipped.
    assert recorded.deadline == date(2025, 5, 6)


def test_a_requeriment_notified_late_at_night_counts_from_the_madrid_day(
    submission, clerk, monkeypatch
):
    # 23:30 UTC on Friday 14 March is already Saturday 15 in Madrid.
    moment = datetime(2025, 3, 15, 0, 30, tzinfo=OFFICIAL_TZ)
    monkeypatch.setattr(timezone, "now", lambda: moment)

    recorded = change(submission, Status.WAITING, clerk, "Aporteu el contracte.")

    assert recorded.deadline == date(2025, 3, 28)


def test_a_requeriment_counts_from_the_madrid_day_whatever_the_active_time_zone(
    submission, clerk, monkeypatch
):
    # A request served with another active zone (UTC here) still counts in Madrid.
    moment = datetime(2025, 3, 15, 0, 30, tzinfo=OFFICIAL_TZ)
    monkeypatch.setattr(timezone, "now", lambda: moment)

    with timezone.override("UTC"):
        recorded = change(submission, Status.WAITING, clerk, "Aporteu el contracte.")

    assert recorded.deadline == date(2025, 3, 28)


def test_leaving_waiting_clears_the_requeriment_deadline(waiting_submission, clerk):
    assert waiting_submission.requeriment_due is not None

    change(waiting_submission, Status.IN_PROCESS, clerk, "")

    waiting_submission.refresh_from_db()
    assert waiting_submission.requeriment_due is None


def test_the_answer_to_a_requeriment_is_a_registry_entry_of_its_own(
    waiting_submission, citizen, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    at_madrid(monkeypatch, 2025, 3, 20, 17, 0)
    checked = services.upload_check(
        upload=upload("contracte.pdf"),
        field=REQUERIMENT_FILES,
    )
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.submission_requeriment_answer(
            submission=waiting_submission,
            by=citizen,
            text="  Adjunto el contracte.  ",
            files=[checked],
            device_class="mobile",
        )

    assert entry.number == "E/2025/000002"
    assert entry.kind == EntryKind.REQUERIMENT_ANSWER
    assert entry.submission == waiting_submission
    assert entry.text == "Adjunto el contracte."
    assert entry.device_class == "mobile"
    assert entry.attachments.get().original_name == "contracte.pdf"
    entry.refresh_from_db()
    assert entry.receipt is not None
    waiting_submission.refresh_from_db()
    assert waiting_submission.status == Status.IN_PROCESS
    assert waiting_submission.requeriment_due is None
    last = waiting_submission.status_changes.order_by("pk").last()
    assert last.changed_by == citizen
    assert entry.number in last.public_comment
    assert len(mailoutbox) == 1, "one mail: the case is in process again"


def test_a_requeriment_answer_needs_text_or_a_document(waiting_submission, citizen):
    with pytest.raises(ValidationError, match="Write an answer or attach"):
        services.submission_requeriment_answer(
            submission=waiting_submission, by=citizen, text="   ", files=[], device_class="desktop"
        )

    assert waiting_submission.entries.count() == 1


def test_only_a_waiting_case_takes_an_answer(submission, citizen):
    with pytest.raises(ValidationError, match="not waiting for documents"):
        services.submission_requeriment_answer(
            submission=submission, by=citizen, text="Hola", files=[], device_class="desktop"
        )

    assert Counters.get().last_number == 1


def test_only_the_applicant_can_answer_a_requeriment(waiting_submission, other_citizen, clerk):
    for someone in (other_citizen, clerk):
        with pytest.raises(PermissionDenied):
            services.submission_requeriment_answer(
                submission=waiting_submission,
                by=someone,
                text="Hola",
                files=[],
                device_class="desktop",
            )

    assert RegistryEntry.objects.count() == 1


def test_a_requeriment_answer_file_is_checked_by_content():
    with pytest.raises(ValidationError, match="not a valid PDF, JPEG, PNG file"):
        services.upload_check(upload=upload("contracte.pdf", EXE_BYTES), field=REQUERIMENT_FILES)


# --- What each change records ---------------------------------------------------------


def test_each_change_records_who_when_and_both_comments(submission, clerk, monkeypatch):
    moment = at_madrid(monkeypatch, 2025, 3, 13, 11, 45)

    recorded = change(
        submission,
        Status.FAVOURABLE,
        clerk,
        comment="  Sol·licitud estimada.  ",
        note="  Vist i plau del cap de servei.  ",
    )

    recorded.refresh_from_db()
    assert recorded.changed_by == clerk
    assert recorded.changed_at == moment
    assert recorded.public_comment == "Sol·licitud estimada."
    assert recorded.internal_note == "Vist i plau del cap de servei."
    assert recorded.deadline is None
    submission.refresh_from_db()
    assert submission.status_changed_at == moment
    assert list(submission.status_changes.values_list("to_status", flat=True)) == [
        Status.REGISTERED,
        Status.FAVOURABLE,
    ]


@pytest.mark.parametrize("to_status", [Status.WAITING, Status.FAVOURABLE, Status.UNFAVOURABLE])
def test_requeriments_and_resolutions_need_a_public_comment(submission, clerk, to_status):
    with pytest.raises(ValidationError) as raised:
        change(submission, to_status, clerk, comment="   ", note="Només nota interna.")

    assert "public_comment" in raised.value.message_dict
    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED
    assert not StatusChange.objects.filter(to_status=to_status).exists()


def test_starting_to_process_needs_no_comment(submission, clerk):
    assert change(submission, Status.IN_PROCESS, clerk, comment="").public_comment == ""


def test_each_change_sends_one_mail_after_the_commit(
    submission, clerk, citizen, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        change(submission, Status.IN_PROCESS, clerk, "Hem començat a revisar-la.")
        assert mailoutbox == [], "nothing is sent before the commit"

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == ["marta.puig@example.cat"]
    assert submission.number in sent.subject
    assert "Hem començat a revisar-la." in sent.body
    with translation.override(citizen.preferred_language):
        path = submission.get_absolute_url()
    assert f"https://seu.mollet.example{path}" in sent.body


def test_no_mail_when_the_change_is_rolled_back(
    submission, clerk, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        change(submission, Status.FAVOURABLE, clerk, comment="")

    assert callbacks == []
    assert mailoutbox == []


def test_the_mail_is_in_the_applicants_language(
    register, spanish_citizen, clerk, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    submission = register(spanish_citizen)
    at_madrid(monkeypatch, 2025, 3, 12, 10, 0)

    with translation.override("ca"), django_capture_on_commit_callbacks(execute=True):
        change(submission, Status.WAITING, clerk, "Aporten el contrato.")

    assert Mail.objects.get(kind=MailKind.STATUS_CHANGED).language == "es"
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    subjects = {}
    for language in ("es", "ca"):
        with translation.override(language):
            subjects[language] = _("Your application %(number)s: %(status)s") % {
                "number": submission.number,
                "status": Status.WAITING.label,
            }
    assert sent.subject == subjects["es"]
    assert sent.subject != subjects["ca"], "not the language of the clerk's request"
    # Dates follow the language too: Django's own catalogue names the month.
    assert "26 de marzo de 2025" in sent.body
    assert f"/es/tramits/les-meves-sollicituds/{submission.slug}/" in sent.body


def test_the_registration_mail_links_in_the_applicants_language(
    make_draft, spanish_citizen, django_capture_on_commit_callbacks, mailoutbox
):
    with translation.override("ca"), django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(
            draft=make_draft(spanish_citizen), device_class="desktop"
        )

    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert f"/es/tramits/les-meves-sollicituds/{submission.slug}/" in sent.body
    with translation.override("es"):
        assert sent.subject == _("Registered: %(procedure)s (%(number)s)") % {
            "procedure": submission.procedure.title,
            "number": submission.number,
        }


def test_internal_notes_never_reach_the_citizen(
    submission, clerk, citizen, client, django_capture_on_commit_callbacks, mailoutbox
):
    note = "NOTA-INTERNA: el veí ja va presentar una queixa."
    with django_capture_on_commit_callbacks(execute=True):
        change(submission, Status.WAITING, clerk, "Aporteu el plànol signat.", note=note)

    assert len(mailoutbox) == 1
    assert note not in mailoutbox[0].body
    assert "Aporteu el plànol signat." in mailoutbox[0].body

    client.force_login(citizen)
    page = client.get(submission.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    assert "Aporteu el plànol signat." in content
    assert "NOTA-INTERNA" not in content


# --- Who may change a status ----------------------------------------------------------


def test_a_citizen_cannot_change_the_status(submission, citizen):
    with pytest.raises(PermissionDenied):
        change(submission, Status.FAVOURABLE, citizen, "Aprovat per mi mateixa.")

    submission.refresh_from_db()
    assert submission.status == Status.REGISTERED


def test_staff_without_the_processing_permission_cannot_change_the_status(submission, staff):
    with pytest.raises(PermissionDenied):
        change(submission, Status.IN_PROCESS, staff)


def test_nobody_is_not_somebody(submission):
    with pytest.raises(PermissionDenied):
        change(submission, Status.IN_PROCESS, None)


def test_the_citizen_can_withdraw_an_open_case(submission, citizen):
    recorded = services.submission_withdraw(submission=submission, by=citizen, reason="  ")

    submission.refresh_from_db()
    assert submission.status == Status.WITHDRAWN
    assert recorded.changed_by == citizen
    assert recorded.public_comment == "Withdrawn by the applicant."


def test_nobody_else_can_withdraw_a_case(submission, other_citizen, clerk):
    for someone in (other_citizen, clerk):
        with pytest.raises(PermissionDenied):
            services.submission_withdraw(submission=submission, by=someone)


def test_a_closed_case_cannot_be_withdrawn(submission, citizen, clerk):
    change(submission, Status.UNFAVOURABLE, clerk, "No compleix els requisits.")

    with pytest.raises(ValidationError, match="already closed"):
        services.submission_withdraw(submission=submission, by=citizen)


# --- Deadlines --------------------------------------------------------------------------


def test_open_cases_past_their_deadline_are_overdue(register, citizen, clerk):
    late = register(citizen)  # due 12 June 2025
    resolved = register(UserFactory())
    change(resolved, Status.FAVOURABLE, clerk, "Estimada.")
    waiting = register(UserFactory())
    change(waiting, Status.WAITING, clerk, "Aporteu el plànol.")

    due = late.resolution_due
    assert due == date(2025, 6, 12)
    assert list(Submission.objects.overdue_on(due)) == []
    overdue = set(Submission.objects.overdue_on(due + timedelta(days=1)))
    assert overdue == {late, waiting}
    late.refresh_from_db()
    resolved.refresh_from_db()
    assert not late.is_overdue_on(due)
    assert late.is_overdue_on(due + timedelta(days=1))
    assert not resolved.is_overdue_on(due + timedelta(days=365))
    # One rule for the list filter, the case page and the staff column.
    assert late.deadline_state(due) == DeadlineState.WITHIN
    assert late.deadline_state(due + timedelta(days=1)) == DeadlineState.OVERDUE
    assert resolved.deadline_state(due + timedelta(days=365)) == DeadlineState.CLOSED
    for day in (due, due + timedelta(days=1), due + timedelta(days=90)):
        listed = set(Submission.objects.overdue_on(day))
        for case in (late, resolved, waiting):
            case.refresh_from_db()
            assert (case in listed) == (case.deadline_state(day) == DeadlineState.OVERDUE)


def test_the_citizen_sees_whether_the_case_is_overdue(submission, client_logged_in):
    page = client_logged_in.get(submission.get_absolute_url())
    # Registered in March 2025 with three months to resolve: overdue by now.
    assert submission.resolution_due < official_today()
    assert 'class="overdue"' in page.content.decode()
