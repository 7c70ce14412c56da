"""Identification with a qualified certificate forwarded by the TLS proxy (issue #17).

The TLS handshake happens at the proxy. nginx asks for a client certificate
with `ssl_verify_client optional_no_ca` (it checks that the browser holds the
private key, but not who issued the certificate) and passes the certificate on:

    proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;

proxy_set_header replaces any header of that name the browser sent, and sends
none when there is no certificate, so the header can be believed only when the
seu is configured as sitting behind such a proxy (TRUSTED_PROXIES >= 1, as
accounts.ratelimit reads it). With TRUSTED_PROXIES = 0 anyone could type the
header: it is refused and logged.

Everything the proxy did not check is checked here, against the clock without
any allowance for skew: the validity dates; the chain, link by link, up to a
self-signed root in the PEM bundle CERT_CA_BUNDLE (each issuer's signature,
dates, CA flag, path length and keyCertSign); revocation in the local CRL files
CERT_CRL_PATHS, which the council's cron refreshes (a list that cannot be read
or whose signature does not verify is logged and skipped: a broken download
must not lock every citizen out); keyUsage digitalSignature; that the
certificate is qualified; and the Spanish profile, which gives the identity.

OCSP is not consulted: it needs a network call per login to each CA's
responder, and the CRLs cover revocation with the delay of the cron.

Profiles read (fields per ETSI EN 319 412-1/-2 and the Spanish "Perfiles de
certificados electrónicos", 2016, which FNMT and the Consorci AOC follow):

- Natural person (FNMT "Persona Física", idCAT certificat, public employees):
  serialNumber "IDCES-12345678Z" (also PNO, TIN or TAX for Spain) or a bare
  "12345678Z"; givenName and surname, or else the CN ("APELLIDO1 APELLIDO2
  NOMBRE - 12345678Z", idCAT "COGNOMS NOM - DNI 12345678Z").
- Representative of a legal person (FNMT "Representante", AOC T-CAT
  representant): the person's NIF in serialNumber, the entity's in
  organizationIdentifier "VATES-B12345678", its name in O, CN "12345678Z NOMBRE
  APELLIDOS (R: B12345678)". Public employees also carry O and
  organizationIdentifier (their administration) without representing it, so a
  certificate counts as a representative's only by its policy OID or the
  "(R: ...)" of its CN.

Qualified means the ETSI EN 319 411-2 policy for natural persons (QCP-n,
QCP-n-qscd) or the QcCompliance statement of ETSI EN 319 412-5 in qcStatements.
"""

import base64
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts import ratelimit
from accounts.identity import DNI_RE, NIE_RE, is_valid_dni, is_valid_nie, normalize_document

logger = logging.getLogger(__name__)

DEFAULT_HEADER = "X-SSL-Client-Cert"
# A certificate is 1-3 KB; anything far larger is not one.
MAX_HEADER_LENGTH = 32 * 1024
# Root, intermediates and leaf: real Spanish chains have three or four links.
MAX_CHAIN_LENGTH = 6

NATURAL_PERSON = "natural-person"
REPRESENTATIVE = "legal-person-representative"
ASSURANCE_HIGH = "high"

# ETSI EN 319 411-2, 5.3: EU qualified certificates issued to natural persons,
# with the key anywhere (QCP-n) or on a qualified device (QCP-n-qscd).
QCP_N = "0.4.0.194112.1.0"
QCP_N_QSCD = "0.4.0.194112.1.2"
QUALIFIED_POLICIES = {QCP_N, QCP_N_QSCD}
# RFC 3739 qcStatements, and ETSI EN 319 412-5's esi4-qcStatement-1 in it.
QC_STATEMENTS = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
QC_COMPLIANCE = "0.4.0.1862.1.1"
# Policies that make a certificate a representative's: the Spanish profile
# "certificado de representante de persona jurídica" (Perfiles de certificados
# electrónicos, 2016; the AOC's T-CAT representant carries it) and FNMT's AC
# Representación: sole or joint director, legal person, entity without legal
# personality. FNMT's own policies all start 1.3.6.1.4.1.5734.3. (Persona
# Física is 1.3.6.1.4.1.5734.3.10.1) and are not needed to tell the others.
REPRESENTATIVE_POLICIES = {
    "2.16.724.1.3.5.8",
    "1.3.6.1.4.1.5734.3.11.1",
    "1.3.6.1.4.1.5734.3.11.2",
    "1.3.6.1.4.1.5734.3.11.3",
}

