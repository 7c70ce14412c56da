import logging
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.utils import timezone

from accounts.certificates import (
    NATURAL_PERSON,
    QC_COMPLIANCE,
    QCP_N_QSCD,
    REPRESENTATIVE,
    CertificateRefused,
    certificate_from_request,
    identity_from_certificate,
)
from tests.accounts import certs
from tests.accounts.certs import NOW


@pytest.fixture
def root():
    return certs.root_ca()


@pytest.fixture
def intermediate(root):
    return certs.intermediate_ca(root)


@pytest.fixture
def ca_bundle(settings, tmp_path, root, intermediate):
    """The seu accepts FNMT's root and its AC FNMT Usuarios; no CRLs yet."""
    path = tmp_path / "ca-bundle.pem"
    path.write_bytes(certs.pem(intermediate.certificate, root.certificate))
    settings.CERT_CA_BUNDLE = str(path)
    settings.CERT_CRL_PATHS = []
    return path


def refusal(certificate, now=NOW) -> CertificateRefused:
    with pytest.raises(CertificateRefused) as excinfo:
        identity_from_certificate(certificate, now=now)
    return excinfo.value


# --- The profiles ------------------------------------------------------------------------


def test_fnmt_natural_person_is_identified_with_high_assurance(ca_bundle, intermediate):
    certificate = certs.leaf(intermediate, certs.fnmt_person(), serial=0x1A2B3C)

    identity = identity_from_certificate(certificate, now=NOW)

    assert identity.document_number == "12345678Z"
    assert (identity.given_name, identity.surnames) == ("JUAN", "ESPAÑOL ESPAÑOL")
    assert identity.full_name == "JUAN ESPAÑOL ESPAÑOL"
    assert identity.kind == NATURAL_PERSON
    assert (identity.company_id, identity.company_name) == ("", "")
    assert identity.qualified is True
    assert identity.assurance == "high"
    assert identity.issuer == "CN=AC FNMT Usuarios,OU=Ceres,O=FNMT-RCM,C=ES"
    assert identity.serial == "1a2b3c"
    assert identity.fingerprint == certificate.fingerprint(hashes.SHA256()).hex()
    assert len(identity.fingerprint) == 64
    assert identity.not_before == NOW - timedelta(days=100)
    assert identity.not_after == NOW + timedelta(days=630)


def test_idcat_certificate_with_a_bare_lower_case_nif_is_identified(settings, tmp_path, root):
    aoc = certs.intermediate_ca(root, "EC-Ciutadania", key_name="aoc", organization="Consorci AOC")
    (tmp_path / "aoc.pem").write_bytes(certs.pem(aoc.certificate, root.certificate))
    settings.CERT_CA_BUNDLE = str(tmp_path / "aoc.pem")
    certificate = certs.leaf(aoc, certs.idcat_person(), policies=(certs.AOC_IDCAT, certs.QCP_N))

    identity = identity_from_certificate(certificate, now=NOW)

    assert identity.document_number == "87654321X"
    assert (identity.given_name, identity.surnames) == ("NÚRIA", "VILA I ROCA")
    assert identity.kind == NATURAL_PERSON
    assert "CN=EC-Ciutadania" in identity.issuer


def test_nie_holder_is_identified_by_the_nie(ca_bundle, intermediate):
    subject = certs.fnmt_person("IDCES-X1234567L", "ANNA", "KOWALSKA", cn_document="X1234567L")

    identity = identity_from_certificate(certs.leaf(intermediate, subject), now=NOW)

    assert identity.document_number == "X1234567L"
    assert identity.full_name == "ANNA KOWALSKA"


def test_representative_of_a_company_gives_the_person_and_the_company(ca_bundle, intermediate):
    certificate = certs.leaf(
        intermediate,
        certs.fnmt_representative(),
        policies=(certs.FNMT_REPRESENTANTE, QCP_N_QSCD),
    )

    identity = identity_from_certificate(certificate, now=NOW)

    assert identity.kind == REPRESENTATIVE
    assert identity.document_number == "12345678Z"
    assert (identity.given_name, identity.surnames) == ("JUAN", "ESPAÑOL ESPAÑOL")
    assert identity.company_id == "B12345674"
    assert identity.company_name == "INSTAL·LACIONS VALLÈS SL"
    assert identity.assurance == "high"


