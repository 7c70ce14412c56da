"""The electronic registry (Llei 39/2015, art. 16 and 31): numbers, times,
snapshots, attachments, receipts, and what happens when something fails."""

import hashlib
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from smtplib import SMTPException

import pytest
from django.core.exceptions import ValidationError
from django.core.mail.backends import locmem
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from corporativa.business_days import OFFICIAL_TZ
from corporativa.models import NumberSeries, YearlyCounter
from documents.choices import DocumentKind
from documents.seal import validate_sealed_pdf
from outbox import services as outbox_services
from outbox.choices import MailKind, MailState
from outbox.models import Mail
from tests.accounts.factories import UserFactory
from tests.corporativa.factories import LocalHolidayFactory
from tests.tramits.conftest import (
    EXE_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    WEDNESDAY,
    docx_bytes,
    odt_bytes,
    upload,
    zip_bytes,
)
from tests.tramits.factories import ProcedureFactory, ProcedureFieldFactory
from tramits import answers, receipts, services
from tramits.choices import DeadlineUnit, EntryKind, FieldKind, FileType, Status
from tramits.files import detect_type, safe_filename
from tramits.models import (
    Attachment,
    Draft,
    DraftFile,
    RegistryEntry,
    StatusChange,
    Submission,
)

# The series this module counts in: corporativa.numbering keeps every series.
Counters = YearlyCounter.objects.filter(series=NumberSeries.REGISTRY_IN)


def madrid(*args):
    return datetime(*args, tzinfo=OFFICIAL_TZ)


def last_number(year):
    counter = Counters.filter(year=year).first()
    return counter.last_number if counter else 0


# --- Numbers ------------------------------------------------------------------------


def test_numbers_are_consecutive_from_one_within_a_year(register, citizen, other_citizen):
    first = register(citizen)
    second = register(other_citizen)
    third = register(UserFactory())

    assert [first.number, second.number, third.number] == [
        "E/2025/000001",
        "E/2025/000002",
        "E/2025/000003",
    ]
    entries = RegistryEntry.objects.order_by("sequence")
    assert [(e.year, e.sequence, e.number) for e in entries] == [
        (2025, 1, "E/2025/000001"),
        (2025, 2, "E/2025/000002"),
        (2025, 3, "E/2025/000003"),
    ]
    assert all(e.kind == EntryKind.SUBMISSION for e in entries)
    assert first.entries.get().number == first.number


def test_the_year_of_a_number_is_the_year_in_madrid(register, citizen):
    # 23:30 UTC on 31 December is already 00:30 on 1 January in Madrid.
    submission = register(citizen, at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC))

    assert submission.number == "E/2026/000001"
    assert submission.entries.get().year == 2026
    assert last_number(2025) == 0


def test_the_year_of_a_number_is_madrid_s_whatever_the_active_time_zone(register, citizen):
    with timezone.override("UTC"):
        submission = register(citizen, at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC))

    assert submission.number == "E/2026/000001"


def test_a_new_year_starts_again_at_one(register, citizen, other_citizen):
    register(citizen, at=madrid(2025, 12, 31, 23, 59))
    register(other_citizen, at=madrid(2025, 12, 31, 23, 59, 59))
    new_year = register(UserFactory(), at=madrid(2026, 1, 1, 0, 0, 1))

    assert new_year.number == "E/2026/000001"
    assert last_number(2025) == 2
    assert last_number(2026) == 1


def test_a_rolled_back_registration_gives_its_number_back(
    register, make_draft, citizen, other_citizen, monkeypatch
):
    draft = make_draft(citizen)

    def fail(**kwargs):
        raise RuntimeError("the database went away after the number was taken")

    monkeypatch.setattr(StatusChange.objects, "create", fail)
    with pytest.raises(RuntimeError):
        services.submission_register(draft=draft, device_class="desktop", at=WEDNESDAY)
    monkeypatch.undo()

    assert not Submission.objects.exists()
    assert not RegistryEntry.objects.exists()
    assert not Attachment.objects.exists()
    assert last_number(2025) == 0
    draft.refresh_from_db()
    assert draft.submission is None
    assert draft.files.count() == 1, "the citizen's attachment is still in the draft"

    assert services.submission_register(
        draft=draft, device_class="desktop", at=WEDNESDAY
    ).number == ("E/2025/000001")
    assert register(other_citizen).number == "E/2025/000002"


