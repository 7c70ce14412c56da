"""Writes of the Convocatòries section.

The rules they keep:

- a call is published only when it is complete: a period, a department, a
  summary, and the fields of its kind (position, group, type of post, places
  and selection system for a job; budget, maximum and who can apply for money);
- nothing published is silently lost: a published call's phases and
  documents are never changed or deleted, only added to; cancelling needs a
  public reason and the call stays on the site;
- a submission made from a call's "Apply online" button records the call, in
  the registry's own transaction.

The admin calls these same functions, so it cannot bypass them.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from convocatories.choices import CallKind, CallStatus, PeriodMode, PhaseKind
from convocatories.dates import date_words
from convocatories.models import Application, ApplicationDraft, Call, CallDocument, Phase
from corporativa.business_days import first_business_day_from, official_day, official_midnight
from documents.uploads import published_pdf_attach

PERMISSION = "convocatories.publish_call"


def _check_permission(by) -> None:
    if by is None or not by.has_perm(PERMISSION):
        raise PermissionDenied


def call_period_compute(call: Call) -> None:
    """Set the moments the application period opens and closes from its fields
    (convocatories.models.application_window: Llei 39/2015, art. 30): from 00:00 of
    the first day to 00:00 after the last, official time; None while incomplete.
    Every service that saves a call's period calls it; Call.save() does not."""
    days = call.application_days()
    if days is None:
        call.opens_at = call.closes_at = None
        return
    first, last = days
    call.opens_at = official_midnight(first)
    call.closes_at = official_midnight(last + timedelta(days=1))


@transaction.atomic
def call_draft_save(*, call: Call, by) -> Call:
    """Save a draft call as staff wrote it, with its application period computed;
    a published call is only added to (phases, documents, an extension)."""
    if by is None or not (
        by.has_perm("convocatories.add_call") or by.has_perm("convocatories.change_call")
    ):
        raise PermissionDenied
    if call.pk is not None and _locked(call).published_at is not None:
        raise ValidationError(_("A published call cannot be edited: add a phase instead."))
    call_period_compute(call)
    call.save()
    return call


def _locked(call: Call) -> Call:
    # Read under lock, not from the caller's copy: it may be older than a
    # publication made meanwhile in another request.
    return Call.objects.select_for_update(of=("self",)).get(pk=call.pk)


# --- Documents ------------------------------------------------------------------


def call_bases_set(*, call: Call, upload: UploadedFile) -> Call:
    """Attach the bases document to a draft call, with its fingerprint."""
    if call.published_at is not None:
        raise ValidationError(_("A published call's bases cannot change: add a phase instead."))
    published_pdf_attach(
        document=call,
        upload=upload,
        field="bases_document",
        sha256_field="bases_sha256",
        size_field="bases_size",
    )
    call_period_compute(call)
    call.save()
    return call


