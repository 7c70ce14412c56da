"""Identification through a real OpenID provider, run as its own process."""

import time

import pytest
from django.urls import reverse

from accounts.identities import SESSION_KEY
from accounts.models import Assurance, DocumentType, Identity, IdentityMethod, User
from tests.accounts import oidc_provider as op
from tests.conftest import DEMO_PASSWORD


def start(client, next_url=""):
    url = reverse("accounts:oidc-start") + (f"?next={next_url}" if next_url else "")
    answer = client.get(url)
    assert answer.status_code == 302, answer.content[:300]
    return answer["Location"]


def identify(client, sub, next_url=""):
    """The whole round trip as a browser makes it: the answer of the seu's callback."""
    back = op.authorize(start(client, next_url), sub)
    return client.get(op.callback_path(back))


@pytest.mark.django_db
def test_the_first_identification_opens_an_account_with_the_verified_document(client, valid):
    location = start(client)
    asked = op.query_of(location)
    # Authorization code flow with PKCE, state and nonce.
    assert location.startswith(f"{valid.issuer}/oauth2/authorize?")
    assert asked["response_type"] == "code"
    assert asked["code_challenge_method"] == "S256"
    assert asked["state"] and asked["nonce"] and asked["code_challenge"]
    assert asked["redirect_uri"] == "http://testserver/oidc/retorn/"

    answer = client.get(op.callback_path(op.authorize(location, op.MARTA_MOBILE["sub"])))

    assert answer.status_code == 302
    assert answer["Location"] == "/en/compte/carpeta/"
    user = User.objects.get(email="marta.valid@example.cat")
    assert user.full_name == "Marta Puig i Soler"
    assert user.id_document_number == "12345678Z"
    assert user.id_document_verified_at is not None
    assert not user.has_usable_password()
    identity = user.identities.get()
    assert (identity.method, identity.provider, identity.subject) == (
        IdentityMethod.OPENID,
        valid.issuer,
        "valid-marta-mobil",
    )
    assert (identity.means, identity.assurance) == ("idcatMobil", Assurance.SUBSTANTIAL)
    record = client.session[SESSION_KEY]
    assert record["assurance"] == Assurance.SUBSTANTIAL
    assert len(record["fingerprint"]) == 64
    assert client.get(reverse("accounts:carpeta")).status_code == 200


@pytest.mark.django_db
def test_the_same_person_by_another_means_reaches_the_same_account(client, valid):
    identify(client, op.MARTA_MOBILE["sub"])
    client.logout()

    answer = identify(client, op.MARTA_CERTIFICATE["sub"], next_url="/en/tramits/")

    assert answer["Location"] == "/en/tramits/"
    user = User.objects.get()
    assert sorted(user.identities.values_list("subject", "assurance")) == [
        ("valid-marta-certificat", Assurance.HIGH),
        ("valid-marta-mobil", Assurance.SUBSTANTIAL),
    ]
    assert client.session[SESSION_KEY]["assurance"] == Assurance.HIGH


@pytest.mark.django_db
def test_a_password_account_is_joined_only_by_its_holder_with_the_same_document(
    client, valid, citizen
):
    # Logged out, the same document on a password account is not enough: an
    # account is never reached by an address or a typed number.
    answer = identify(client, op.MARTA_MOBILE["sub"])
    assert answer.status_code == 302
    assert User.objects.count() == 2
    client.logout()
    User.objects.exclude(pk=citizen.pk).delete()

    client.login(email=citizen.email, password=DEMO_PASSWORD)
    answer = identify(client, op.MARTA_MOBILE["sub"])

    assert answer.status_code == 302
    citizen.refresh_from_db()
    assert citizen.id_document_verified_at is not None
    assert citizen.identities.get().subject == "valid-marta-mobil"
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_a_different_document_is_refused_and_changes_nothing(client, valid, citizen):
    citizen.id_document_number = "87654321X"
    citizen.save()
    client.login(email=citizen.email, password=DEMO_PASSWORD)

    answer = identify(client, op.MARTA_MOBILE["sub"])

    assert answer.status_code == 400
    assert "is not the one on your account" in answer.content.decode()
    citizen.refresh_from_db()
    assert citizen.id_document_verified_at is None
    assert not Identity.objects.exists()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_without_an_email_from_the_provider_the_person_gives_one(client, valid, mailoutbox):
    answer = identify(client, op.NO_EMAIL["sub"])
    assert answer["Location"] == reverse("accounts:identify-email")
    page = client.get(answer["Location"]).content.decode()
    assert "You have identified as Jordi Vila (X1234567L)" in page
    assert not User.objects.exists()

    answer = client.post(reverse("accounts:identify-email"), {"email": "jordi@example.cat"})

    assert answer.status_code == 302
    user = User.objects.get()
    assert (user.email, user.id_document_type, user.email_verified_at) == (
        "jordi@example.cat",
        DocumentType.NIE,
        None,
    )
    assert user.identities.get().assurance == Assurance.SUBSTANTIAL  # Cl@ve, by its means
    # The address typed in is confirmed by the usual link.
    [confirmation] = mailoutbox
    assert confirmation.to == ["jordi@example.cat"]
    assert "/compte/verificar/" in confirmation.body


