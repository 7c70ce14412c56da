"""Demo cases of the demo citizen, one in each status, made through the services."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from corporativa.business_days import official_today
from tramits import services
from tramits.choices import FieldKind, FileType, Status
from tramits.models import Procedure, Submission

SAMPLE_TEXT = {
    FieldKind.TEXT: "Carrer de Berenguer III, 42, 2n 1a",
    FieldKind.LONG_TEXT: "Demano que es revisi la situació descrita. Adjunto la documentació que la justifica.",
    FieldKind.NUMBER: "3",
    FieldKind.EMAIL: "ciutadania@mollet.example",
    FieldKind.PHONE: "600 123 456",
}

# (procedure order in the catalogue, status to reach, public comment)
PLAN = [
    (Status.REGISTERED, ""),
    (Status.IN_PROCESS, "Hem començat a revisar la vostra sol·licitud."),
    (
        Status.WAITING,
        "Cal que aporteu una còpia del contracte de lloguer o de l'escriptura de l'habitatge.",
    ),
    (
        Status.FAVOURABLE,
        "Sol·licitud estimada. Podeu recollir el document a l'OAC o descarregar-lo des d'aquí.",
    ),
    (
        Status.UNFAVOURABLE,
        "Sol·licitud desestimada: no es compleixen els requisits de l'article 4 de l'ordenança.",
    ),
    (Status.WITHDRAWN, ""),
]


def _sample_pdf(title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(title)
    page.drawString(72, 770, title)
    page.drawString(72, 750, "Document de demostració de la seu electrònica.")
    page.save()
    return buffer.getvalue()


# Text answers by what the question's key mentions, so the demo reads sensibly.
TEXT_BY_KEY = [
    ("nom", "Ferreteria Puig i Fills, SL"),
    ("matricula", "1234 KLM"),
    ("referencia", "2026/0457"),
    ("motiu", "Canvi de titularitat de l'activitat."),
    ("exposo", "Soc la titular de l'activitat i vull regularitzar-ne la situació."),
]


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
        Procedure.objects.published().filter(available_online=True, is_permanent=True)[: len(PLAN)]
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
                submission=submission, by=citizen, reason="Ja no ho necessito."
            )
        made += 1
    return made
