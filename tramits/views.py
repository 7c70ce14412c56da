import logging
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.identities import identification_of
from accounts.models import Assurance
from accounts.systems import identify_options
from corporativa.business_days import official_today
from documents.files import files_deleted_on_rollback
from documents.storage import FileNotStoredError
from seu import search
from seu.devices import request_device_class
from tramits import answers, hooks, services, signatures
from tramits.choices import FieldKind, FileType, Status
from tramits.forms import (
    ProcedureForm,
    RequerimentAnswerForm,
    WithdrawForm,
    pending_answers_from,
)
from tramits.models import Attachment, Draft, Procedure, Submission, Topic

logger = logging.getLogger(__name__)

PENDING_KEY = "tramits_pending_answers"
REQUERIMENT_FILES = SimpleNamespace(
    max_size_mb=10, allowed_type_list=[FileType.PDF, FileType.JPEG, FileType.PNG]
)
# A full disk or a folder the seu may not write to is no fault of the citizen's,
# and what they typed is still on the page.
FILES_NOT_STORED = gettext_lazy(
    "The files you attached could not be stored, so nothing was saved. Please try again later."
)


def index(request):
    """The catalogue: search and filters, all in the query string."""
    procedures = Procedure.objects.published().with_list_data()
    # Read as the search of the whole seu reads it, so its "see all" link lands on the same list.
    query = search.parse(request.GET.get("q")).text
    topic_slug = request.GET.get("tema", "")
    audience = request.GET.get("per", "")
    online = request.GET.get("en_linia") == "1"
    # Best match first for a search, else by title.
    procedures = procedures.search(query) if query else procedures.order_by("title")
    if topic_slug:
        procedures = procedures.filter(topic__slug=topic_slug)
    if audience:
        procedures = procedures.for_audience(audience)
    if online:
        procedures = procedures.filter(available_online=True)
    page = Paginator(procedures, 20).get_page(request.GET.get("pagina"))
    topics = Topic.objects.annotate(
        n=Count("procedures", filter=Q(procedures__is_published=True))
    ).filter(n__gt=0)
    generic = Procedure.objects.published().filter(is_generic=True).first()
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "tramits/procedure_list.html",
        {
            "page": page,
            "query": query,
            "topics": topics,
            "topic_slug": topic_slug,
            "audience": audience,
            "online": online,
            "generic": generic,
            "filtered": bool(query or topic_slug or audience or online),
            "querystring": params.urlencode(),
        },
    )


def procedure_detail(request, slug):
    procedure = get_object_or_404(Procedure.objects.published().with_list_data(), slug=slug)
    return render(
        request,
        "tramits/procedure_detail.html",
        {
            "procedure": procedure,
            "is_open": procedure.is_open_on(official_today()),
            "fields": procedure.fields.all(),
        },
    )


def _open_procedure_or_redirect(request, slug):
    procedure = get_object_or_404(Procedure.objects.published(), slug=slug)
    if not procedure.is_open_on(official_today()):
        messages.error(request, _("This procedure cannot be submitted online now."))
        return procedure, redirect(procedure)
    return procedure, None


def procedure_apply(request, slug):
    procedure, closed = _open_procedure_or_redirect(request, slug)
    if closed:
        return closed
    if not request.user.is_authenticated:
        if request.method == "POST":
            # The session ran out while the form was being filled: keep the
            # answers for after the log-in (files cannot travel this way). Only
            # this procedure's fields, each at most its length, and only the
            # latest procedure: the session never grows with what is posted.
            request.session[PENDING_KEY] = {slug: pending_answers_from(procedure, request.POST)}
            messages.warning(
                request,
                _(
                    "Your session had ended. Log in again: what you had written is kept, "
                    "but attach again any file you had just chosen."
                ),
            )
        return redirect_to_login(request.path)

    draft = services.draft_for(applicant=request.user, procedure=procedure)
    pending = request.session.get(PENDING_KEY, {}).pop(slug, None)
    if pending is not None:
        request.session.modified = True
        services.draft_save(draft=draft, answers=_pending_answers(procedure, pending))

    draft_files = list(draft.files.all())
    if request.method == "POST":
        form = ProcedureForm(
            request.POST, request.FILES, procedure=procedure, draft_files=draft_files
        )
        valid = form.is_valid()
        try:
            with files_deleted_on_rollback():
                services.draft_save(draft=draft, answers=form.answers(), files=form.checked_files)
        except FileNotStoredError:
            # draft_save rolled back: the form shows what was typed, and says why.
            logger.exception("Could not store a file of a draft of %s", procedure.slug)
            draft.refresh_from_db()
            form.add_error(None, FILES_NOT_STORED)
        else:
            for name in request.POST.getlist("remove_file"):
                services.draft_remove_file(draft=draft, field_name=name)
            if request.POST.get("action") == "save":
                messages.success(
                    request, _("Your draft is saved. You can resume it from La meva carpeta.")
                )
                return redirect("tramits:procedure-apply", slug=slug)
            if valid and not request.POST.getlist("remove_file"):
                return redirect("tramits:procedure-review", slug=slug)
            if valid:
                return redirect("tramits:procedure-apply", slug=slug)
            draft_files = list(draft.files.all())
            form.draft_files = {f.field_name: f for f in draft_files}
    else:
        form = ProcedureForm(initial=draft.answers, procedure=procedure, draft_files=draft_files)
    return render(
        request,
        "tramits/procedure_form.html",
        {
            "procedure": procedure,
            "form": form,
            "draft": draft,
            "rows": form_rows(form, {f.field_name: f for f in draft_files}),
            "notes": hooks.notes_for(draft),
        },
    )


