"""Test certificates in the shape of the Spanish profiles: a root CA, an
intermediate, and leaves as FNMT and the Consorci AOC issue them.

The root has an RSA key (as FNMT's AC RAIZ), the rest EC P-256 keys: both
kinds of signature get checked, and the tests stay fast. Keys are made once
per run and shared; a certificate's identity is its names and serial.
"""

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from accounts.certificates import QC_COMPLIANCE, QCP_N

NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
FNMT_PERSONA_FISICA = "1.3.6.1.4.1.5734.3.10.1"
FNMT_REPRESENTANTE = "1.3.6.1.4.1.5734.3.11.2"
AOC_IDCAT = "1.3.6.1.4.1.15096.1.3.2.86.2"
AOC_EMPLOYEE = "1.3.6.1.4.1.15096.1.3.2.7.1.2"


@functools.cache
def key(name: str):
    """One key per name for the whole run ("root" is RSA, the others EC)."""
    if name.startswith("root"):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


@dataclass(frozen=True)
class Authority:
    certificate: x509.Certificate
    key: object

    @property
    def name(self) -> x509.Name:
        return self.certificate.subject


def name(*pairs) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in pairs])


def _signed(builder, signer_key):
    return builder.sign(signer_key, hashes.SHA256())


def root_ca(
    common_name="AC RAIZ FNMT-RCM",
    *,
    key_name="root",
    not_before=NOW - timedelta(days=3650),
    not_after=NOW + timedelta(days=3650),
) -> Authority:
    subject = name(
        (NameOID.COUNTRY_NAME, "ES"),
        (NameOID.ORGANIZATION_NAME, "FNMT-RCM"),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, "AC RAIZ FNMT-RCM"),
        (NameOID.COMMON_NAME, common_name),
    )
    private = key(key_name)
    builder = _ca_builder(
        subject, subject, private.public_key(), not_before, not_after, path_length=None
    )
    return Authority(_signed(builder, private), private)


def intermediate_ca(
    parent: Authority,
    common_name="AC FNMT Usuarios",
    *,
    key_name="intermediate",
    organization="FNMT-RCM",
    not_before=NOW - timedelta(days=1000),
    not_after=NOW + timedelta(days=1000),
    ca=True,
) -> Authority:
    subject = name(
        (NameOID.COUNTRY_NAME, "ES"),
        (NameOID.ORGANIZATION_NAME, organization),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, "Ceres"),
        (NameOID.COMMON_NAME, common_name),
    )
    private = key(key_name)
    builder = _ca_builder(
        subject, parent.name, private.public_key(), not_before, not_after, path_length=0, ca=ca
    )
    return Authority(_signed(builder, parent.key), private)


def _ca_builder(subject, issuer, public_key, not_before, not_after, *, path_length, ca=True):
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )


def leaf(
    issuer: Authority,
    subject: x509.Name,
    *,
    policies=(FNMT_PERSONA_FISICA, QCP_N),
    qc_statements=(QC_COMPLIANCE,),
    digital_signature=True,
    ca=False,
    not_before=NOW - timedelta(days=100),
    not_after=NOW + timedelta(days=630),
    serial=None,
    key_name="leaf",
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.name)
        .public_key(key(key_name).public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=digital_signature,
                content_commitment=True,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [x509.ExtendedKeyUsageOID.CLIENT_AUTH, x509.ExtendedKeyUsageOID.EMAIL_PROTECTION]
            ),
            critical=False,
        )
    )
    if policies:
        builder = builder.add_extension(
            x509.CertificatePolicies(
                [x509.PolicyInformation(x509.ObjectIdentifier(oid), None) for oid in policies]
            ),
            critical=False,
        )
    if qc_statements:
        builder = builder.add_extension(
            x509.UnrecognizedExtension(
                x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3"), qc_statements_der(qc_statements)
            ),
            critical=False,
        )
    return _signed(builder, issuer.key)


def self_signed_leaf(subject: x509.Name) -> x509.Certificate:
    """A certificate that names itself as issuer: anyone can make one."""
    private = key("self-signed")
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    )
    return _signed(builder, private)


# --- Subjects of the Spanish profiles --------------------------------------------------


