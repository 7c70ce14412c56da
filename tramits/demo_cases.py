"""Demo cases of the demo citizen, one in each status, made through the services."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Assurance
from corporativa.business_days import official_today
from documents.demo import demo_pdf
from seu.demo import demo_data
from tramits import services
from tramits.choices import FieldKind, FileType, Status
from tramits.models import Procedure, Submission

_DATA = demo_data("tramits", "cases")
# Answers by the kind of the question, and short text answers by a fragment of
# the question's name, so the demo reads sensibly.
SAMPLE_TEXT = {FieldKind(kind): text for kind, text in _DATA["answers"].items()}
TEXT_BY_KEY = [(item["fragment"], item["text"]) for item in _DATA["answers_by_name"]]
# The status each case reaches, in order, and the public comment of the change.
PLAN = [(Status(step["status"]), step.get("comment", "")) for step in _DATA["plan"]]


def _sample_pdf(title: str) -> bytes:
    return demo_pdf(title=title, body=[("Heading1", title)])


def _answer(field):
    if field.kind == FieldKind.TEXT:
        for fragment, text in TEXT_BY_KEY:
            if fragment in field.name:
                return text
    if field.kind in SAMPLE_TEXT:
        return SAMPLE_TEXT[field.kind]
    if field.kind == FieldKind.DATE:
        return (official_today() + timedelta(days=20)).isoformat()
    if field.kind == FieldKind.CHOICE:
        return field.choice_list[0]
    if field.kind == FieldKind.MULTIPLE_CHOICE:
        return field.choice_list[:1]
    if field.kind == FieldKind.YES_NO:
        return "yes"
    return None


def seed_cases(*, citizen, staff) -> int:
    """Give the demo citizen one case per status; does nothing if they already have cases."""
    if Submission.objects.filter(applicant=citizen).exists():
        return 0
    procedures = list(
        # The demo citizen has an email-and-password account: procedures that
        # need an accredited identification are left for the demo's VÀLid.
        Procedure.objects.published().filter(
            available_online=True,
            is_permanent=True,
            signature_required=False,
            min_assurance=Assurance.LOW,
        )[: len(PLAN)]
    )
    made = 0
    for days_ago, (procedure, (status, comment)) in enumerate(
        zip(procedures, PLAN, strict=False), start=2
    ):
        draft = services.draft_for(applicant=citizen, procedure=procedure)
        files = {}
        answers = {}
        for field in procedure.fields.all():
            if field.kind == FieldKind.FILE:
                if FileType.PDF in field.allowed_type_list:
                    upload = SimpleUploadedFile(
                        f"{field.name}.pdf", _sample_pdf(field.label), "application/pdf"
                    )
                    files[field.name] = services.upload_check(upload=upload, field=field)
            else:
                answers[field.name] = _answer(field)
        services.draft_save(draft=draft, answers=answers, files=files)
        # Like the real registry, a few entries come from phones and tablets.
        device = {3: "mobile", 5: "tablet"}.get(days_ago, "desktop")
        submission = services.submission_register(
            draft=draft, device_class=device, at=timezone.now() - timedelta(days=days_ago * 3)
        )
        if status in (Status.FAVOURABLE, Status.UNFAVOURABLE, Status.WAITING, Status.IN_PROCESS):
            if status != Status.IN_PROCESS:
                services.submission_status_change(
                    submission=submission, to_status=Status.IN_PROCESS, by=staff, public_comment=""
                )
            services.submission_status_change(
                submission=submission,
                to_status=status,
                by=staff,
                public_comment=comment,
                # The demo's request for documents stops the deadline to resolve.
                suspend_resolution=status == Status.WAITING,
            )
        elif status == Status.WITHDRAWN:
            services.submission_withdraw(
                submission=submission, by=citizen, reason=_DATA["withdraw_reason"]
            )
        made += 1
    return made