def _pending_answers(procedure, pending):
    answers = {}
    for field in procedure.fields.all():
        values = pending.get(field.name)
        if values is None or field.kind == FieldKind.FILE:
            continue
        answers[field.name] = values if field.kind == FieldKind.MULTIPLE_CHOICE else values[0]
    return answers


@login_required
def procedure_review(request, slug):
    procedure, closed = _open_procedure_or_redirect(request, slug)
    if closed:
        return closed
    if request.method == "POST":
        draft_pk = request.POST.get("draft", "")
        if not (draft_pk.isascii() and draft_pk.isdigit()):
            raise Http404
        draft = get_object_or_404(Draft, pk=draft_pk, applicant=request.user, procedure=procedure)
        if draft.submission_id:
            # A second click on "Submit": the first one already registered it.
            return redirect(draft.submission)
        identification = identification_of(request)
        if not signatures.may_sign(identification, procedure):
            return _step_up(request, procedure)
        if procedure.signature_required and request.POST.get("sign") != "yes":
            messages.error(
                request, _("Confirm that you sign the application: tick the box before submitting.")
            )
            return redirect("tramits:procedure-review", slug=slug)
        # "Save the draft" keeps answers as typed, valid or not: check them
        # again, as the review page did, before anything is registered.
        form = ProcedureForm(draft.answers, procedure=procedure, draft_files=draft.files.all())
        if not form.is_valid():
            messages.error(request, _("Some answers are missing or need correcting."))
            return redirect("tramits:procedure-apply", slug=slug)
        try:
            submission = services.submission_register(
                draft=draft,
                device_class=request_device_class(request),
                identification=identification,
            )
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
            return redirect("tramits:procedure-apply", slug=slug)
        messages.success(
            request,
            _("Your application has been registered with number %(number)s. Keep the receipt.")
            % {"number": submission.number},
        )
        return redirect(submission)

    identification = identification_of(request)
    if not signatures.may_sign(identification, procedure):
        # Before "check your answers": the draft waits while they identify.
        return _step_up(request, procedure)
    draft = services.draft_for(applicant=request.user, procedure=procedure)
    draft_files = list(draft.files.all())
    form = ProcedureForm(draft.answers, procedure=procedure, draft_files=draft_files)
    problems = services.draft_problems(draft)
    if not form.is_valid() or problems:
        messages.error(request, _("Some answers are missing or need correcting."))
        return redirect("tramits:procedure-apply", slug=slug)
    labels = {f.name: f.label for f in procedure.fields.all()}
    return render(
        request,
        "tramits/procedure_review.html",
        {
            "procedure": procedure,
            "draft": draft,
            "answers": answers.draft_rows(procedure, draft.answers),
            "notes": hooks.notes_for(draft),
            "files": [
                {"label": labels.get(f.field_name, f.field_name), "file": f} for f in draft_files
            ],
        },
    )