# ETSI EN 319 412-1, 5.1.3: "IDC" identity card, "PNO" national personal number,
# "TIN"/"TAX" tax number; each followed by the country and a hyphen.
_PERSON_SERIAL = re.compile(r"^(?:(?P<kind>[A-Z]{3})(?P<country>[A-Z]{2})-)?(?P<number>.+)$")
_SPANISH_PERSON_KINDS = {"IDC", "PNO", "TIN", "TAX"}
# ETSI EN 319 412-1, 5.1.4: "VAT" + country + "-" + the entity's tax number.
_ORGANIZATION_ID = re.compile(r"^VATES-(?P<nif>[A-Z0-9]+)$")
# Shape of the NIF of a legal person or entity (corporativa.validators checks
# its control character; accounts sits below corporativa and cannot import it).
_ENTITY_NIF = re.compile(r"^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$")
_REPRESENTED = re.compile(r"\(R:\s*(?P<nif>[A-Z0-9]+)\s*\)")
_DOCUMENT_WORD = r"[0-9XYZ]\d{7}[A-Z]"
# "GARCIA LOPEZ JUAN - 12345678Z", "PEREZ MAS JOSE - DNI 12345678Z", the old
# FNMT "NOMBRE GARCIA LOPEZ JUAN - NIF 12345678Z", the AOC's "... (AUT)".
_CN_SURNAMES_FIRST = re.compile(
    r"^(?:NOMBRE\s+)?(?P<name>.+?)\s+[-–]\s+(?:(?:DNI|NIF|NIE)\s+)?"
    + _DOCUMENT_WORD
    + r"(?:\s*\(.*\))?$",
    re.IGNORECASE,
)
# "12345678Z PEDRO ANTONIO LOPEZ GARCIA (R: B12345678)"
_CN_REPRESENTATIVE = re.compile(
    r"^" + _DOCUMENT_WORD + r"\s+(?P<name>.+?)\s*\(R:[^)]*\)$", re.IGNORECASE
)
# The AOC appends " - DNI 12345678Z" to the surname attribute of some profiles.
_SURNAME_DOCUMENT_SUFFIX = re.compile(
    r"\s+[-–]\s+(?:(?:DNI|NIF|NIE)\s+)?" + _DOCUMENT_WORD + r"$", re.IGNORECASE
)
# Words that join the next word into one surname: "DE LA FUENTE", "VILA I ROCA".
_SURNAME_PARTICLES = {
    "DE",
    "DEL",
    "LA",
    "LAS",
    "LOS",
    "Y",
    "I",
    "SAN",
    "SANTA",
    "DA",
    "DAS",
    "DO",
    "DOS",
}

MESSAGES = {
    "missing": _(
        "Your browser did not present a certificate. Install your certificate in the browser "
        "(or insert your card) and try again."
    ),
    "malformed": _("The certificate your browser sent cannot be read."),
    "expired": _("Your certificate has expired (it was valid until %(date)s)."),
    "not-yet-valid": _("Your certificate is not valid yet (it will be valid from %(date)s)."),
    "untrusted-ca": _(
        "Your certificate was issued by %(issuer)s, which is not a certification authority "
        "this site accepts."
    ),
    "revoked": _("Your certificate has been revoked by its issuer. You will need a new one."),
    "wrong-usage": _(
        "This certificate is not meant for identifying yourself. Choose your personal "
        "certificate for signing and authentication."
    ),
    "not-qualified": _(
        "Your certificate is not a qualified certificate, which this site needs to identify you."
    ),
    "no-document": _("Your certificate does not hold a Spanish DNI or NIE number."),
    "bad-document": _(
        "The DNI or NIE in your certificate (%(number)s) is not valid: its letter does not "
        "match its number."
    ),
    "no-company": _(
        "Your certificate says you act as a representative but does not give the NIF of the "
        "entity you represent."
    ),
    "untrusted-proxy": _("Identification with a certificate is not available on this server."),
}