# --- Times and deadlines ------------------------------------------------------------


def test_an_entry_on_a_business_day_takes_effect_when_made(submission):
    assert submission.registered_at == WEDNESDAY
    assert submission.effective_at == WEDNESDAY
    assert submission.entries.get().effective_at == WEDNESDAY


def test_an_entry_on_saturday_takes_effect_on_monday_at_midnight_in_madrid(register, citizen):
    saturday = madrid(2025, 3, 15, 11, 20)

    submission = register(citizen, at=saturday)

    entry = submission.entries.get()
    assert entry.registered_at == saturday
    assert entry.effective_at == madrid(2025, 3, 17, 0, 0)
    assert submission.effective_at == madrid(2025, 3, 17, 0, 0)
    # Three months counted from the day it takes effect.
    assert submission.resolution_due == date(2025, 6, 17)


def test_an_entry_on_new_years_eve_night_takes_effect_after_the_holiday(register, citizen):
    submission = register(citizen, at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC))

    # 1 January 2026 (Thursday) is a holiday: it takes effect on Friday the 2nd.
    assert submission.effective_at == madrid(2026, 1, 2, 0, 0)


def test_resolution_deadline_in_months_ends_on_the_same_day_number(register, citizen):
    submission = register(citizen)  # Wednesday 12 March 2025, three months

    assert submission.resolution_due == date(2025, 6, 12)


def test_resolution_deadline_in_months_ending_on_saturday_moves_to_monday(register, citizen):
    submission = register(citizen, at=madrid(2025, 3, 14, 10, 0))

    assert submission.resolution_due == date(2025, 6, 16)


def test_resolution_deadline_in_business_days_skips_weekends_and_holidays(
    procedure, register, citizen
):
    procedure.resolution_deadline = 10
    procedure.resolution_deadline_unit = DeadlineUnit.BUSINESS_DAYS
    procedure.save()
    LocalHolidayFactory(date=date(2025, 4, 28), name="Festa local de prova")

    # Wednesday before Easter: Good Friday, Easter Monday, 1 May and a local
    # holiday fall inside the ten days.
    submission = register(citizen, at=madrid(2025, 4, 16, 12, 0))

    assert submission.resolution_due == date(2025, 5, 6)


# --- What is kept -------------------------------------------------------------------


def test_the_snapshot_keeps_the_questions_as_they_were_asked(submission, procedure, plan_field):
    field = procedure.fields.get(name="adreca")
    field.label = "Adreça completa (nova redacció)"
    field.save()
    plan_field.label = "Plànol (nova redacció)"
    plan_field.save()

    submission.refresh_from_db()
    assert submission.answers[0] == {
        "name": "adreca",
        "label": "Adreça de l'obra",
        "kind": FieldKind.TEXT,
        "value": "Carrer de Berenguer III, 42",
    }
    rows = answers.submitted_rows(submission)
    assert rows[0] == {"label": "Adreça de l'obra", "value": "Carrer de Berenguer III, 42"}
    assert {"label": "Tipus d'ocupació", "value": "Bastida"} in rows
    assert all(row["label"] != "Adreça completa (nova redacció)" for row in rows)
    # File questions are not answers: they are attachments, with their own label.
    assert all(a["kind"] != FieldKind.FILE for a in submission.answers)
    attachment = Attachment.objects.get()
    assert attachment.field_label == "Plànol de situació"


def test_the_applicant_is_recorded_as_they_were_when_submitting(submission, citizen):
    citizen.full_name = "Marta Puig"
    citizen.email = "marta@example.cat"
    citizen.save()

    submission.refresh_from_db()
    assert submission.applicant_name == "Marta Puig i Soler"
    assert submission.applicant_document == "12345678Z"
    assert submission.applicant_email == "marta.puig@example.cat"