def test_representative_is_recognised_by_the_cn_and_company_taken_from_it(ca_bundle, intermediate):
    """Without FNMT's policy, the "(R: NIF)" of the CN marks a representative; without
    organizationIdentifier, the CN gives the company's NIF."""
    certificate = certs.leaf(
        intermediate,
        certs.fnmt_representative(organization_identifier=False),
        policies=(certs.QCP_N,),
    )

    identity = identity_from_certificate(certificate, now=NOW)

    assert identity.kind == REPRESENTATIVE
    assert identity.company_id == "B12345674"


def test_public_employee_is_a_natural_person_not_a_representative(ca_bundle, intermediate):
    """T-CAT names the council in O and organizationIdentifier, but grants no power
    to act for it; the AOC's " - DNI ..." after the surnames is left out."""
    certificate = certs.leaf(
        intermediate, certs.aoc_public_employee(), policies=(certs.AOC_EMPLOYEE, QCP_N_QSCD)
    )

    identity = identity_from_certificate(certificate, now=NOW)

    assert identity.kind == NATURAL_PERSON
    assert (identity.company_id, identity.company_name) == ("", "")
    assert (identity.given_name, identity.surnames) == ("MARTA", "PUIG FONT")


def test_names_come_from_the_fnmt_cn_when_the_attributes_are_missing(ca_bundle, intermediate):
    subject = certs.fnmt_person(
        given="MARIA JOSE", surnames="GARCIA DE LA FUENTE", with_names=False
    )

    identity = identity_from_certificate(certs.leaf(intermediate, subject), now=NOW)

    assert (identity.given_name, identity.surnames) == ("MARIA JOSE", "GARCIA DE LA FUENTE")


def test_names_come_from_a_representatives_cn_name_first(ca_bundle, intermediate):
    subject = certs.fnmt_representative(
        given="PEDRO ANTONIO", surnames="LOPEZ DEL RIO", with_names=False
    )
    certificate = certs.leaf(
        intermediate, subject, policies=(certs.FNMT_REPRESENTANTE, certs.QCP_N)
    )

    identity = identity_from_certificate(certificate, now=NOW)

    assert (identity.given_name, identity.surnames) == ("PEDRO ANTONIO", "LOPEZ DEL RIO")


@pytest.mark.parametrize(
    ("policies", "statements"),
    [
        ((certs.FNMT_PERSONA_FISICA, certs.QCP_N), ()),
        ((certs.FNMT_PERSONA_FISICA,), (QC_COMPLIANCE,)),
        ((QCP_N_QSCD,), ()),
    ],
    ids=["policy-qcp-n", "qcstatement-only", "policy-qcp-n-qscd"],
)
def test_certificate_is_qualified_by_the_etsi_policy_or_the_qc_statement(
    ca_bundle, intermediate, policies, statements
):
    certificate = certs.leaf(
        intermediate, certs.fnmt_person(), policies=policies, qc_statements=statements
    )

    assert identity_from_certificate(certificate, now=NOW).qualified is True


def test_identity_is_checked_against_the_current_time_by_default(ca_bundle, intermediate):
    now = timezone.now()
    certificate = certs.leaf(
        intermediate,
        certs.fnmt_person(),
        not_before=now - timedelta(minutes=1),
        not_after=now + timedelta(days=1),
    )

    assert identity_from_certificate(certificate).document_number == "12345678Z"


# --- Refusals ------------------------------------------------------------------------------


def test_expired_certificate_is_refused_with_the_date_it_ended(ca_bundle, intermediate):
    certificate = certs.leaf(
        intermediate, certs.fnmt_person(), not_after=NOW - timedelta(seconds=1)
    )

    refused = refusal(certificate)

    assert refused.code == "expired"
    assert refused.message == "Your certificate has expired (it was valid until March 14, 2025)."
    assert str(refused) == refused.message


def test_certificate_expired_a_minute_ago_gets_no_clock_skew(ca_bundle, intermediate):
    certificate = certs.leaf(intermediate, certs.fnmt_person(), not_after=NOW)

    assert refusal(certificate, now=NOW + timedelta(seconds=1)).code == "expired"