class CertificateRefused(Exception):
    """A certificate that cannot identify anyone. `code` is for the logs and the
    calling code; `message` is for the person, in the language active when it is
    read (a caller may pass its own)."""

    def __init__(self, code: str, message: str | None = None, **params):
        super().__init__(code)
        self.code = code
        self.params = params
        self._message = message

    @property
    def message(self) -> str:
        if self._message is not None:
            return str(self._message)
        shown = {name: _shown(value) for name, value in self.params.items()}
        return str(MESSAGES[self.code]) % shown

    def __str__(self) -> str:
        return self.message


def _shown(value):
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATE_FORMAT")
    return value


@dataclass(frozen=True)
class CertificateIdentity:
    """Who a valid qualified certificate says its holder is."""

    document_number: str  # DNI or NIE, upper case, letter checked
    given_name: str
    surnames: str
    kind: str  # NATURAL_PERSON or REPRESENTATIVE
    issuer: str  # RFC 4514
    serial: str  # hex
    fingerprint: str  # SHA-256 of the DER, hex
    not_before: datetime
    not_after: datetime
    qualified: bool
    assurance: str
    # The represented entity's NIF and name; empty for a natural person, even
    # a public employee whose certificate names the administration.
    company_id: str = ""
    company_name: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.surnames) if part)


# --- From the request ---------------------------------------------------------------


def certificate_from_request(request) -> x509.Certificate | None:
    """The certificate the TLS proxy forwarded, or None when there is none.

    Raises CertificateRefused "untrusted-proxy" when the header arrives but no
    proxy is configured to set it, "malformed" when it cannot be read.
    """
    header = getattr(settings, "CERT_HEADER", "") or DEFAULT_HEADER
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    # Apache's mod_ssl writes "(null)" when there is no certificate.
    if not value.strip() or value.strip() == "(null)":
        return None
    if settings.TRUSTED_PROXIES < 1:
        logger.warning(
            "A %s header came from %s, but TRUSTED_PROXIES is 0: refused, as anyone can send it."
            " Behind a proxy that sets it, set TRUSTED_PROXIES.",
            header,
            ratelimit.client_ip(request),
        )
        raise CertificateRefused("untrusted-proxy")
    if len(value) > MAX_HEADER_LENGTH:
        raise CertificateRefused("malformed")
    try:
        return _load_certificate(unquote(value))
    except ValueError as error:
        logger.info("Unreadable certificate in %s: %s", header, error)
        raise CertificateRefused("malformed") from error


def _load_certificate(text: str) -> x509.Certificate:
    """PEM (with newlines, or with the spaces or tabs some proxies put instead),
    or bare base64 DER."""
    match = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.DOTALL)
    body = match.group(1) if match else text
    der = base64.b64decode("".join(body.split()), validate=True)
    return x509.load_der_x509_certificate(der)


# --- Checking the certificate ------------------------------------------------------------


def identity_from_certificate(
    certificate: x509.Certificate, *, now: datetime | None = None
) -> CertificateIdentity:
    """Check the certificate at `now` (aware; the current time by default) and
    read who it identifies, or raise CertificateRefused."""
    now = now or timezone.now()
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    try:
        return _identity(certificate, now=now, fingerprint=fingerprint)
    except (ValueError, x509.DuplicateExtension, x509.UnsupportedGeneralNameType) as error:
        # cryptography parses extensions when they are first read.
        logger.info("Certificate %s has a malformed field: %s", fingerprint, error)
        raise CertificateRefused("malformed") from error