def test_attachments_keep_name_size_and_fingerprint(register, citizen):
    content = PDF_BYTES + "% plànol de la façana\n".encode()
    submission = register(citizen, files={"planol": upload("Plànol façana.PDF", content)})

    attachment = Attachment.objects.get(entry__submission=submission)
    assert attachment.original_name == "Plànol façana.pdf"
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.content_type == "application/pdf"
    assert attachment.field_name == "planol"
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    # The draft keeps no rows pointing at the file any more.
    assert not DraftFile.objects.exists()


def test_attachments_are_stored_privately_under_random_names(register, citizen, client, settings):
    submission = register(citizen, files={"planol": upload("dni-marta-puig.pdf")})

    attachment = Attachment.objects.get(entry__submission=submission)
    path = Path(attachment.file.path)
    assert path.is_file()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "marta" not in attachment.file.name
    # Nothing serves MEDIA_ROOT: the only way to the file is the checked view.
    assert client.get(f"{settings.MEDIA_URL}{attachment.file.name}").status_code == 404


def test_the_device_the_entry_was_made_from_is_recorded(make_draft, citizen):
    submission = services.submission_register(
        draft=make_draft(citizen), device_class="mobile", at=WEDNESDAY
    )

    assert submission.entries.get().device_class == "mobile"


def test_registration_records_the_first_step_of_the_history(submission):
    change = submission.status_changes.get()
    assert (change.from_status, change.to_status) == ("", Status.REGISTERED)
    assert change.changed_by is None
    assert change.changed_at == WEDNESDAY


def test_a_replaced_or_removed_draft_file_is_deleted_from_disk(
    make_draft, plan_field, citizen, django_capture_on_commit_callbacks
):
    draft = make_draft(citizen, files={"planol": upload("primer.pdf")})
    first = Path(draft.files.get().file.path)

    with django_capture_on_commit_callbacks(execute=True):
        services.draft_save(
            draft=draft,
            answers={},
            files={"planol": services.upload_check(upload=upload("segon.pdf"), field=plan_field)},
        )
    second = Path(draft.files.get().file.path)
    assert not first.exists()
    assert second.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.draft_remove_file(draft=draft, field_name="planol")
    assert not second.exists()
    assert not draft.files.exists()


