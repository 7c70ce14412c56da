from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers import SimpleSigner

from documents import seal
from documents.content import DocumentContent, Section
from documents.pdf import render_document
from tests.documents.conftest import SEAL_PASSWORD


@pytest.fixture
def unsealed_pdf():
    from datetime import UTC, datetime

    content = DocumentContent(sections=[Section("Heading", paragraphs=["Some text. " * 200])])
    return render_document(
        title="A document",
        content=content,
        csv="ABCD-EFGH-JK23-MN45-PQRS",
        verification_url="https://seu.mollet.example/ca/verificacio/ABCD-EFGH-JK23-MN45-PQRS/",
        issued_at=datetime(2025, 3, 12, 9, 15, tzinfo=UTC),
        council_name="Ajuntament de Mollet del Vallès",
    )


@pytest.fixture
def sealed_pdf(unsealed_pdf):
    return seal.seal_pdf(unsealed_pdf, reason="Test seal", location="seu.mollet.example")


def test_a_sealed_pdf_validates_against_the_seal_certificate(sealed_pdf):
    check = seal.validate_sealed_pdf(sealed_pdf)
    assert check.intact and check.valid and check
    assert "Segell de desenvolupament - Ajuntament de Mollet del Vallès" in check.signer
    assert check.signed_at is not None


def test_the_seal_is_a_pades_signature(sealed_pdf):
    assert b"/ETSI.CAdES.detached" in sealed_pdf
    (signature,) = PdfFileReader(BytesIO(sealed_pdf)).embedded_signatures
    assert signature.field_name == seal.SIGNATURE_FIELD


def test_changing_one_byte_of_the_signed_content_breaks_the_seal(unsealed_pdf, sealed_pdf):
    # The middle of the original PDF is inside the signed byte range and far
    # from the signature's own /Contents, which the incremental update
    # appends after it.
    middle = len(unsealed_pdf) // 2
    assert sealed_pdf[:middle] == unsealed_pdf[:middle]
    tampered = bytearray(sealed_pdf)
    tampered[middle] ^= 0x01
    check = seal.validate_sealed_pdf(bytes(tampered))
    assert not check.intact
    assert not check.valid


def test_bytes_appended_after_sealing_are_not_valid(sealed_pdf):
    assert not seal.validate_sealed_pdf(sealed_pdf + b"\n% appended\n").valid


def test_another_trust_root_does_not_make_the_seal_valid(sealed_pdf, tmp_path):
    other = SimpleSigner.load_pkcs12_data(
        seal.dev_seal_build(council_name="Someone else"), other_certs=[]
    )
    check = seal.validate_sealed_pdf(sealed_pdf, trust_root=other.signing_cert)
    assert check.intact
    assert not check.valid


def test_a_pdf_without_a_seal_or_not_a_pdf_is_not_valid(unsealed_pdf):
    assert seal.validate_sealed_pdf(unsealed_pdf) == seal.SealCheck(intact=False, valid=False)
    assert not seal.validate_sealed_pdf(b"not a pdf at all")


def test_the_loaded_seal_is_cached_per_process():
    assert seal.seal_signer() is seal.seal_signer()


def test_production_without_a_seal_is_a_configuration_error(settings, tmp_path, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setattr(seal, "_running_tests", lambda: False)
    settings.SEAL_P12_PATH = str(tmp_path / "missing" / "seal.p12")
    with pytest.raises(ImproperlyConfigured, match="SEAL_P12_PATH"):
        seal.seal_signer()
    assert not (tmp_path / "missing" / "seal.p12").exists()


def test_a_wrong_password_is_a_configuration_error(settings):
    settings.SEAL_P12_PASSWORD = "not-the-password"
    with pytest.raises(ImproperlyConfigured, match="SEAL_P12_PASSWORD"):
        seal.seal_signer()


def test_in_debug_a_missing_seal_is_created(settings, tmp_path, unsealed_pdf):
    settings.DEBUG = True
    settings.SEAL_P12_PATH = str(tmp_path / "seal" / "dev.p12")
    sealed = seal.seal_pdf(unsealed_pdf, reason="r", location="l")
    assert (tmp_path / "seal" / "dev.p12").exists()
    assert seal.validate_sealed_pdf(sealed).valid


def test_the_development_seal_has_the_expected_certificate(settings):
    certificate = seal.seal_certificate()
    subject = certificate.subject.native
    assert subject["common_name"] == "Segell de desenvolupament - Ajuntament de Mollet del Vallès"
    assert subject["organization_name"] == "Ajuntament de Mollet del Vallès"
    assert subject["country_name"] == "ES"
    assert set(certificate.key_usage_value.native) == {"digital_signature", "non_repudiation"}
    validity = certificate["tbs_certificate"]["validity"]
    years = (validity["not_after"].native - validity["not_before"].native).days / 365
    assert 4.99 < years < 5.02


# --- seal_create_dev -----------------------------------------------------------------


@pytest.fixture
def new_seal_path(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("SEAL_P12_PATH", raising=False)
    settings.DEBUG = True
    settings.SEAL_P12_PATH = str(tmp_path / "var" / "seal" / "dev-seal.p12")
    return tmp_path / "var" / "seal" / "dev-seal.p12"


def test_seal_create_dev_creates_a_loadable_seal_and_is_idempotent(new_seal_path):
    out = StringIO()
    call_command("seal_create_dev", stdout=out)
    assert "Created a development seal" in out.getvalue()
    data = new_seal_path.read_bytes()
    signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=SEAL_PASSWORD.encode())
    assert "Segell de desenvolupament" in signer.signing_cert.subject.human_friendly
    assert new_seal_path.stat().st_mode & 0o077 == 0

    call_command("seal_create_dev", stdout=StringIO())
    assert new_seal_path.read_bytes() == data

    call_command("seal_create_dev", "--force", stdout=StringIO())
    assert new_seal_path.read_bytes() != data


def test_seal_create_dev_leaves_a_seal_named_by_the_environment_alone(new_seal_path, monkeypatch):
    monkeypatch.setenv("SEAL_P12_PATH", str(new_seal_path))
    new_seal_path.parent.mkdir(parents=True)
    new_seal_path.write_bytes(b"the council's real seal")
    errors = StringIO()
    call_command("seal_create_dev", stdout=StringIO(), stderr=errors)
    assert new_seal_path.read_bytes() == b"the council's real seal"
    assert "SEAL_P12_PATH" in errors.getvalue()
    call_command("seal_create_dev", "--force", stdout=StringIO())
    assert new_seal_path.read_bytes() != b"the council's real seal"


def test_seal_create_dev_warns_when_debug_is_off(new_seal_path, settings):
    # The benchmark runs with DEBUG off and a seal path of its own.
    settings.DEBUG = False
    errors = StringIO()
    call_command("seal_create_dev", stdout=StringIO(), stderr=errors)
    assert new_seal_path.exists()
    assert "DEBUG is off" in errors.getvalue()


def test_sealing_signs_once_in_the_reserved_room(unsealed_pdf, caplog):
    sealed = seal.seal_pdf(unsealed_pdf, reason="r", location="l")
    assert "reserved room" not in caplog.text
    assert seal.validate_sealed_pdf(sealed).valid


def test_a_signature_too_big_for_the_room_is_signed_again(unsealed_pdf, monkeypatch, caplog):
    monkeypatch.setattr(seal, "_bytes_reserved", lambda signer: 64)
    sealed = seal.seal_pdf(unsealed_pdf, reason="r", location="l")
    assert "reserved room" in caplog.text
    assert seal.validate_sealed_pdf(sealed).valid