def _identity(certificate, *, now, fingerprint) -> CertificateIdentity:
    not_before, not_after = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if now > not_after:
        raise CertificateRefused("expired", date=not_after)
    if now < not_before:
        raise CertificateRefused("not-yet-valid", date=not_before)

    chain = _chain(certificate, _bundle(), now=now, fingerprint=fingerprint)
    _check_revocation([certificate, *chain], now=now, fingerprint=fingerprint)

    basic = _extension(certificate, x509.BasicConstraints)
    usage = _extension(certificate, x509.KeyUsage)
    if (basic is not None and basic.ca) or usage is None or not usage.digital_signature:
        logger.info("Certificate %s refused: a CA, or no digitalSignature usage", fingerprint)
        raise CertificateRefused("wrong-usage")

    policies = _policies(certificate)
    qualified = bool(policies & QUALIFIED_POLICIES) or QC_COMPLIANCE in _qc_statements(certificate)
    if not qualified:
        logger.info("Certificate %s refused: not qualified (policies %s)", fingerprint, policies)
        raise CertificateRefused("not-qualified")

    subject = certificate.subject
    document_number = _document_number(_attribute(subject, NameOID.SERIAL_NUMBER))
    common_name = _attribute(subject, NameOID.COMMON_NAME)
    represented = _REPRESENTED.search(common_name.upper())
    kind = NATURAL_PERSON
    company_id = company_name = ""
    if policies & REPRESENTATIVE_POLICIES or represented:
        kind = REPRESENTATIVE
        company_id = _company_id(
            _attribute(subject, NameOID.ORGANIZATION_IDENTIFIER),
            represented.group("nif") if represented else "",
        )
        company_name = _attribute(subject, NameOID.ORGANIZATION_NAME)
    given_name, surnames = _names(subject, common_name, representative=kind == REPRESENTATIVE)
    return CertificateIdentity(
        document_number=document_number,
        given_name=given_name,
        surnames=surnames,
        kind=kind,
        issuer=certificate.issuer.rfc4514_string(),
        serial=format(certificate.serial_number, "x"),
        fingerprint=fingerprint,
        not_before=not_before,
        not_after=not_after,
        qualified=True,
        assurance=ASSURANCE_HIGH,
        company_id=company_id,
        company_name=company_name,
    )


def _bundle() -> list[x509.Certificate]:
    path = getattr(settings, "CERT_CA_BUNDLE", "")
    if not path:
        raise ImproperlyConfigured("CERT_CA_BUNDLE names no file of accepted CAs.")
    try:
        return x509.load_pem_x509_certificates(Path(path).read_bytes())
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"CERT_CA_BUNDLE ({path}) cannot be read: {error}") from error


def _chain(leaf, bundle, *, now, fingerprint) -> list[x509.Certificate]:
    """The issuers of `leaf` from the bundle, up to a self-signed root."""
    chain, current = [], leaf
    while len(chain) < MAX_CHAIN_LENGTH:
        issuer, reason = None, "no CA of that name in CERT_CA_BUNDLE"
        for candidate in (ca for ca in bundle if ca.subject == current.issuer):
            reason = _not_an_issuer(candidate, current, below=len(chain), now=now)
            if reason is None:
                issuer = candidate
                break
        if issuer is None:
            logger.info(
                "Certificate %s refused: issuer %s: %s",
                fingerprint,
                current.issuer.rfc4514_string(),
                reason,
            )
            raise CertificateRefused("untrusted-ca", issuer=_issuer_name(leaf))
        chain.append(issuer)
        if (
            issuer.subject == issuer.issuer
            and _not_an_issuer(issuer, issuer, below=0, now=now) is None
        ):
            return chain
        current = issuer
    logger.info("Certificate %s refused: no root within %s links", fingerprint, MAX_CHAIN_LENGTH)
    raise CertificateRefused("untrusted-ca", issuer=_issuer_name(leaf))