@pytest.mark.django_db
def test_a_provider_that_gives_no_document_number_is_refused(client, valid):
    answer = identify(client, op.NO_DOCUMENT["sub"])

    assert answer.status_code == 400
    assert "did not say your document number" in answer.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_identification_says_so_and_changes_nothing(client, valid):
    back = op.authorize(start(client), op.MARTA_MOBILE["sub"], action="deny")
    assert op.query_of(back)["error"] == "access_denied"

    answer = client.get(op.callback_path(back))

    assert answer.status_code == 400
    assert "did not confirm who you are" in answer.content.decode()
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_callback_played_again_or_for_another_browser_is_refused(
    client, valid, django_user_model
):
    back = op.authorize(start(client), op.MARTA_MOBILE["sub"])
    assert client.get(op.callback_path(back)).status_code == 302
    client.logout()

    # Logged out, the session (and its language) is gone: the browser's language.
    again = client.get(op.callback_path(back), HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert "was used already" in again.content.decode()

    # A state this browser never asked for.
    stranger = client.get("/oidc/retorn/?code=abc&state=forged")
    assert stranger.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_tampered_code_is_refused(client, valid):
    back = op.authorize(start(client), op.MARTA_MOBILE["sub"])
    query = op.query_of(back)

    answer = client.get(f"/oidc/retorn/?code={query['code']}x&state={query['state']}")

    assert answer.status_code == 400
    assert "could not be verified" in answer.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_provider_that_is_down_gets_a_clear_page(client, settings):
    settings.OIDC_ISSUER = f"http://127.0.0.1:{op.free_port()}"
    settings.OIDC_CLIENT_ID = "seu-mollet"

    answer = client.get(reverse("accounts:oidc-start"))

    assert answer.status_code == 503
    assert "VÀLid is not answering" in answer.content.decode()


@pytest.mark.django_db
def test_the_log_in_page_offers_the_provider_only_when_configured(client, valid, settings):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Identify with VÀLid" in page
    settings.OIDC_ISSUER = ""
    assert "Identify with" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:oidc-start")).status_code == 404


@pytest.mark.django_db
def test_logging_out_ends_the_session_at_the_provider_too(client, valid):
    identify(client, op.MARTA_MOBILE["sub"])

    answer = client.post(reverse("accounts:logout"))

    assert answer.status_code == 302
    assert answer["Location"].startswith(f"{valid.issuer}/oauth2/end_session?")
    asked = op.query_of(answer["Location"])
    assert asked["id_token_hint"]
    assert asked["post_logout_redirect_uri"] == "http://testserver/en/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_verified_document_number_cannot_be_edited_afterwards(client, valid):
    identify(client, op.MARTA_MOBILE["sub"])

    answer = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Marta Puig",
            "id_document_type": DocumentType.DNI,
            "id_document_number": "87654321X",
            "preferred_language": "en",
        },
    )

    assert answer.status_code in (200, 302)
    user = User.objects.get()
    assert user.id_document_number == "12345678Z"
    assert user.full_name == "Marta Puig"
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Verified by an accredited identification system" in page


class _Later:
    """The seu's clock two hours on: every token the provider signs now has expired."""

    @staticmethod
    def time():
        return time.time() + 7200


@pytest.mark.django_db
def test_an_expired_id_token_is_refused(client, valid, settings, monkeypatch):
    settings.OIDC_CLOCK_SKEW = 0
    back = op.authorize(start(client), op.MARTA_MOBILE["sub"])
    monkeypatch.setattr("joserfc._rfc7519.claims.time", _Later)

    answer = client.get(op.callback_path(back))

    assert answer.status_code == 400
    assert "could not be verified" in answer.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_identity_of_another_account_is_refused_to_whoever_is_logged_in(
    client, valid, citizen, other_citizen
):
    # Marta's VÀLid identity belongs to her account...
    client.login(email=citizen.email, password=DEMO_PASSWORD)
    identify(client, op.MARTA_MOBILE["sub"])
    client.logout()

    # ...and cannot be added to someone else's, nor let them into hers.
    client.login(email=other_citizen.email, password=DEMO_PASSWORD)
    answer = identify(client, op.MARTA_MOBILE["sub"])

    assert answer.status_code == 400
    assert "belongs to another account" in answer.content.decode()
    assert client.session["_auth_user_id"] == str(other_citizen.pk)
    assert Identity.objects.get().user == citizen


@pytest.mark.django_db
def test_staff_see_a_person_s_verified_identities_in_the_back_office(client, admin_client, valid):
    identify(client, op.MARTA_MOBILE["sub"])
    user = User.objects.get(email="marta.valid@example.cat")

    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    content = page.content.decode()
    assert page.status_code == 200
    assert "idcatMobil" in content
    assert "12345678Z" in content
    assert valid.issuer in content