def test_certificate_not_valid_yet_is_refused_with_its_start(ca_bundle, intermediate):
    certificate = certs.leaf(intermediate, certs.fnmt_person(), not_before=NOW + timedelta(days=2))

    refused = refusal(certificate)

    assert refused.code == "not-yet-valid"
    assert (
        refused.message
        == "Your certificate is not valid yet (it will be valid from March 16, 2025)."
    )


def test_certificate_from_another_ca_is_refused(ca_bundle, root):
    other_root = certs.root_ca("Other Root", key_name="root-other")
    other = certs.intermediate_ca(other_root, "Other CA", key_name="other")

    refused = refusal(certs.leaf(other, certs.fnmt_person()))

    assert refused.code == "untrusted-ca"
    assert refused.message == (
        "Your certificate was issued by Other CA, which is not a certification authority"
        " this site accepts."
    )


def test_certificate_from_an_impostor_ca_with_the_same_name_is_refused(ca_bundle):
    """Same names as AC FNMT Usuarios and its root, other keys: the signature decides."""
    impostor_root = certs.root_ca(key_name="root-impostor")
    impostor = certs.intermediate_ca(impostor_root, key_name="impostor")

    assert refusal(certs.leaf(impostor, certs.fnmt_person())).code == "untrusted-ca"


def test_self_signed_certificate_is_refused(ca_bundle):
    assert refusal(certs.self_signed_leaf(certs.fnmt_person())).code == "untrusted-ca"


def test_chain_without_its_root_in_the_bundle_is_refused(settings, tmp_path, intermediate):
    (tmp_path / "only-intermediate.pem").write_bytes(certs.pem(intermediate.certificate))
    settings.CERT_CA_BUNDLE = str(tmp_path / "only-intermediate.pem")

    assert refusal(certs.leaf(intermediate, certs.fnmt_person())).code == "untrusted-ca"


def test_certificate_under_an_expired_intermediate_is_refused(settings, tmp_path, root):
    old = certs.intermediate_ca(root, not_after=NOW - timedelta(days=1))
    (tmp_path / "bundle.pem").write_bytes(certs.pem(old.certificate, root.certificate))
    settings.CERT_CA_BUNDLE = str(tmp_path / "bundle.pem")

    assert refusal(certs.leaf(old, certs.fnmt_person())).code == "untrusted-ca"


def test_certificate_issued_by_a_non_ca_in_the_bundle_is_refused(settings, tmp_path, root):
    not_a_ca = certs.intermediate_ca(root, ca=False)
    (tmp_path / "bundle.pem").write_bytes(certs.pem(not_a_ca.certificate, root.certificate))
    settings.CERT_CA_BUNDLE = str(tmp_path / "bundle.pem")

    assert refusal(certs.leaf(not_a_ca, certs.fnmt_person())).code == "untrusted-ca"


def test_chain_longer_than_the_path_length_allows_is_refused(
    settings, tmp_path, root, intermediate
):
    """AC FNMT Usuarios may issue only end-entity certificates (pathLen 0)."""
    sub = certs.intermediate_ca(intermediate, "Sub CA", key_name="sub")
    bundle = certs.pem(sub.certificate, intermediate.certificate, root.certificate)
    (tmp_path / "bundle.pem").write_bytes(bundle)
    settings.CERT_CA_BUNDLE = str(tmp_path / "bundle.pem")

    assert refusal(certs.leaf(sub, certs.fnmt_person())).code == "untrusted-ca"


def test_certificate_in_a_crl_is_refused(settings, tmp_path, ca_bundle, intermediate):
    certificate = certs.leaf(intermediate, certs.fnmt_person(), serial=4242)
    (tmp_path / "usuarios.crl").write_bytes(certs.crl(intermediate, [1, 4242]))
    settings.CERT_CRL_PATHS = [str(tmp_path / "usuarios.crl")]

    refused = refusal(certificate)

    assert refused.code == "revoked"
    assert refused.message == (
        "Your certificate has been revoked by its issuer. You will need a new one."
    )


