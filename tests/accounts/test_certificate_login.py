"""Logging in with a qualified certificate forwarded by the TLS proxy."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.identities import SESSION_KEY
from accounts.models import Assurance, Identity, IdentityMethod, User
from tests.accounts import certs

pytestmark = pytest.mark.django_db


@pytest.fixture
def intermediate(settings, tmp_path):
    root = certs.root_ca()
    intermediate = certs.intermediate_ca(root)
    bundle = tmp_path / "ca-bundle.pem"
    bundle.write_bytes(certs.pem(intermediate.certificate, root.certificate))
    settings.CERT_CA_BUNDLE = str(bundle)
    settings.CERT_CRL_PATHS = []
    settings.TRUSTED_PROXIES = 1
    return intermediate


def valid_now(intermediate, subject):
    now = timezone.now()
    return certs.leaf(
        intermediate,
        subject,
        not_before=now - timedelta(days=30),
        not_after=now + timedelta(days=300),
    )


def present(client, certificate):
    return client.get(
        reverse("accounts:certificate-login"),
        HTTP_X_SSL_CLIENT_CERT=certs.escaped(certificate),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )


def test_a_certificate_opens_an_account_with_high_assurance_after_asking_the_email(
    client, intermediate
):
    certificate = valid_now(intermediate, certs.fnmt_person())

    answer = present(client, certificate)

    # A certificate carries no e-mail address: the person gives one.
    assert answer["Location"] == reverse("accounts:identify-email")
    answer = client.post(answer["Location"], {"email": "juan@example.es"})
    assert answer.status_code == 302
    user = User.objects.get()
    assert (user.id_document_number, user.full_name) == ("12345678Z", "JUAN ESPAÑOL ESPAÑOL")
    identity = user.identities.get()
    assert (identity.method, identity.assurance) == (IdentityMethod.CERTIFICATE, Assurance.HIGH)
    assert client.session[SESSION_KEY]["assurance"] == Assurance.HIGH

    # The next time, straight in.
    client.logout()
    answer = present(client, certificate)
    assert answer["Location"] == "/en/compte/carpeta/"
    assert Identity.objects.count() == 1


def test_a_representative_is_identified_with_the_company(client, intermediate):
    certificate = valid_now(intermediate, certs.fnmt_representative())
    present(client, certificate)
    client.post(reverse("accounts:identify-email"), {"email": "gerencia@empresa.example"})

    identity = Identity.objects.get()
    assert identity.company_id
    assert identity.company_name


def test_an_expired_certificate_is_refused_and_changes_nothing(client, intermediate):
    now = timezone.now()
    expired = certs.leaf(
        intermediate,
        certs.fnmt_person(),
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=1),
    )

    answer = present(client, expired)

    assert answer.status_code == 400
    assert "Your certificate cannot be used" in answer.content.decode()
    assert "expired" in answer.content.decode()
    assert not User.objects.exists()


def test_a_header_that_did_not_come_through_the_proxy_is_refused(client, intermediate, settings):
    settings.TRUSTED_PROXIES = 0

    answer = present(client, valid_now(intermediate, certs.fnmt_person()))

    assert answer.status_code == 400
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_no_certificate_says_how_to_present_one(client, intermediate):
    answer = client.get(reverse("accounts:certificate-login"))

    assert answer.status_code == 400
    assert "did not present a certificate" in answer.content.decode()


def test_certificate_login_exists_only_when_configured(client, settings):
    settings.CERT_CA_BUNDLE = ""
    assert client.get(reverse("accounts:certificate-login")).status_code == 404