def _not_an_issuer(ca, certificate, *, below: int, now) -> str | None:
    """Why `ca` cannot have issued `certificate` (None when it can); `below` is
    the number of CAs between them and the leaf."""
    try:
        certificate.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return "the signature does not verify with the bundle's CA of that name"
    if not ca.not_valid_before_utc <= now <= ca.not_valid_after_utc:
        return f"the CA certificate is valid only until {ca.not_valid_after_utc:%Y-%m-%d}"
    basic = _extension(ca, x509.BasicConstraints)
    if basic is None or not basic.ca:
        return "the issuer is not a CA"
    if basic.path_length is not None and basic.path_length < below:
        return "the CA's path length is exceeded"
    usage = _extension(ca, x509.KeyUsage)
    if usage is not None and not usage.key_cert_sign:
        return "the CA key may not sign certificates"
    return None


def _issuer_name(certificate) -> str:
    names = certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.issuer.rfc4514_string()


def _check_revocation(chain, *, now, fingerprint) -> None:
    """Refuse when the leaf or an intermediate is in a CRL of CERT_CRL_PATHS
    signed by its issuer."""
    crls = _crls()
    for certificate, issuer in zip(chain, chain[1:], strict=False):
        for path, crl in crls:
            if crl.issuer != issuer.subject:
                continue
            if not crl.is_signature_valid(issuer.public_key()):
                logger.error("CRL %s does not verify with the key of its issuer: skipped", path)
                continue
            if crl.next_update_utc is not None and crl.next_update_utc < now:
                logger.warning(
                    "CRL %s is out of date (next update was due %s)", path, crl.next_update_utc
                )
            if crl.get_revoked_certificate_by_serial_number(certificate.serial_number) is not None:
                logger.info(
                    "Certificate %s refused: %s is in CRL %s",
                    fingerprint,
                    certificate.serial_number,
                    path,
                )
                raise CertificateRefused("revoked")


def _crls() -> list[tuple[str, x509.CertificateRevocationList]]:
    paths = getattr(settings, "CERT_CRL_PATHS", None) or []
    if isinstance(paths, str):
        paths = [paths]
    crls = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
            if b"-----BEGIN" in data:
                crls.append((path, x509.load_pem_x509_crl(data)))
            else:
                crls.append((path, x509.load_der_x509_crl(data)))
        except (OSError, ValueError) as error:
            logger.error("CRL %s cannot be read, so it is not checked: %s", path, error)
    return crls


# --- Reading the profile ----------------------------------------------------------------


def _extension(certificate, kind):
    try:
        return certificate.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _policies(certificate) -> set[str]:
    policies = _extension(certificate, x509.CertificatePolicies)
    return {policy.policy_identifier.dotted_string for policy in policies or []}


def _qc_statements(certificate) -> set[str]:
    """The statement ids in qcStatements (RFC 3739: SEQUENCE OF SEQUENCE {
    statementId OID, statementInfo ANY OPTIONAL }), which cryptography leaves
    undecoded."""
    try:
        extension = certificate.extensions.get_extension_for_oid(QC_STATEMENTS)
    except x509.ExtensionNotFound:
        return set()
    ((tag, statements),) = _der_elements(extension.value.public_bytes())
    if tag != 0x30:
        raise ValueError("qcStatements is not a SEQUENCE")
    found = set()
    for tag, statement in _der_elements(statements):
        parts = _der_elements(statement)
        if tag != 0x30 or not parts or parts[0][0] != 0x06:
            raise ValueError("a qcStatement does not start with its OID")
        found.add(_oid_string(parts[0][1]))
    return found


