"""Writes of the Tràmits section: the electronic registry and the life of a case.

Every change goes through these functions, from the public site and from the
admin alike, so no screen can bypass a rule.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corporativa import business_days
from corporativa.models import NumberSeries
from corporativa.numbering import number_and_time_take, number_take
from documents.files import files_deleted_on_rollback
from seu import background
from tramits import emails, hooks, signatures
from tramits.choices import (
    OPEN_STATUSES,
    RESOLVED_STATUSES,
    TRANSITIONS,
    DeadlineUnit,
    EntryKind,
    FieldKind,
    Status,
)
from tramits.files import CONTENT_TYPES, ArchiveRefused, detect_type, safe_filename, sha256_of
from tramits.models import (
    Attachment,
    Draft,
    DraftFile,
    Procedure,
    RegistryEntry,
    StatusChange,
    Submission,
)

logger = logging.getLogger(__name__)

REQUERIMENT_BUSINESS_DAYS = 10  # Llei 39/2015, art. 68.1


# --- Files --------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    size: int
    sha256: str
    content_type: str


def upload_check(*, upload: UploadedFile, field) -> CheckedFile:
    """Check an uploaded file against a form field's limits, by its content."""
    limit = field.max_size_mb * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s MB; the maximum is %(max)s MB.")
            % {
                "name": safe_filename(upload.name),
                "size": f"{upload.size / 1048576:.1f}",
                "max": field.max_size_mb,
            },
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty.") % {"name": safe_filename(upload.name)}, code="empty"
        )
    try:
        kind = detect_type(upload)
    except ArchiveRefused:
        raise ValidationError(
            _(
                "The file “%(name)s” is a compressed archive that would unpack to far more "
                "than any document holds, so it cannot be accepted. Save the document again "
                "from your word processor, or send it as PDF."
            )
            % {"name": safe_filename(upload.name)},
            code="bad_archive",
        ) from None
    allowed = field.allowed_type_list
    if kind not in allowed:
        raise ValidationError(
            _(
                "The file “%(name)s” is not a valid %(types)s file. Its content is checked, not its name."
            )
            % {"name": safe_filename(upload.name), "types": ", ".join(t.upper() for t in allowed)},
            code="bad_type",
        )
    return CheckedFile(
        upload=upload,
        name=safe_filename(upload.name, kind),
        size=upload.size,
        sha256=sha256_of(upload),
        content_type=CONTENT_TYPES[kind],
    )


# --- Drafts ---------------------------------------------------------------------


def draft_for(*, applicant, procedure: Procedure) -> Draft:
    """The citizen's open draft of this procedure, created if there is none."""
    draft, _created = Draft.objects.get_or_create(
        applicant=applicant, procedure=procedure, submission=None
    )
    return draft


@transaction.atomic
def draft_save(
    *, draft: Draft, answers: dict, files: dict[str, CheckedFile] | None = None
) -> Draft:
    """Keep what the citizen entered, valid or not yet, so nothing is lost."""
    draft.answers = {**draft.answers, **answers}
    draft.save(update_fields=["answers", "updated_at"])
    for field_name, checked in (files or {}).items():
        _draft_files_drop(DraftFile.objects.filter(draft=draft, field_name=field_name))
        draft_file = DraftFile(
            draft=draft,
            field_name=field_name,
            original_name=checked.name,
            size=checked.size,
            sha256=checked.sha256,
            content_type=checked.content_type,
        )
        draft_file.file.save(checked.name, checked.upload, save=False)
        draft_file.save()
    return draft


def draft_remove_file(*, draft: Draft, field_name: str) -> None:
    _draft_files_drop(DraftFile.objects.filter(draft=draft, field_name=field_name))


