"""The council's electronic seal: PAdES signatures on the documents the seu issues.

The seal is a PKCS#12 file named by settings.SEAL_P12_PATH (password in
SEAL_P12_PASSWORD). In production it is the council's qualified seal
certificate. In development and tests a self-signed one is made on first use
(or by `manage.py seal_create_dev`); with DEBUG off a missing seal is a
configuration error, never silently replaced.
"""

import datetime as dt
import logging
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "SegellElectronic"
DEV_SEAL_YEARS = 5


def seal_path() -> Path:
    default = Path(settings.BASE_DIR) / "var" / "seal" / "dev-seal.p12"
    return Path(getattr(settings, "SEAL_P12_PATH", default))


def seal_password() -> str:
    return getattr(settings, "SEAL_P12_PASSWORD", "")


def _running_tests() -> bool:
    # Django's test runner (and pytest-django) sets DEBUG off but installs
    # mail.outbox; production never has it.
    return hasattr(mail, "outbox")


def dev_seal_allowed() -> bool:
    """Whether a missing seal may be replaced by a self-signed development one."""
    return settings.DEBUG or _running_tests()


# --- The development seal ---------------------------------------------------------


def dev_seal_build(*, council_name: str, password: str = "") -> bytes:
    """A self-signed seal certificate and its key, as PKCS#12 bytes."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"Segell de desenvolupament - {council_name}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, council_name),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ES"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * DEV_SEAL_YEARS + 1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(
        name=b"seal", key=key, cert=certificate, cas=None, encryption_algorithm=encryption
    )


def dev_seal_create(*, path: Path, password: str, council_name: str, replace: bool = False) -> bool:
    """Write a development seal at `path`; False when one is there and `replace` is off.

    The file is written beside its final place and moved in at once, so no
    process ever reads half a seal; it is readable by its owner only.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not replace:
        return False
    data = dev_seal_build(council_name=council_name, password=password)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".seal-", suffix=".p12")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o600)
        if replace:
            os.replace(temporary, path)
        else:
            try:
                # link() fails if another process made the seal meanwhile.
                os.link(temporary, path)
            except FileExistsError:
                return False
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    logger.warning("Created a self-signed development seal at %s", path)
    return True


# --- Loading the seal ---------------------------------------------------------------


@lru_cache(maxsize=4)
def _load_signer(path: str, modified_ns: int, password: str) -> signers.SimpleSigner:
    # The file's modification time is part of the key, so a replaced seal is
    # picked up without restarting the process.
    data = Path(path).read_bytes()
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=[], passphrase=password.encode() if password else None
        )
    except ValueError as error:
        raise ImproperlyConfigured(
            f"The electronic seal at {path} cannot be read: check that it is a PKCS#12 "
            "file and that SEAL_P12_PASSWORD is its password."
        ) from error


def seal_signer() -> signers.SimpleSigner:
    """The loaded seal, once per process (and again when the file changes)."""
    path = seal_path()
    if not path.exists():
        if not dev_seal_allowed():
            raise ImproperlyConfigured(
                f"The electronic seal is missing: SEAL_P12_PATH names {path}, which does not "
                "exist. Set SEAL_P12_PATH to the council's seal certificate (a PKCS#12 file) "
                "and SEAL_P12_PASSWORD to its password. A self-signed development seal "
                "(manage.py seal_create_dev) is only for DEBUG runs."
            )
        dev_seal_create(path=path, password=seal_password(), council_name=settings.SEU_COUNCIL_NAME)
    return _load_signer(str(path), path.stat().st_mtime_ns, seal_password())


def seal_certificate() -> asn1_x509.Certificate:
    return seal_signer().signing_cert


# --- Sealing and checking -------------------------------------------------------------


def _bytes_reserved(signer: signers.SimpleSigner) -> int:
    """Room for the CMS signature, so pyHanko need not sign twice to measure it.

    The certificates dominate its size; the signature value, the signed
    attributes and the CMS structure fit in the slack. pyHanko counts the
    room in hexadecimal digits, two per byte.
    """
    certificates = {signer.signing_cert.dump(), *(cert.dump() for cert in signer.cert_registry)}
    cms_bytes = 2048 + sum(len(der) for der in certificates)
    return -(-2 * cms_bytes // 1024) * 1024


def seal_pdf(data: bytes, *, reason: str, location: str) -> bytes:
    """`data` with the seal's PAdES signature (B-B level) added as an incremental update."""
    signer = seal_signer()
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    try:
        output = signers.sign_pdf(
            IncrementalPdfFileWriter(BytesIO(data)),
            metadata,
            signer=signer,
            bytes_reserved=_bytes_reserved(signer),
        )
    except SigningError:
        # The room was too small (an unusual seal): let pyHanko measure it.
        logger.warning("Signature did not fit the reserved room; signing with an estimate")
        output = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(data)), metadata, signer=signer)
    return output.getvalue()


@dataclass(frozen=True)
class SealCheck:
    """What validate_sealed_pdf found.

    `intact`: the signed bytes hash to what the signature says. `valid`: on
    top of that, the signature is cryptographically sound, its certificate
    chains to the trust root and it covers the whole file (nothing was
    appended after sealing).
    """

    intact: bool
    valid: bool
    signer: str = ""
    signed_at: dt.datetime | None = None

    def __bool__(self) -> bool:
        return self.valid


def validate_sealed_pdf(
    data: bytes, *, trust_root: asn1_x509.Certificate | None = None
) -> SealCheck:
    """Check the seal of a PDF against `trust_root` (the seu's own seal by default).

    Never raises for a bad document: an unreadable file or a missing
    signature is simply not intact.
    """
    root = trust_root if trust_root is not None else seal_certificate()
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    try:
        reader = PdfFileReader(BytesIO(data))
        signatures = reader.embedded_signatures
        if not signatures:
            return SealCheck(intact=False, valid=False)
        embedded = signatures[-1]
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except (PdfError, SignatureValidationError, ValueError, KeyError) as error:
        logger.info("Sealed PDF does not validate: %s", error)
        return SealCheck(intact=False, valid=False)
    whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SealCheck(
        intact=status.intact,
        valid=bool(status.bottom_line and whole_file),
        signer=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
    )