def test_pem_crl_is_read_too(settings, tmp_path, ca_bundle, intermediate):
    certificate = certs.leaf(intermediate, certs.fnmt_person(), serial=4242)
    pem_crl = certs.crl(intermediate, [4242], encoding=serialization.Encoding.PEM)
    (tmp_path / "usuarios.pem").write_bytes(pem_crl)
    settings.CERT_CRL_PATHS = [str(tmp_path / "usuarios.pem")]

    assert refusal(certificate).code == "revoked"


def test_revoked_intermediate_is_refused(settings, tmp_path, ca_bundle, root, intermediate):
    (tmp_path / "root.crl").write_bytes(certs.crl(root, [intermediate.certificate.serial_number]))
    settings.CERT_CRL_PATHS = [str(tmp_path / "root.crl")]

    assert refusal(certs.leaf(intermediate, certs.fnmt_person())).code == "revoked"


def test_certificate_not_in_the_crl_is_accepted(settings, tmp_path, ca_bundle, intermediate):
    certificate = certs.leaf(intermediate, certs.fnmt_person(), serial=4243)
    (tmp_path / "usuarios.crl").write_bytes(certs.crl(intermediate, [4242]))
    settings.CERT_CRL_PATHS = [str(tmp_path / "usuarios.crl")]

    assert identity_from_certificate(certificate, now=NOW).document_number == "12345678Z"


def test_crl_with_a_forged_signature_is_skipped_and_logged(
    settings, tmp_path, ca_bundle, intermediate, caplog
):
    certificate = certs.leaf(intermediate, certs.fnmt_person(), serial=4242)
    forged = certs.crl(intermediate, [4242], signer_key=certs.key("forger"))
    (tmp_path / "forged.crl").write_bytes(forged)
    (tmp_path / "broken.crl").write_bytes(b"<html>502 Bad Gateway</html>")
    settings.CERT_CRL_PATHS = [str(tmp_path / "forged.crl"), str(tmp_path / "broken.crl")]

    with caplog.at_level(logging.ERROR, logger="accounts.certificates"):
        identity = identity_from_certificate(certificate, now=NOW)

    assert identity.document_number == "12345678Z"
    assert "forged.crl does not verify" in caplog.text
    assert "broken.crl cannot be read" in caplog.text


def test_certificate_without_a_document_number_is_refused(ca_bundle, intermediate):
    refused = refusal(certs.leaf(intermediate, certs.fnmt_person(document=None)))

    assert refused.code == "no-document"
    assert refused.message == "Your certificate does not hold a Spanish DNI or NIE number."


@pytest.mark.parametrize(
    "serial_number",
    ["PASES-AB1234567", "IDCFR-12345678Z", "S0800001E", "IDCES-"],
    ids=["passport", "french-id", "entity-nif-of-a-seal", "empty-number"],
)
def test_certificate_without_a_dni_or_nie_is_refused(ca_bundle, intermediate, serial_number):
    certificate = certs.leaf(intermediate, certs.fnmt_person(document=serial_number))

    assert refusal(certificate).code == "no-document"


def test_document_with_a_wrong_letter_is_refused(ca_bundle, intermediate):
    certificate = certs.leaf(intermediate, certs.fnmt_person(document="IDCES-12345678A"))

    refused = refusal(certificate)

    assert refused.code == "bad-document"
    assert refused.message == (
        "The DNI or NIE in your certificate (12345678A) is not valid: its letter does not"
        " match its number."
    )


def test_representative_without_the_company_nif_is_refused(ca_bundle, intermediate):
    subject = certs.fnmt_representative(company="ACME", organization_identifier=True)

    refused = refusal(
        certs.leaf(intermediate, subject, policies=(certs.FNMT_REPRESENTANTE, certs.QCP_N))
    )

    assert refused.code == "no-company"


def test_certificate_that_is_not_qualified_is_refused(ca_bundle, intermediate):
    certificate = certs.leaf(
        intermediate, certs.fnmt_person(), policies=(certs.FNMT_PERSONA_FISICA,), qc_statements=()
    )

    refused = refusal(certificate)

    assert refused.code == "not-qualified"
    assert "not a qualified certificate" in refused.message


@pytest.mark.parametrize(
    "options", [{"digital_signature": False}, {"ca": True}], ids=["no-digital-signature", "a-ca"]
)
def test_certificate_not_meant_for_identification_is_refused(ca_bundle, intermediate, options):
    certificate = certs.leaf(intermediate, certs.fnmt_person(), **options)

    assert refusal(certificate).code == "wrong-usage"