def test_a_submitted_file_stays_on_disk_when_the_draft_lets_it_go(
    make_draft, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(draft=make_draft(citizen), device_class="desktop")

    attachment = Attachment.objects.get(entry__submission=submission)
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


# --- The receipt and the mail, after the commit --------------------------------------


def receipt_text(content) -> str:
    """Every string of a DocumentContent, for looking things up."""
    parts = [content.subtitle]
    for section in content.sections:
        parts.append(section.heading)
        parts.extend(f"{label} {value}" for label, value in section.rows)
        parts.extend(section.paragraphs)
        if section.table:
            parts.extend(" ".join(row) for row in section.table.rows)
    return "\n".join(str(p) for p in parts)


def test_the_receipt_is_issued_after_the_commit_sealed_and_valid(
    make_draft, citizen, django_capture_on_commit_callbacks, mailoutbox
):
    content = PDF_BYTES + b"% annex\n"
    draft = make_draft(citizen, files={"planol": upload("annex.pdf", content)})

    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(draft=draft, device_class="desktop")
        assert submission.entries.get().receipt is None, "not before the commit"
        assert mailoutbox == []
        # The mail is written with the entry, in its transaction.
        assert Mail.objects.filter(kind=MailKind.REGISTERED).count() == 1
    assert len(mailoutbox) == 1

    entry = submission.entries.select_related("receipt").get()
    receipt = entry.receipt
    assert receipt is not None
    assert receipt.kind == DocumentKind.RECEIPT
    assert receipt.owner == citizen
    assert receipt.related == entry
    with receipt.file.open("rb") as stored:
        pdf = stored.read()
    assert hashlib.sha256(pdf).hexdigest() == receipt.sha256
    assert validate_sealed_pdf(pdf).valid
    info = PdfFileReader(BytesIO(pdf)).trailer["/Info"]
    assert entry.number in str(info["/Title"])

    text = receipt_text(receipts.receipt_content(entry))
    assert entry.number in text
    assert "Marta Puig i Soler" in text
    assert "12345678Z" in text
    assert hashlib.sha256(content).hexdigest() in text
    assert "annex.pdf" in text


def test_the_receipt_lists_every_attachment_with_its_fingerprint(make_draft, procedure, citizen):
    ProcedureFieldFactory(
        procedure=procedure, name="altres", label="Altres", kind=FieldKind.FILE, required=False
    )
    plan, other = PDF_BYTES + b"%1\n", PDF_BYTES + b"%2\n"
    draft = make_draft(
        citizen, files={"planol": upload("a.pdf", plan), "altres": upload("b.pdf", other)}
    )
    entry = services.submission_register(draft=draft, device_class="desktop").entries.get()

    text = receipt_text(receipts.receipt_content(entry))
    for data in (plan, other):
        assert hashlib.sha256(data).hexdigest() in text


def test_one_mail_tells_the_applicant_the_number(
    submission, mailoutbox, django_capture_on_commit_callbacks, make_draft, other_citizen
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(
            draft=make_draft(other_citizen), device_class="desktop"
        )

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["joan.garcia@example.cat"]
    assert submission.number in mail.subject
    assert submission.number in mail.body
    assert f"https://seu.mollet.example{submission.get_absolute_url()}" in mail.body


def test_a_mail_failure_never_loses_the_submission_nor_the_mail(
    make_draft, citizen, django_capture_on_commit_callbacks, monkeypatch, mailoutbox
):
    def refuse(self):
        raise SMTPException("the mail server is down")

    with monkeypatch.context() as patch:
        patch.setattr(locmem.EmailBackend, "open", refuse, raising=False)
        with django_capture_on_commit_callbacks(execute=True):
            submission = services.submission_register(
                draft=make_draft(citizen), device_class="desktop"
            )

    assert Submission.objects.get() == submission
    assert submission.entries.get().receipt is not None
    [waiting] = Mail.objects.all()
    assert waiting.state == MailState.PENDING
    assert "the mail server is down" in waiting.last_error
    assert mailoutbox == []

    # The server is back: the next run of the outbox delivers it, once.
    outbox_services.deliver_due(now=timezone.now() + timedelta(minutes=1))
    outbox_services.deliver_due(now=timezone.now() + timedelta(minutes=2))
    [message] = mailoutbox
    assert submission.number in message.subject


def test_a_receipt_failure_never_loses_the_submission_and_it_is_issued_later(
    make_draft, citizen, django_capture_on_commit_callbacks, monkeypatch, mailoutbox, caplog
):
    def broken(entry):
        raise OSError("disk full")

    monkeypatch.setattr("tramits.receipts.receipt_build", broken)
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_register(draft=make_draft(citizen), device_class="desktop")
    monkeypatch.undo()

    entry = submission.entries.get()
    assert entry.receipt is None
    assert "tramits.receipt_issue" in caplog.text
    assert "disk full" in caplog.text
    assert len(mailoutbox) == 1, "the applicant is still told"

    # The sweep issues it once its grace has passed, and only once.
    assert services.receipts_missing_issue() == 0, "too early: its task may still run"
    later = timezone.now() + services.RECEIPT_GRACE + timedelta(seconds=1)
    assert services.receipts_missing_issue(now=later) == 1
    entry.refresh_from_db()
    receipt = entry.receipt
    assert receipt is not None
    assert services.receipts_missing_issue(now=later) == 0
    assert services.receipt_issue(entry=entry) == receipt, "issued once"


# --- What is refused ---------------------------------------------------------------


def test_the_same_draft_submitted_twice_gives_one_submission(make_draft, citizen):
    draft = make_draft(citizen)

    first = services.submission_register(draft=draft, device_class="desktop")
    second = services.submission_register(draft=draft, device_class="desktop")

    assert first == second
    assert Submission.objects.count() == 1
    assert RegistryEntry.objects.count() == 1
    assert last_number(timezone.localtime().year) == 1


def test_a_submitted_draft_makes_room_for_a_new_one(submission, citizen, procedure):
    new = services.draft_for(applicant=citizen, procedure=procedure)

    assert new.submission is None
    assert new != Draft.objects.get(submission=submission)


@pytest.mark.parametrize(
    "closing",
    [
        {"is_published": False},
        {"available_online": False},
        {"is_permanent": False, "open_from": date(2020, 1, 1), "open_until": date(2020, 1, 31)},
    ],
    ids=["unpublished", "in-person-only", "window-over"],
)
def test_a_closed_procedure_registers_nothing(make_draft, procedure, citizen, closing):
    draft = make_draft(citizen)
    for name, value in closing.items():
        setattr(procedure, name, value)
    procedure.save()

    with pytest.raises(ValidationError, match="not open for online applications"):
        services.submission_register(draft=draft, device_class="desktop")

    assert not Submission.objects.exists()
    assert not RegistryEntry.objects.exists()
    assert not Counters.filter(last_number__gt=0).exists()


def test_a_missing_required_answer_registers_nothing(make_draft, citizen):
    draft = make_draft(citizen, answers={"adreca": "", "tipus": "Grua"})

    with pytest.raises(ValidationError) as raised:
        services.submission_register(draft=draft, device_class="desktop")

    assert raised.value.messages == ["Answer “Adreça de l'obra”."]
    assert not Submission.objects.exists()
    assert not Counters.filter(last_number__gt=0).exists()


def test_a_missing_required_file_registers_nothing(make_draft, citizen):
    draft = make_draft(citizen, files={})

    with pytest.raises(ValidationError) as raised:
        services.submission_register(draft=draft, device_class="desktop")

    assert raised.value.messages == ["Attach “Plànol de situació”."]
    assert not Submission.objects.exists()
    assert not Counters.filter(last_number__gt=0).exists()


def test_an_optional_question_left_empty_is_no_problem(make_draft, citizen):
    draft = make_draft(citizen, answers={"adreca": "Plaça Major, 1", "tipus": "Grua"})

    submission = services.submission_register(draft=draft, device_class="desktop")

    assert {"name": "dies", "label": "Nombre de dies", "kind": "number", "value": None} in (
        submission.answers
    )


def test_a_procedure_without_questions_can_be_submitted(citizen, make_draft):
    generic = ProcedureFactory(generic=True)

    draft = make_draft(citizen, of=generic, answers={})
    submission = services.submission_register(draft=draft, device_class="desktop")

    assert submission.answers == []
    assert submission.number.startswith("E/")


# --- Files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "what"),
    [(PNG_BYTES, "png"), (JPEG_BYTES, "jpeg"), (EXE_BYTES, "executable")],
)
def test_a_file_named_pdf_whose_content_is_not_pdf_is_refused(plan_field, content, what):
    with pytest.raises(ValidationError) as raised:
        services.upload_check(upload=upload("plànol.pdf", content), field=plan_field)

    assert raised.value.code == "bad_type"
    assert raised.value.messages == [
        "The file “plànol.pdf” is not a valid PDF file. Its content is checked, not its name."
    ]


def test_a_file_over_the_limit_is_refused(plan_field):
    too_big = PDF_BYTES + b"0" * (1024 * 1024)

    with pytest.raises(ValidationError) as raised:
        services.upload_check(upload=upload("gran.pdf", too_big), field=plan_field)

    assert raised.value.code == "too_big"
    assert raised.value.messages == ["The file “gran.pdf” is 1.0 MB; the maximum is 1 MB."]


def test_a_file_exactly_at_the_limit_is_accepted(plan_field):
    exact = PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES))

    assert services.upload_check(upload=upload("just.pdf", exact), field=plan_field).size == (
        1024 * 1024
    )