def _step_up(request, procedure, *, back: str = ""):
    """Identify with an accredited system, then come back here (the draft is kept)."""
    identification = identification_of(request)
    return render(
        request,
        "tramits/step_up.html",
        {
            "procedure": procedure,
            "back": back or reverse("tramits:procedure-review", args=[procedure.slug]),
            "required": Assurance(signatures.required_assurance(procedure)).label,
            "current": Assurance(int(identification.get("assurance") or Assurance.LOW)).label,
            "enough": signatures.enough(identification, procedure),
            "fresh_minutes": int(signatures.FRESH.total_seconds() // 60),
            **identify_options(),
        },
        status=403,
    )


def _own_submission(request, number):
    queryset = Submission.objects.owned_by(request.user).select_related("procedure__department")
    return get_object_or_404(queryset, number=number.replace("-", "/"))


@login_required
def submission_list(request):
    submissions = Submission.objects.owned_by(request.user).with_list_data()
    page = Paginator(submissions, 20).get_page(request.GET.get("pagina"))
    drafts = Draft.objects.filter(applicant=request.user, submission=None).select_related(
        "procedure"
    )
    return render(
        request,
        "tramits/submission_list.html",
        {"page": page, "drafts": drafts, "today": official_today()},
    )


@login_required
def submission_detail(request, number):
    submission = _own_submission(request, number)
    # A receipt is sealed in the background after the commit; until it
    # exists the page says so (the download link issues it if asked first).
    entries = list(submission.entries.select_related("receipt").prefetch_related("attachments"))
    answer_form = RequerimentAnswerForm() if submission.status == Status.WAITING else None
    return render(
        request,
        "tramits/submission_detail.html",
        _detail_context(submission, entries, answer_form),
    )


def _detail_context(submission, entries, answer_form):
    return {
        "submission": submission,
        "entries": entries,
        # A list, not a QuerySet: the template takes the last change with
        # |last, and QuerySets refuse negative indexing.
        "changes": list(submission.status_changes.all()),
        "today": official_today(),
        "deadline_state": submission.deadline_state(official_today()),
        "requeriment_days": services.REQUERIMENT_BUSINESS_DAYS,
        "answer_form": answer_form,
        "can_withdraw": submission.is_open,
        "answers": answers.submitted_rows(submission),
        "notes": hooks.notes_for(submission),
    }


@login_required
@require_POST
def requeriment_answer(request, number):
    submission = _own_submission(request, number)
    if submission.status != Status.WAITING:
        # An old page sent after staff moved the case on: the page that
        # follows no longer shows the answer form, so say why here.
        messages.error(request, _("This case is not waiting for documents from you."))
        return redirect(submission)
    if not signatures.may_sign(identification_of(request), submission.procedure):
        # The answer is signed like the application: identify, then answer.
        return _step_up(request, submission.procedure, back=submission.get_absolute_url())
    form = RequerimentAnswerForm(request.POST, request.FILES)
    checked = []
    if form.is_valid():
        for upload in form.cleaned_data["documents"]:
            try:
                checked.append(services.upload_check(upload=upload, field=REQUERIMENT_FILES))
            except ValidationError as error:
                form.add_error("documents", error)
    status = 400
    if form.is_valid():
        try:
            with files_deleted_on_rollback():
                entry = services.submission_requeriment_answer(
                    submission=submission,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    files=checked,
                    device_class=request_device_class(request),
                    identification=identification_of(request),
                )
        except ValidationError as error:
            form.add_error(None, error)
        except FileNotStoredError:
            # The answer's transaction rolled back: no entry, no number taken.
            logger.exception("Could not store a file of the answer to %s", submission.number)
            form.add_error(None, FILES_NOT_STORED)
            status = 200
        else:
            messages.success(
                request,
                _("Your answer has been registered with number %(number)s.")
                % {"number": entry.number},
            )
            return redirect(submission)
    entries = list(submission.entries.select_related("receipt").prefetch_related("attachments"))
    return render(
        request,
        "tramits/submission_detail.html",
        _detail_context(submission, entries, form),
        status=status,
    )


@login_required
def submission_withdraw(request, number):
    submission = _own_submission(request, number)
    if not submission.is_open:
        messages.error(request, _("This case is already closed and cannot be withdrawn."))
        return redirect(submission)
    identification = identification_of(request)
    if not signatures.may_sign(identification, submission.procedure):
        # A withdrawal is signed like the application (Llei 39/2015 art. 11.2).
        return _step_up(
            request,
            submission.procedure,
            back=reverse("tramits:submission-withdraw", args=[submission.slug]),
        )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.submission_withdraw(
            submission=submission,
            by=request.user,
            reason=form.cleaned_data["reason"],
            identification=identification,
        )
        messages.success(request, _("Your application has been withdrawn."))
        return redirect(submission)
    return render(
        request, "tramits/submission_withdraw.html", {"submission": submission, "form": form}
    )


@login_required
def attachment_download(request, public_id):
    """The owner and staff allowed to see submissions get the file; anyone else a 404."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("entry__submission"), public_id=public_id
    )
    submission = attachment.entry.submission
    allowed = submission.applicant_id == request.user.pk or (
        request.user.is_staff and request.user.has_perm("tramits.view_submission")
    )
    if not allowed:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def receipt_download(request, number, entry):
    """The receipt of one of the citizen's own entries; anyone else gets a 404.

    The same PDF can also be had by anyone who holds its verification code,
    on the public verification page: that is what the code is for.
    """
    submission = _own_submission(request, number)
    registry_entry = get_object_or_404(
        submission.entries.select_related("receipt"), number=entry.replace("-", "/")
    )
    if registry_entry.receipt_id is None:
        try:
            services.receipt_issue(entry=registry_entry)
        except Exception:
            logger.exception("Could not issue the receipt of %s", registry_entry.number)
            messages.warning(
                request,
                _(
                    "The receipt of %(number)s is still being issued. The entry is registered;"
                    " try again in a few minutes."
                )
                % {"number": registry_entry.number},
            )
            return redirect(submission)
    receipt = registry_entry.receipt
    return FileResponse(
        receipt.file.open("rb"),
        as_attachment=True,
        filename=f"justificant-{registry_entry.number.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )


def form_rows(form, draft_files):
    """The form's fields in order, with what the template needs for files."""
    from tramits.files import EXTENSIONS

    rows = []
    for name, spec in form.procedure_fields.items():
        row = {
            "field": form[name],
            "required": spec.required,
            "is_file": spec.kind == FieldKind.FILE,
            "stored": None,
        }
        if row["is_file"]:
            types = spec.allowed_type_list
            row.update(
                stored=draft_files.get(name),
                types=", ".join(t.upper() for t in types),
                max_mb=spec.max_size_mb,
                accept=",".join(EXTENSIONS[t] for t in types),
            )
        rows.append(row)
    return rows