def _draft_files_drop(draft_files) -> None:
    """Forget files of a draft not yet submitted, and their bytes once committed.

    A file the citizen replaced or removed is personal data nobody can reach
    any more: keeping it would only keep it. (A submitted draft's files
    belong to its attachments; submission_register drops only their rows.)
    """
    for draft_file in list(draft_files):
        storage, name = draft_file.file.storage, draft_file.file.name
        draft_file.delete()
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@transaction.atomic
def account_drafts_discard(*, user) -> int:
    """Delete a person's unsubmitted drafts: their answers now, their files once
    committed. Returns how many drafts went.

    Run when the account is closed (an accounts.closure step): nobody could
    ever submit them. Submitted drafts belong to their registry entries and
    stay, files included.
    """
    ids = list(
        Draft.objects.select_for_update()
        .filter(applicant=user, submission=None)
        .values_list("pk", flat=True)
    )
    _draft_files_drop(DraftFile.objects.filter(draft__in=ids))
    Draft.objects.filter(pk__in=ids).delete()
    logger.info("Deleted %s unsubmitted drafts of account %s", len(ids), user.pk)
    return len(ids)


def draft_problems(draft: Draft) -> list[str]:
    """What still stops this draft from being submitted, in the citizen's words."""
    problems = []
    if not draft.procedure.is_open_on(business_days.official_today()):
        problems.append(_("This procedure is not open for online applications now."))
    file_names = set(draft.files.values_list("field_name", flat=True))
    for field in draft.procedure.fields.all():
        if not field.required:
            continue
        if field.kind == FieldKind.FILE:
            if field.name not in file_names:
                problems.append(_("Attach “%(label)s”.") % {"label": field.label})
        elif draft.answers.get(field.name) in (None, "", []):
            problems.append(_("Answer “%(label)s”.") % {"label": field.label})
    return problems


# --- Registry -------------------------------------------------------------------


def registry_number(year: int, sequence: int) -> str:
    """How a registry entry's number is written: E/<year>/<6 digits>."""
    return f"E/{year}/{sequence:06d}"


def registry_number_take(*, year: int) -> tuple[int, str]:
    """The next registry number of `year`: unique and without gaps.

    The counter row is locked until the caller's transaction ends, so two
    entries never get the same number, and a rolled-back entry gives its
    number back. Must run inside a transaction.
    """
    sequence = number_take(series=NumberSeries.REGISTRY_IN, year=year)
    return sequence, registry_number(year, sequence)


def _number_for(at: datetime | None) -> tuple[tuple[int, int, str], datetime]:
    """((year, sequence, number), registered_at) of a new entry.

    Made now (`at` None), the registry time is read after the number's lock, so
    number order is time order; a given `at` (a history loaded, a test) keeps
    its moment and takes the number of its official year."""
    if at is None:
        year, sequence, at = number_and_time_take(series=NumberSeries.REGISTRY_IN)
        return (year, sequence, registry_number(year, sequence)), at
    year = business_days.official_day(at).year
    sequence, number = registry_number_take(year=year)
    return (year, sequence, number), at


def _entry_create(
    *,
    taken,
    submission,
    applicant,
    kind,
    device_class,
    at: datetime,
    effective_at: datetime,
    text="",
) -> RegistryEntry:
    year, sequence, number = taken
    return RegistryEntry.objects.create(
        number=number,
        year=year,
        sequence=sequence,
        kind=kind,
        submission=submission,
        applicant=applicant,
        registered_at=at,
        effective_at=effective_at,
        device_class=device_class,
        text=text,
    )


def resolution_due_date(*, procedure: Procedure, effective_at: datetime):
    return business_days.period_end(
        business_days.official_day(effective_at),
        procedure.resolution_deadline,
        procedure.resolution_deadline_unit,
    )


def _answers_snapshot(draft: Draft) -> list[dict]:
    snapshot = []
    for field in draft.procedure.fields.all():
        if field.kind == FieldKind.FILE:
            continue
        snapshot.append(
            {
                "name": field.name,
                "label": field.label,
                "kind": field.kind,
                "value": draft.answers.get(field.name),
            }
        )
    return snapshot