def test_an_empty_file_is_refused(plan_field):
    with pytest.raises(ValidationError) as raised:
        services.upload_check(upload=upload("buit.pdf", b""), field=plan_field)

    assert raised.value.code == "empty"
    assert raised.value.messages == ["The file “buit.pdf” is empty."]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\evil\\x.pdf", "x.pdf"),
        ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
        ("/etc/cron.d/../shadow.pdf", "shadow.pdf"),
        ("....pdf", "pdf.pdf"),
        ("a\x00b<>:|?*.pdf", "ab.pdf"),
        ("cv.pdf.exe", "cv.pdf.pdf"),
    ],
)
def test_file_names_become_harmless_display_names(plan_field, make_draft, citizen, name, shown):
    checked = services.upload_check(upload=upload(name), field=plan_field)
    assert checked.name == shown

    draft = make_draft(citizen, files={"planol": upload(name)})
    stored = draft.files.get()
    assert stored.original_name == shown
    assert stored.file.name.startswith("drafts/")
    assert ".." not in stored.file.name
    assert "etc" not in stored.file.name and "evil" not in stored.file.name
    assert Path(stored.file.path).resolve().is_relative_to(Path(stored.file.storage.location))


def test_the_stored_path_ignores_the_name_after_registration(register, citizen, settings):
    submission = register(citizen, files={"planol": upload("../../../../tmp/x.pdf")})

    attachment = Attachment.objects.get(entry__submission=submission)
    assert attachment.original_name == "x.pdf"
    assert "tmp" not in attachment.file.name
    assert Path(attachment.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF_BYTES, FileType.PDF),
        (PNG_BYTES, FileType.PNG),
        (JPEG_BYTES, FileType.JPEG),
        (docx_bytes(), FileType.DOCX),
        (odt_bytes(), FileType.ODT),
        (zip_bytes({"readme.txt": b"hola"}), None),
        (b"PK\x03\x04 not really a zip", None),
        (EXE_BYTES, None),
        (b"plain text", None),
    ],
    ids=["pdf", "png", "jpeg", "docx", "odt", "plain-zip", "broken-zip", "exe", "text"],
)
def test_file_types_are_recognised_by_content(content, kind):
    file = BytesIO(content)

    assert detect_type(file) == kind
    assert file.tell() == 0, "the file can be read again from the start"