def _der_elements(data: bytes) -> list[tuple[int, bytes]]:
    """The (tag, content) of each DER element in `data`, one level deep."""
    elements, at = [], 0
    while at < len(data):
        if at + 2 > len(data) or data[at] & 0x1F == 0x1F:
            raise ValueError("truncated DER, or a tag this reader does not expect")
        tag, length = data[at], data[at + 1]
        at += 2
        if length & 0x80:
            size = length & 0x7F
            if not 0 < size <= 4 or at + size > len(data):
                raise ValueError("bad DER length")
            length = int.from_bytes(data[at : at + size], "big")
            at += size
        if at + length > len(data):
            raise ValueError("truncated DER")
        elements.append((tag, data[at : at + length]))
        at += length
    return elements


def _oid_string(content: bytes) -> str:
    arcs, value = [], 0
    for byte in content:
        value = value << 7 | byte & 0x7F
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    if not arcs or content[-1] & 0x80:
        raise ValueError("bad OID")
    first = min(arcs[0] // 40, 2)
    return ".".join(str(arc) for arc in (first, arcs[0] - 40 * first, *arcs[1:]))


def _attribute(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return " ".join(str(values[0].value).split()) if values else ""


def _document_number(serial_number: str) -> str:
    match = _PERSON_SERIAL.match(serial_number.upper())
    if not serial_number or match is None:
        raise CertificateRefused("no-document")
    if match.group("kind") and (
        match.group("kind") not in _SPANISH_PERSON_KINDS or match.group("country") != "ES"
    ):
        # A passport, or another country's document: no DNI or NIE to check.
        raise CertificateRefused("no-document")
    number = normalize_document(match.group("number"))
    if is_valid_dni(number) or is_valid_nie(number):
        return number
    if DNI_RE.match(number) or NIE_RE.match(number):
        raise CertificateRefused("bad-document", number=number)
    raise CertificateRefused("no-document")


def _company_id(organization_identifier: str, from_common_name: str) -> str:
    match = _ORGANIZATION_ID.match(organization_identifier.upper().replace(" ", ""))
    nif = match.group("nif") if match else from_common_name
    if not _ENTITY_NIF.match(nif):
        raise CertificateRefused("no-company")
    return nif


def _names(subject, common_name: str, *, representative: bool) -> tuple[str, str]:
    """(given name, surnames): the attributes when the certificate has them,
    otherwise split from the CN. The CN does not mark where the surnames end:
    the split takes two surnames, each with its particles ("DE LA FUENTE")."""
    given_name = _attribute(subject, NameOID.GIVEN_NAME)
    surnames = _SURNAME_DOCUMENT_SUFFIX.sub("", _attribute(subject, NameOID.SURNAME))
    if given_name and surnames:
        return given_name, surnames
    pattern = _CN_REPRESENTATIVE if representative else _CN_SURNAMES_FIRST
    match = pattern.match(common_name)
    if match is None:
        return given_name, surnames
    words = match.group("name").split()
    if representative:  # name first: the surnames are the last two
        reversed_surnames = _take_surnames(list(reversed(words)), particles_after=True)
        count = len(reversed_surnames)
        return " ".join(words[: len(words) - count]), " ".join(words[len(words) - count :])
    taken = _take_surnames(words, particles_after=False)
    return " ".join(words[len(taken) :]), " ".join(taken)


def _take_surnames(words: list[str], *, particles_after: bool) -> list[str]:
    """The words of (up to) two surnames from the start of `words`, leaving at
    least one word for the given name. Read backwards (`particles_after`), a
    surname's particles follow it."""
    taken, surnames = [], 0
    while surnames < 2 and len(words) - len(taken) > 1:
        if particles_after:
            taken.append(words[len(taken)])
            while len(words) - len(taken) > 1 and words[len(taken)].upper() in _SURNAME_PARTICLES:
                taken.append(words[len(taken)])
        else:
            while len(words) - len(taken) > 2 and words[len(taken)].upper() in _SURNAME_PARTICLES:
                taken.append(words[len(taken)])
            taken.append(words[len(taken)])
        surnames += 1
    return taken