@transaction.atomic
def submission_register(
    *,
    draft: Draft,
    device_class: str,
    at: datetime | None = None,
    identification: dict | None = None,
) -> Submission:
    """Register a draft in the electronic registry, all or nothing.

    A second call for the same draft (a double click) returns the submission
    the first one made instead of registering it twice. `identification` is
    how the applicant identified (accounts.identities.identification_of):
    a procedure that needs more, or a signature, is refused without it
    (tramits.signatures), and a signed one stores the signature's evidence.
    """
    # Only the draft's row is locked (of="self"): a plain FOR UPDATE would lock
    # the joined procedure and applicant too, so every entry of a procedure
    # would wait for the others and staff could not save the procedure meanwhile.
    draft = (
        Draft.objects.select_for_update(of=("self",))
        .select_related("procedure", "applicant")
        .get(pk=draft.pk)
    )
    if draft.submission_id:
        return draft.submission
    problems = draft_problems(draft)
    if problems:
        raise ValidationError(problems)
    identification = identification or {}
    signatures.require(identification, draft.procedure)
    # The number first, then the time: see _number_for.
    taken, at = _number_for(at)
    applicant = draft.applicant
    effective_at = business_days.effective_time(at)
    submission = Submission(
        procedure=draft.procedure,
        applicant=applicant,
        applicant_name=applicant.full_name,
        applicant_document=applicant.id_document_number,
        applicant_email=applicant.email,
        answers=_answers_snapshot(draft),
        status=Status.REGISTERED,
        status_changed_at=at,
        registered_at=at,
        effective_at=effective_at,
        resolution_due=resolution_due_date(procedure=draft.procedure, effective_at=effective_at),
    )
    submission.number = taken[2]
    submission.save()
    entry = _entry_create(
        taken=taken,
        submission=submission,
        applicant=applicant,
        kind=EntryKind.SUBMISSION,
        device_class=device_class,
        at=at,
        effective_at=effective_at,
    )
    signatures.entry_sign(
        entry,
        identification,
        answers=submission.answers,
        files=[(f.original_name, f.sha256) for f in draft.files.all()],
    )
    labels = {f.name: f.label for f in draft.procedure.fields.all()}
    for draft_file in draft.files.all():
        Attachment.objects.create(
            entry=entry,
            field_name=draft_file.field_name,
            field_label=labels.get(draft_file.field_name, draft_file.field_name),
            original_name=draft_file.original_name,
            file=draft_file.file.name,
            size=draft_file.size,
            sha256=draft_file.sha256,
            content_type=draft_file.content_type,
        )
    # The stored files now belong to the attachments; only the rows go.
    draft.files.all().delete()
    StatusChange.objects.create(
        submission=submission,
        from_status="",
        to_status=Status.REGISTERED,
        changed_at=at,
        changed_by=None,
    )
    draft.submission = submission
    draft.save(update_fields=["submission", "updated_at"])
    # Other sections record what the entry was for (a call's application), in
    # this same transaction: see tramits/hooks.py.
    hooks.submission_registered(submission=submission, draft=draft)
    emails.entry_registered(entry)
    _receipt_ask(entry)
    return submission


def _receipt_ask(entry: RegistryEntry) -> None:
    """The receipt is sealed after the commit, off the citizen's request (a
    task; the sweep issues any that is still missing)."""
    from tramits import tasks

    background.after_commit(tasks.receipt_issue, entry.pk)


def receipt_issue(*, entry: RegistryEntry):
    """The sealed receipt (justificant) of a registry entry; issued once,
    however many times it is asked for, and at the same time."""
    from tramits.receipts import receipt_build

    # A sealed PDF written for a transaction that then rolls back leaves with it.
    with files_deleted_on_rollback(), transaction.atomic():
        locked = RegistryEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.receipt_id:
            return locked.receipt
        document = receipt_build(locked)
        locked.receipt = document
        locked.save(update_fields=["receipt"])
        entry.receipt = document
        return document