def test_office_documents_are_accepted_where_allowed_and_named_by_their_type(procedure):
    field = ProcedureFieldFactory(
        procedure=procedure, kind=FieldKind.FILE, allowed_types="docx,odt"
    )

    docx = services.upload_check(upload=upload("informe.zip", docx_bytes()), field=field)
    odt = services.upload_check(upload=upload("informe", odt_bytes()), field=field)

    assert (docx.name, docx.content_type) == (
        "informe.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert (odt.name, odt.content_type) == (
        "informe.odt",
        "application/vnd.oasis.opendocument.text",
    )
    with pytest.raises(ValidationError, match="not a valid DOCX, ODT file"):
        services.upload_check(upload=upload("informe.docx", PDF_BYTES), field=field)


def test_safe_filename_without_a_type_keeps_a_short_lower_case_extension():
    assert safe_filename("Informe FINAL.PDF") == "Informe FINAL.pdf"
    assert safe_filename("") == "document"
    assert len(safe_filename("x" * 500 + ".pdf")) == 124


def test_the_statistics_count_registry_entries_by_device(make_draft, citizen, other_citizen):
    for applicant, device in ((citizen, "mobile"), (other_citizen, "desktop")):
        services.submission_register(draft=make_draft(applicant), device_class=device, at=WEDNESDAY)
    tablet = UserFactory()
    services.submission_register(draft=make_draft(tablet), device_class="tablet", at=WEDNESDAY)

    day = timedelta(days=1)
    assert RegistryEntry.objects.device_counts(start=WEDNESDAY, end=WEDNESDAY + day) == (3, 2)
    assert RegistryEntry.objects.device_counts(start=WEDNESDAY + day, end=WEDNESDAY + 2 * day) == (
        0,
        0,
    )