def test_malformed_qc_statements_are_refused_as_malformed(ca_bundle, intermediate, monkeypatch):
    monkeypatch.setattr(certs, "qc_statements_der", lambda ids: b"\x30\x05\x30\x03\x06")
    certificate = certs.leaf(
        intermediate, certs.fnmt_person(), policies=(certs.FNMT_PERSONA_FISICA,)
    )

    assert refusal(certificate).code == "malformed"


def test_missing_ca_bundle_is_a_configuration_error(settings, intermediate):
    settings.CERT_CA_BUNDLE = ""

    with pytest.raises(ImproperlyConfigured, match="CERT_CA_BUNDLE"):
        identity_from_certificate(certs.leaf(intermediate, certs.fnmt_person()), now=NOW)


def test_refusal_takes_a_message_from_the_caller():
    assert str(CertificateRefused("missing", "Insert your card.")) == "Insert your card."
    assert "did not present a certificate" in CertificateRefused("missing").message


# --- The header from the TLS proxy ---------------------------------------------------------


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = 1
    settings.CERT_HEADER = "X-SSL-Client-Cert"


def request_with(value=None, header="HTTP_X_SSL_CLIENT_CERT"):
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    if value is not None:
        meta[header] = value
    return RequestFactory().get("/ca/compte/entrar/certificat/", **meta)


def test_certificate_forwarded_by_a_trusted_proxy_is_read(behind_proxy, ca_bundle, intermediate):
    certificate = certs.leaf(intermediate, certs.fnmt_person())

    found = certificate_from_request(request_with(certs.escaped(certificate)))

    assert found == certificate
    assert identity_from_certificate(found, now=NOW).document_number == "12345678Z"


def test_header_name_comes_from_the_settings(behind_proxy, settings, intermediate):
    settings.CERT_HEADER = "X-Client-Certificate"
    certificate = certs.leaf(intermediate, certs.fnmt_person())

    request = request_with(certs.escaped(certificate), header="HTTP_X_CLIENT_CERTIFICATE")

    assert certificate_from_request(request) == certificate
    assert certificate_from_request(request_with(certs.escaped(certificate))) is None


@pytest.mark.parametrize("value", [None, "", "(null)"], ids=["absent", "empty", "apache-null"])
def test_no_certificate_gives_none(behind_proxy, value):
    assert certificate_from_request(request_with(value)) is None


def test_header_without_a_trusted_proxy_is_refused_and_logged(settings, intermediate, caplog):
    settings.TRUSTED_PROXIES = 0
    forged = certs.escaped(certs.leaf(intermediate, certs.fnmt_person()))

    with (
        caplog.at_level(logging.WARNING, logger="accounts.certificates"),
        pytest.raises(CertificateRefused) as excinfo,
    ):
        certificate_from_request(request_with(forged))

    assert excinfo.value.code == "untrusted-proxy"
    assert excinfo.value.message == (
        "Identification with a certificate is not available on this server."
    )
    assert "TRUSTED_PROXIES is 0" in caplog.text
    assert "10.0.0.2" in caplog.text


def test_unescaped_pem_with_spaces_for_newlines_is_read(behind_proxy, intermediate):
    certificate = certs.leaf(intermediate, certs.fnmt_person())
    flattened = certs.pem(certificate).decode().replace("\n", " ")

    assert certificate_from_request(request_with(flattened)) == certificate


@pytest.mark.parametrize(
    "make_value",
    [
        lambda pem: "garbage",
        lambda pem: pem[: len(pem) // 2],
        lambda pem: (
            "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----"
        ),
        lambda pem: "x" * 40_000,
    ],
    ids=["garbage", "truncated-pem", "base64-not-a-certificate", "oversized"],
)
def test_malformed_header_is_refused(behind_proxy, intermediate, make_value):
    pem = certs.escaped(certs.leaf(intermediate, certs.fnmt_person()))

    with pytest.raises(CertificateRefused) as excinfo:
        certificate_from_request(request_with(make_value(pem)))

    assert excinfo.value.code == "malformed"
    assert excinfo.value.message == "The certificate your browser sent cannot be read."