# Receipts still missing this long after their entry are issued by the sweep
# (the task asked for at the commit has had its chance).
RECEIPT_GRACE = timedelta(minutes=2)


def receipts_missing_issue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Issue the receipts that should exist by now; returns how many were issued."""
    now = now or timezone.now()
    issued = 0
    for entry in RegistryEntry.objects.filter(
        receipt__isnull=True, registered_at__lt=now - RECEIPT_GRACE
    ).order_by("pk")[:limit]:
        try:
            receipt_issue(entry=entry)
        except Exception:
            logger.exception("Could not issue the receipt of %s", entry.number)
            continue
        issued += 1
    return issued


# --- The life of a case -----------------------------------------------------------


def status_change_check(*, submission: Submission, to_status: str, public_comment: str) -> None:
    """The rules of a staff status change; raises ValidationError when one is broken."""
    if to_status not in Status.values:
        raise ValidationError({"new_status": _("Choose a valid status.")})
    if to_status not in TRANSITIONS[Status(submission.status)]:
        raise ValidationError(
            {
                "new_status": _("A case that is “%(current)s” cannot become “%(new)s”.")
                % {"current": submission.get_status_display(), "new": Status(to_status).label}
            }
        )
    if to_status in (Status.WAITING, *RESOLVED_STATUSES) and not public_comment.strip():
        raise ValidationError(
            {
                "public_comment": _(
                    "Write a public comment: the citizen must know what is requested or what was resolved."
                )
            }
        )


@transaction.atomic
def submission_status_change(
    *,
    submission: Submission,
    to_status: str,
    by,
    public_comment: str = "",
    internal_note: str = "",
    suspend_resolution: bool = False,
) -> StatusChange:
    """Move a case to another status, recording who, when and what the citizen is told.

    A requeriment (to "waiting") with `suspend_resolution` suspends the resolution
    deadline until the citizen answers, or until the time given to answer runs out
    (Llei 39/2015, art. 22.1.a, which leaves the choice to the council)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if by is None or not by.has_perm("tramits.process_submission"):
        raise PermissionDenied
    status_change_check(submission=submission, to_status=to_status, public_comment=public_comment)
    return _status_set(
        submission=submission,
        to_status=to_status,
        by=by,
        public_comment=public_comment,
        internal_note=internal_note,
        suspend_resolution=suspend_resolution and to_status == Status.WAITING,
    )


@dataclass(frozen=True)
class Suspension:
    since: date
    until: date
    resolution_due: date


def resolution_suspension_end(*, submission: Submission, day: date) -> Suspension | None:
    """Where the resolution deadline moves when a suspending requeriment ends on `day`.

    The deadline stops from the day of the requeriment until the day the citizen
    complies (their answer's effective day) or, without an answer, until the last
    day they were given (art. 22.1.a: "o, en su defecto, por el del plazo
    concedido"). The deadline is then moved by the days it was stopped, in its own
    unit: business days for a deadline in business days, calendar days for one in
    months (ending on a business day, art. 30.5)."""
    since = submission.resolution_suspended_since
    if since is None:
        return None
    until = min(day, submission.requeriment_due) if submission.requeriment_due else day
    until = max(until, since)
    due = submission.resolution_due
    if submission.procedure.resolution_deadline_unit == DeadlineUnit.BUSINESS_DAYS:
        stopped = business_days.business_days_between(since, until)
        moved = business_days.add_business_days(due, stopped) if stopped else due
    else:
        moved = due + (until - since)
        if moved != due:
            moved = business_days.first_business_day_from(moved)
    return Suspension(since=since, until=until, resolution_due=moved)