@transaction.atomic
def call_document_add(
    *, call: Call, title: str, upload: UploadedFile, phase: Phase | None = None, order: int = 0
) -> CallDocument:
    """Add a PDF to a call or to one of its phases; documents are only ever added."""
    locked = _locked(call)
    if locked.cancelled_at is not None:
        raise ValidationError(_("A cancelled call takes no new documents."))
    if phase is not None and phase.call_id != call.pk:
        raise ValidationError({"phase": _("This phase belongs to another call.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    document = CallDocument(call=locked, phase=phase, title=title.strip(), order=order)
    published_pdf_attach(document=document, upload=upload)
    document.save()
    return document


# --- Publication ------------------------------------------------------------------


def publication_problems(call: Call) -> list[str]:
    """What still stops `call` from being published, in the clerk's words."""
    problems = []
    if call.application_days() is None:
        problems.append(_("Give the application period."))
    if call.department_id is None:
        problems.append(_("Choose the department."))
    if not call.summary.strip():
        problems.append(_("Write the summary."))
    if call.kind == CallKind.JOB:
        required = {
            "position": _("position"),
            "job_group": _("group"),
            "post_type": _("type of post"),
            "places": _("number of places"),
            "selection_system": _("selection system"),
        }
    else:
        required = {
            "total_budget": _("total budget"),
            "max_per_beneficiary": _("maximum per beneficiary"),
            "beneficiaries": _("who can apply"),
        }
    missing = [str(label) for name, label in required.items() if getattr(call, name) in (None, "")]
    if missing:
        problems.append(
            _("A %(kind)s call needs: %(fields)s.")
            % {"kind": CallKind(call.kind).label.lower(), "fields": ", ".join(missing)}
        )
    try:
        call.clean()
    except ValidationError as error:
        problems.extend(error.messages)
    return problems


@transaction.atomic
def call_publish(*, call: Call, by, at: datetime | None = None) -> Call:
    """Make a complete draft call public; from now on it is only added to.

    `at` is the moment of the act, now unless a history is being loaded (the demo).
    """
    _check_permission(by)
    locked = _locked(call)
    if locked.published_at is not None:
        raise ValidationError(_("This call is already published."))
    problems = publication_problems(locked)
    if problems:
        raise ValidationError(problems)
    at = at or timezone.now()
    locked.published_at, locked.published_by = at, by
    call_period_compute(locked)
    locked.save()
    # Phases written while the call was a draft become public now: feeds and
    # alerts follow this moment, not the moment they were typed.
    locked.phases.filter(published_at__lt=at).update(published_at=at)
    call.published_at, call.opens_at, call.closes_at = at, locked.opens_at, locked.closes_at
    return locked


@transaction.atomic
def call_resolve(*, call: Call, by, at: datetime | None = None) -> Call:
    """Mark a call whose application period is over as resolved."""
    _check_permission(by)
    locked = _locked(call)
    at = at or timezone.now()
    status = locked.status_at(at)
    if status == CallStatus.DRAFT:
        raise ValidationError(_("A draft call cannot be resolved: publish it first."))
    if status in (CallStatus.RESOLVED, CallStatus.CANCELLED):
        raise ValidationError(
            _("This call is already %(status)s.") % {"status": CallStatus(status).label.lower()}
        )
    if status != CallStatus.IN_PROGRESS:
        raise ValidationError(_("A call can be resolved only after its application period."))
    locked.resolved_at, locked.resolved_by = at, by
    locked.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    call.resolved_at = at
    return locked


@transaction.atomic
def call_cancel(*, call: Call, by, reason: str, at: datetime | None = None) -> Call:
    """Cancel a published call with a public reason; it stays on the site, marked cancelled."""
    _check_permission(by)
    locked = _locked(call)
    if locked.published_at is None:
        raise ValidationError(_("A draft is not published: delete it or edit it instead."))
    if locked.cancelled_at is not None:
        raise ValidationError(_("This call is already cancelled."))
    if locked.resolved_at is not None:
        raise ValidationError(_("A resolved call cannot be cancelled."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Give the public reason for cancelling.")})
    at = at or timezone.now()
    locked.cancelled_at, locked.cancelled_by = at, by
    locked.cancel_reason = reason.strip()
    locked.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "updated_at"])
    call.cancelled_at, call.cancel_reason = at, locked.cancel_reason
    return locked


@transaction.atomic
def call_phase_add(
    *,
    call: Call,
    by,
    kind: str,
    date: date,
    title: str = "",
    ends_on: date | None = None,
    time: time | None = None,
    place: str = "",
    text: str = "",
    documents: list[tuple[str, UploadedFile]] | None = None,
    at: datetime | None = None,
) -> Phase:
    """Add a step to a call's timeline, with its documents (title, PDF upload)."""
    _check_permission(by)
    locked = _locked(call)
    if locked.cancelled_at is not None:
        raise ValidationError(_("A cancelled call takes no new phases."))
    if kind not in PhaseKind.values:
        raise ValidationError({"kind": _("Choose a valid phase.")})
    if ends_on is not None and ends_on < date:
        raise ValidationError({"ends_on": _("A phase cannot end before it starts.")})
    at = at or timezone.now()
    phase = Phase.objects.create(
        call=locked,
        kind=kind,
        title=title.strip(),
        date=date,
        ends_on=ends_on,
        time=time,
        place=place.strip(),
        text=text.strip(),
        published_at=at,
    )
    for order, (doc_title, upload) in enumerate(documents or []):
        call_document_add(call=locked, phase=phase, title=doc_title, upload=upload, order=order)
    return phase


@transaction.atomic
def call_extend(*, call: Call, new_last_day: date, reason: str, by, at: datetime | None = None):
    """Extend the application period of a published call that has not closed yet.

    Art. 32 of Llei 39/2015: an extension is decided, and made public, before
    the period ends; so an upcoming or open call can be extended, a call whose
    period is over ("in progress"), resolved or cancelled cannot. The period is
    only ever made longer. A new last day that is not a business day moves to
    the next one, as the original period did.

    The call's period becomes two explicit dates (from its current first day);
    what it was published with stays in its other fields, and a public phase of
    the timeline says what changed and why, so feeds and alerts tell followers.
    """
    _check_permission(by)
    locked = _locked(call)
    at = at or timezone.now()
    status = locked.status_at(at)
    if status == CallStatus.DRAFT:
        raise ValidationError(_("A draft call is not published: change its dates instead."))
    if status == CallStatus.CANCELLED:
        raise ValidationError(_("A cancelled call cannot be extended."))
    if status == CallStatus.RESOLVED:
        raise ValidationError(_("A resolved call cannot be extended."))
    if status == CallStatus.IN_PROGRESS:
        raise ValidationError(
            _(
                "The application period ended on %(day)s: an extension must be decided "
                "before the period ends."
            )
            % {"day": locked.last_day.strftime("%d/%m/%Y")}
        )
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Give the public reason for the extension.")
    if new_last_day is None:
        errors["new_last_day"] = _("Give the new last day to apply.")
    else:
        old_last = locked.last_day
        new_last = first_business_day_from(new_last_day)
        if new_last <= old_last:
            errors["new_last_day"] = _(
                "The new last day must be after the current one, %(day)s: a period is "
                "only extended, never shortened."
            ) % {"day": old_last.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)

    first = locked.first_day
    locked.period_mode = PeriodMode.DATES
    locked.opens_on = first
    locked.closes_on = new_last_day
    call_period_compute(locked)
    locked.save()
    # The text of the phase is written once, in the council's language; its
    # title is the name of the phase, shown in each reader's language.
    with translation.override(settings.LANGUAGE_CODE):
        language = translation.get_language()
        text = _(
            "The application period is extended: the last day to apply is now %(new)s "
            "(it was %(old)s).\n\nReason: %(reason)s"
        ) % {
            "new": date_words(new_last, language),
            "old": date_words(old_last, language),
            "reason": reason.strip(),
        }
    Phase.objects.create(
        call=locked,
        kind=PhaseKind.EXTENSION,
        date=official_day(at),
        text=text,
        published_at=at,
    )
    call.period_mode, call.opens_on, call.closes_on = PeriodMode.DATES, first, new_last_day
    call.opens_at, call.closes_at = locked.opens_at, locked.closes_at
    return locked


# --- Applying ---------------------------------------------------------------------


def application_start(*, call: Call, applicant):
    """The citizen's draft of the call's procedure, remembered as being for this call.

    The procedure may serve several calls (one form for every selection
    process): the draft is for the call whose button was followed last, and
    the form says which one it is.
    """
    from tramits import services as tramits_services

    if not call.is_open():
        raise ValidationError(_("This call is not open for applications."))
    draft = tramits_services.draft_for(applicant=applicant, procedure=call.procedure)
    ApplicationDraft.objects.update_or_create(draft=draft, defaults={"call": call})
    return draft


def application_record(*, submission, draft) -> Application | None:
    """Registry hook (tramits.hooks.after_submission): record the call of a submission.

    It runs inside the registry's transaction and never refuses: an entry filed
    after the period still goes in, and is shown as filed late.
    """
    link = ApplicationDraft.objects.filter(draft=draft).select_related("call").first()
    if link is None or link.call.procedure_id != submission.procedure_id:
        return None
    application, _created = Application.objects.get_or_create(
        submission=submission, defaults={"call": link.call}
    )
    return application
