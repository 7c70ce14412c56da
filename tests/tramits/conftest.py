"""Fixtures of the Tràmits tests: a procedure with a form, files, drafts and cases.

Cases are made through the same services the site uses, at fixed times, so
registry numbers, effective times and deadlines are known in advance.
"""

import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import UserFactory
from tests.tramits.factories import ProcedureFactory, ProcedureFieldFactory
from tramits import services
from tramits.choices import FieldKind, Status
from tramits.models import ProcedureField

# A Wednesday, a business day: the entry takes effect when it is made.
WEDNESDAY = datetime(2025, 3, 12, 9, 30, tzinfo=UTC)

# The smallest files each detector recognises.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
        }
    )


def odt_bytes() -> bytes:
    return zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
        }
    )


def upload(name="planol.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Mails and receipts name the seu by this address."""
    settings.SEU_SITE_URL = "https://seu.mollet.example"


@pytest.fixture
def clerk(staff):
    """A member of staff in the Tràmits group: can see and process submissions."""
    staff.groups.add(Group.objects.get(name="Tràmits"))
    return staff


@pytest.fixture
def spanish_citizen(db):
    return UserFactory(
        email="lucia.fernandez@example.es",
        full_name="Lucía Fernández Ruiz",
        id_document_number="11111111H",
        preferred_language="es",
    )


@pytest.fixture
def procedure(db):
    """An open procedure asking for an address (required), a number of days
    (optional), a choice, and a plan (a required PDF)."""
    procedure = ProcedureFactory(
        title="Ocupació de la via pública",
        slug="ocupacio-via-publica",
        resolution_deadline=3,
    )
    ProcedureFieldFactory(
        procedure=procedure, order=1, name="adreca", label="Adreça de l'obra", kind=FieldKind.TEXT
    )
    ProcedureFieldFactory(
        procedure=procedure,
        order=2,
        name="dies",
        label="Nombre de dies",
        kind=FieldKind.NUMBER,
        required=False,
    )
    ProcedureFieldFactory(
        procedure=procedure,
        order=3,
        name="tipus",
        label="Tipus d'ocupació",
        kind=FieldKind.CHOICE,
        choices="Bastida\nContenidor\nGrua",
    )
    ProcedureFieldFactory(
        procedure=procedure,
        order=4,
        name="planol",
        label="Plànol de situació",
        kind=FieldKind.FILE,
        allowed_types="pdf",
        max_size_mb=1,
    )
    return procedure


@pytest.fixture
def plan_field(procedure) -> ProcedureField:
    return procedure.fields.get(name="planol")


VALID_ANSWERS = {"adreca": "Carrer de Berenguer III, 42", "dies": "5", "tipus": "Bastida"}


@pytest.fixture
def make_draft(procedure):
    """A draft of `procedure` with valid answers and the plan attached."""

    def make_draft(applicant, *, answers=None, files=None, of=None):
        of = of or procedure
        draft = services.draft_for(applicant=applicant, procedure=of)
        if files is None:
            files = {"planol": upload()} if of == procedure else {}
        checked = {
            name: services.upload_check(upload=file, field=of.fields.get(name=name))
            for name, file in files.items()
        }
        services.draft_save(
            draft=draft,
            answers=dict(VALID_ANSWERS if answers is None else answers),
            files=checked,
        )
        return draft

    return make_draft


@pytest.fixture
def register(make_draft):
    """Register a valid submission of `applicant` at `at` (a business day by default)."""

    def register(applicant, *, at=WEDNESDAY, **kwargs):
        draft = make_draft(applicant, **kwargs)
        return services.submission_register(draft=draft, device_class="desktop", at=at)

    return register


@pytest.fixture
def submission(register, citizen):
    return register(citizen)


@pytest.fixture
def waiting_submission(submission, clerk):
    """A case for which the council has asked the citizen for documents."""
    services.submission_status_change(
        submission=submission,
        to_status=Status.WAITING,
        by=clerk,
        public_comment="Aporteu el contracte de lloguer.",
        internal_note="Revisar amb urbanisme.",
    )
    submission.refresh_from_db()
    return submission