def _status_set(
    *,
    submission,
    to_status,
    by,
    public_comment="",
    internal_note="",
    suspend_resolution=False,
    answered_on: date | None = None,
) -> StatusChange:
    now = timezone.now()
    today = business_days.official_day(now)
    deadline = None
    if to_status == Status.WAITING:
        deadline = business_days.period_end(
            today, REQUERIMENT_BUSINESS_DAYS, business_days.PeriodUnit.BUSINESS_DAYS
        )
    suspension = None
    if submission.status == Status.WAITING and to_status != Status.WAITING:
        suspension = resolution_suspension_end(submission=submission, day=answered_on or today)
    change = StatusChange.objects.create(
        submission=submission,
        from_status=submission.status,
        to_status=to_status,
        changed_at=now,
        changed_by=by,
        public_comment=public_comment.strip(),
        internal_note=internal_note.strip(),
        deadline=deadline,
        suspends_resolution=suspend_resolution,
        suspension_from=suspension.since if suspension else None,
        suspension_until=suspension.until if suspension else None,
        resolution_due=suspension.resolution_due if suspension else None,
    )
    submission.status = to_status
    submission.status_changed_at = now
    submission.requeriment_due = deadline
    submission.resolution_suspended_since = today if suspend_resolution else None
    if suspension:
        submission.resolution_due = suspension.resolution_due
    submission.save(
        update_fields=[
            "status",
            "status_changed_at",
            "requeriment_due",
            "resolution_suspended_since",
            "resolution_due",
        ]
    )

    emails.status_changed(change)
    return change


@transaction.atomic
def submission_requeriment_answer(
    *,
    submission: Submission,
    by,
    text: str,
    files: list[CheckedFile],
    device_class: str,
    identification: dict | None = None,
) -> RegistryEntry:
    """The citizen's answer to a requeriment: a registry entry of its own,
    signed like the application when its procedure asks for a signature."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if by.pk != submission.applicant_id:
        raise PermissionDenied
    identification = identification or {}
    signatures.require(identification, submission.procedure)
    if submission.status != Status.WAITING:
        raise ValidationError(_("This case is not waiting for documents from you."))
    if not text.strip() and not files:
        raise ValidationError(_("Write an answer or attach at least one document."))
    taken, at = _number_for(None)
    entry = _entry_create(
        taken=taken,
        submission=submission,
        applicant=by,
        kind=EntryKind.REQUERIMENT_ANSWER,
        device_class=device_class,
        at=at,
        effective_at=business_days.effective_time(at),
        text=text.strip(),
    )
    for checked in files:
        attachment = Attachment(
            entry=entry,
            field_name="requeriment",
            field_label=_("Document provided"),
            original_name=checked.name,
            size=checked.size,
            sha256=checked.sha256,
            content_type=checked.content_type,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        attachment.save()
    signatures.entry_sign(
        entry,
        identification,
        answers=[],
        files=[(checked.name, checked.sha256) for checked in files],
        text=entry.text,
    )
    _status_set(
        submission=submission,
        to_status=Status.IN_PROCESS,
        by=by,
        public_comment=_("Answer to the request for documents registered with number %(number)s.")
        % {"number": entry.number},
        answered_on=business_days.official_day(entry.effective_at),
    )
    _receipt_ask(entry)
    return entry


@transaction.atomic
def submission_withdraw(
    *, submission: Submission, by, reason: str = "", identification: dict | None = None
) -> StatusChange:
    """The citizen withdraws their own case while it is still open; a case of
    a signed procedure is withdrawn with a fresh accredited identification."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if by.pk != submission.applicant_id:
        raise PermissionDenied
    signatures.require(identification or {}, submission.procedure)
    if submission.status not in OPEN_STATUSES:
        raise ValidationError(_("This case is already closed and cannot be withdrawn."))
    return _status_set(
        submission=submission,
        to_status=Status.WITHDRAWN,
        by=by,
        public_comment=reason.strip() or _("Withdrawn by the applicant."),
    )
