import pytest

from documents.choices import DocumentKind
from documents.content import DocumentContent, Section, Table
from documents.seal import dev_seal_build

SEAL_PASSWORD = "test-seal-password"
HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.fixture(scope="session")
def seal_file(tmp_path_factory):
    """One development seal for the whole run: RSA key generation takes time."""
    path = tmp_path_factory.mktemp("seal") / "seal.p12"
    path.write_bytes(
        dev_seal_build(council_name="Ajuntament de Mollet del Vallès", password=SEAL_PASSWORD)
    )
    return path


@pytest.fixture(autouse=True)
def _seal_settings(settings, seal_file):
    """Tests seal with a seal in a temporary folder, never with var/seal/."""
    settings.SEAL_P12_PATH = str(seal_file)
    settings.SEAL_P12_PASSWORD = SEAL_PASSWORD
    settings.SEU_SITE_URL = "https://seu.mollet.example"


@pytest.fixture
def receipt_content():
    return DocumentContent(
        subtitle="Entrada E/2025/000123",
        sections=[
            Section(
                "Registry entry",
                rows=[
                    ("Number", "E/2025/000123"),
                    ("Subject", "Sol·licitud d'ocupació de la via pública — Peñíscola"),
                ],
            ),
            Section(
                "Attached documents",
                table=Table(
                    headers=["File", "Size", "SHA-256"],
                    rows=[["plànol-façana.pdf", "1.2 MB", HASH]],
                    widths=[3, 1, 4],
                ),
            ),
            Section("Notice", paragraphs=["This receipt proves that the entry was registered."]),
        ],
    )


@pytest.fixture
def issue(db, receipt_content):
    """Issue a registry receipt; keyword arguments override the defaults."""
    from documents.services import document_issue

    def issue(**kwargs):
        arguments = {
            "kind": DocumentKind.RECEIPT,
            "title": "Registry receipt E/2025/000123",
            "content": receipt_content,
            "language": "ca",
        } | kwargs
        return document_issue(**arguments)

    return issue


@pytest.fixture
def document(issue, citizen):
    return issue(owner=citizen)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The citizen and admin fixtures hash passwords; Argon2 is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