def fnmt_person(
    document="IDCES-12345678Z",
    given="JUAN",
    surnames="ESPAÑOL ESPAÑOL",
    *,
    cn_document="12345678Z",
    with_names=True,
) -> x509.Name:
    """FNMT "Persona Física": CN "APELLIDO1 APELLIDO2 NOMBRE - NIF"."""
    pairs = [(NameOID.COUNTRY_NAME, "ES")]
    if document is not None:
        pairs.append((NameOID.SERIAL_NUMBER, document))
    if with_names:
        pairs += [(NameOID.SURNAME, surnames), (NameOID.GIVEN_NAME, given)]
    pairs.append((NameOID.COMMON_NAME, f"{surnames} {given} - {cn_document}"))
    return name(*pairs)


def idcat_person(document="87654321x", given="NÚRIA", surnames="VILA I ROCA") -> x509.Name:
    """idCAT certificat (Consorci AOC): CN "COGNOMS NOM - DNI NIF"."""
    return name(
        (NameOID.COUNTRY_NAME, "ES"),
        (NameOID.SERIAL_NUMBER, document),
        (NameOID.SURNAME, surnames),
        (NameOID.GIVEN_NAME, given),
        (NameOID.COMMON_NAME, f"{surnames} {given} - DNI {document.upper()}"),
    )


def fnmt_representative(
    document="IDCES-12345678Z",
    company="B12345674",
    company_name="INSTAL·LACIONS VALLÈS SL",
    *,
    given="JUAN",
    surnames="ESPAÑOL ESPAÑOL",
    with_names=True,
    organization_identifier=True,
) -> x509.Name:
    """FNMT "Representante de Persona Jurídica": CN "NIF NOMBRE APELLIDOS (R: CIF)"."""
    pairs = [(NameOID.COUNTRY_NAME, "ES"), (NameOID.ORGANIZATION_NAME, company_name)]
    if organization_identifier:
        pairs.append((NameOID.ORGANIZATION_IDENTIFIER, f"VATES-{company}"))
    pairs.append((NameOID.SERIAL_NUMBER, document))
    if with_names:
        pairs += [(NameOID.SURNAME, surnames), (NameOID.GIVEN_NAME, given)]
    pairs.append(
        (NameOID.COMMON_NAME, f"{document.split('-')[-1]} {given} {surnames} (R: {company})")
    )
    return name(*pairs)


def aoc_public_employee(document="IDCES-12345678Z") -> x509.Name:
    """AOC T-CAT: a public employee's certificate names the administration, in O and
    organizationIdentifier, without making its holder a representative."""
    return name(
        (NameOID.COUNTRY_NAME, "ES"),
        (NameOID.ORGANIZATION_NAME, "AJUNTAMENT DE MOLLET DEL VALLÈS"),
        (NameOID.ORGANIZATION_IDENTIFIER, "VATES-P0812400J"),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, "Empleat públic de nivell alt d'autenticació"),
        (NameOID.SERIAL_NUMBER, document),
        (NameOID.SURNAME, "PUIG FONT - DNI 12345678Z"),
        (NameOID.GIVEN_NAME, "MARTA"),
        (NameOID.COMMON_NAME, "MARTA PUIG FONT - DNI 12345678Z (AUT)"),
    )


# --- Files and headers --------------------------------------------------------------


def pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def escaped(certificate: x509.Certificate) -> str:
    """As nginx's $ssl_client_escaped_cert: the PEM, URL-escaped."""
    return quote(pem(certificate).decode(), safe="")


def crl(
    issuer: Authority,
    serials=(),
    *,
    signer_key=None,
    encoding=serialization.Encoding.DER,
    next_update=NOW + timedelta(days=1),
) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.name)
        .last_update(NOW - timedelta(hours=1))
        .next_update(next_update)
    )
    for serial in serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(NOW - timedelta(days=2))
            .build()
        )
    return builder.sign(signer_key or issuer.key, hashes.SHA256()).public_bytes(encoding)


# --- qcStatements, which cryptography does not build ------------------------------------


def qc_statements_der(statement_ids) -> bytes:
    """RFC 3739 QCStatements with each statement's id and no info."""
    return _der(0x30, b"".join(_der(0x30, _der_oid(oid)) for oid in statement_ids))


def _der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    size = (length.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + length.to_bytes(size, "big") + content


def _der_oid(dotted: str) -> bytes:
    arcs = [int(arc) for arc in dotted.split(".")]
    body = bytearray()
    for arc in [arcs[0] * 40 + arcs[1], *arcs[2:]]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | arc & 0x7F)
            arc >>= 7
        body += bytes(reversed(chunk))
    return _der(0x06, bytes(body))
