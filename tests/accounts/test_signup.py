import base64
import re
import time
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.test import Client
from django.urls import reverse

from accounts.emails import MAILS_PER_ADDRESS
from accounts.models import User
from accounts.services import user_close, user_signup
from accounts.tokens import SALT, email_fingerprint, verification_token_make
from tests.accounts.conftest import link_in
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signup_page_offers_every_field_with_labels_and_autocomplete(client):
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "email",
        "full_name",
        "id_document_type",
        "id_document_number",
        "preferred_language",
        "password1",
        "password2",
        "accept_privacy",
    ):
        assert f'for="id_{name}"' in html, name
    assert 'autocomplete="email"' in html
    assert 'autocomplete="name"' in html
    assert html.count('autocomplete="new-password"') == 2
    assert reverse("corporativa:privacy") in html
    assert html.count("<h1") == 1


def test_signup_language_defaults_to_the_language_of_the_page(client):
    response = client.get("/es/compte/alta/")
    assert response.context["form"]["preferred_language"].value() == "es"


def test_signup_redirects_a_logged_in_person_to_the_carpeta(client_logged_in):
    response = client_logged_in.get(reverse("accounts:signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:carpeta")


def test_signup_creates_unverified_account_and_sends_mail_in_chosen_language(
    client, signup_data, mailoutbox
):
    response = client.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup-done")

    user = User.objects.get()
    assert user.email == "nuria.vila@example.cat"
    assert user.full_name == "Núria Vila i Roca"
    assert user.id_document_number == "87654321X"
    assert user.preferred_language == "es"
    assert user.email_verified_at is None
    assert user.check_password(signup_data["password1"])

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["nuria.vila@example.cat"]
    assert "\n" not in mail.subject
    # The link opens the page in the language the person chose, not the page's.
    assert link_in(mail).startswith("/es/compte/verificar/")
    assert "Núria Vila i Roca" in mail.body

    done = client.get(response["Location"])
    assert "nuria.vila@example.cat" in done.content.decode()


def signup_answer(data) -> tuple:
    """What a visitor sees when signing up: the answer to the POST, and the page it leads to."""
    client = Client()
    response = client.post(reverse("accounts:signup"), data)
    final = client.get(response["Location"]) if response.status_code == 302 else response
    return response, final


def page_text(response) -> str:
    html = response.content.decode()
    # The official clock in the header moves between two requests.
    return re.sub(r'<p class="official-time">.*?</p>', "", html, flags=re.S)


def test_signup_answers_the_same_for_a_new_and_a_taken_address(signup_data, mailoutbox):
    """Sign-up must not tell anyone whether an address has an account."""
    new, new_page = signup_answer(signup_data)  # the address is new: an account is opened
    taken, taken_page = signup_answer(signup_data)  # now it has one: nothing is opened

    assert User.objects.count() == 1
    assert new.status_code == taken.status_code == 302
    assert new["Location"] == taken["Location"] == reverse("accounts:signup-done")
    assert new_page.status_code == taken_page.status_code == 200
    assert page_text(new_page) == page_text(taken_page)
    assert list(get_messages(new_page.wsgi_request)) == []
    assert list(get_messages(taken_page.wsgi_request)) == []
    assert "nuria.vila@example.cat" in page_text(taken_page)


def test_a_taken_address_in_another_spelling_answers_as_a_new_one(citizen, signup_data):
    _new, new_page = signup_answer(signup_data)
    signup_data["email"] = citizen.email.upper()
    taken, taken_page = signup_answer(signup_data)

    assert taken.status_code == 302
    assert page_text(taken_page) == page_text(new_page).replace(
        "nuria.vila@example.cat", citizen.email
    )
    assert User.objects.filter(email=citizen.email).count() == 1
    # Nothing about the existing account (its name, whether it is verified) leaks.
    assert citizen.full_name not in taken_page.content.decode()


def test_the_owner_of_a_taken_address_is_told_by_mail(citizen, signup_data, mailoutbox):
    citizen.preferred_language = "es"
    citizen.save()
    signup_data.update(email=citizen.email.upper(), full_name="Intrús Desconegut")
    password_before = User.objects.get(pk=citizen.pk).password

    signup_answer(signup_data)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [citizen.email]
    assert "\n" not in mail.subject
    # In the owner's language, with the ways in and no confirmation link.
    assert "/es/compte/entrar/" in mail.body
    assert "/es/compte/contrasenya/oblidada/" in mail.body
    assert "/verificar/" not in mail.body
    # Nothing the other person typed is repeated to the owner.
    assert "Intrús" not in mail.body
    citizen.refresh_from_db()
    assert citizen.full_name == "Marta Puig i Soler"
    assert citizen.password == password_before


def test_the_mail_about_a_taken_address_says_what_happened(citizen, signup_data, mailoutbox):
    signup_data["email"] = citizen.email
    signup_answer(signup_data)
    [mail] = mailoutbox
    assert mail.subject == "Someone tried to open an account with your email address"
    assert "Hello Marta Puig i Soler," in mail.body
    assert "no other account was opened" in mail.body
    assert "If it was you, you do not need a new account: log in here." in mail.body


def test_the_mails_about_a_taken_address_are_capped(citizen, signup_data, mailoutbox):
    signup_data["email"] = citizen.email
    answers = [signup_answer(signup_data) for _attempt in range(MAILS_PER_ADDRESS + 3)]
    assert len(mailoutbox) == MAILS_PER_ADDRESS
    # Past the cap the page answers as before.
    assert {page_text(page) for _response, page in answers} == {page_text(answers[0][1])}


def test_an_account_that_cannot_log_in_is_not_mailed(signup_data, mailoutbox):
    UserFactory(email="nuria.vila@example.cat", is_active=False)
    response, _page = signup_answer(signup_data)
    assert response.status_code == 302
    assert mailoutbox == []
    assert User.objects.count() == 1


def test_a_signup_racing_another_for_the_same_address_answers_as_taken(signup_data, password):
    existing = UserFactory(email="nuria.vila@example.cat")
    with mock.patch("accounts.services.User.objects.filter") as filter_:
        # The look-up runs before the other sign-up commits, the retry after.
        filter_.return_value.first.side_effect = [None, existing]
        user, created = user_signup(
            email="nuria.vila@example.cat",
            full_name="Núria Vila i Roca",
            id_document_type="dni",
            id_document_number="87654321X",
            preferred_language="es",
            password=password,
        )
    assert (user, created) == (existing, False)
    assert User.objects.count() == 1


def test_signup_shows_document_error_next_to_the_number(client, signup_data):
    signup_data["id_document_number"] = "87654321A"
    response = client.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 200
    assert not User.objects.exists()
    html = response.content.decode()
    assert "The letter of this DNI does not match its number" in html
    assert 'id="id_id_document_number_error"' in html
    assert 'href="#id_id_document_number"' in html
    assert 'aria-invalid="true"' in html


def test_signup_checks_nie_when_the_type_is_nie(client, signup_data):
    signup_data.update(id_document_type="nie", id_document_number="y1234567x")
    response = client.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 302
    assert User.objects.get().id_document_number == "Y1234567X"


def test_signup_requires_accepting_the_privacy_notice(client, signup_data):
    del signup_data["accept_privacy"]
    response = client.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 200
    assert not User.objects.exists()
    assert "accept_privacy" in response.context["form"].errors


def test_signup_applies_django_password_validators(client, signup_data):
    signup_data["password1"] = signup_data["password2"] = "12345"
    response = client.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 200
    assert not User.objects.exists()
    assert "password2" in response.context["form"].errors


def test_signup_refuses_passwords_that_do_not_match(client, signup_data):
    signup_data["password2"] = signup_data["password1"] + "x"
    response = client.post(reverse("accounts:signup"), signup_data)
    assert not User.objects.exists()
    assert "password2" in response.context["form"].errors


def test_whole_flow_signup_mail_verify_then_login(client, signup_data, mailoutbox):
    client.post(reverse("accounts:signup"), signup_data)
    login = {"email": signup_data["email"], "password": signup_data["password1"]}

    refused = client.post(reverse("accounts:login"), login)
    assert refused.status_code == 200
    assert "You have not confirmed your email address yet" in refused.content.decode()

    link = link_in(mailoutbox[0])
    assert client.get(link).templates[0].name == "accounts/verify_confirm.html"
    verified = client.post(link)
    assert verified.status_code == 200
    assert verified.templates[0].name == "accounts/verify_done.html"
    assert reverse("accounts:login") in verified.content.decode()
    # Verifying does not log the person in.
    assert "_auth_user_id" not in client.session
    assert User.objects.get().email_verified_at is not None

    response = client.post(reverse("accounts:login"), login)
    assert response.status_code == 302
    assert response["Location"] == "/es/compte/carpeta/"
    assert client.get(response["Location"]).status_code == 200


def test_opening_the_link_shows_a_button_and_changes_nothing(client):
    """Mail scanners open every link: only the button's POST verifies."""
    user = UserFactory(unverified=True)
    url = reverse("accounts:verify-email", args=[verification_token_make(user)])
    for method in (client.get, client.head):
        response = method(url)
        assert response.status_code == 200
    assert response.templates[0].name == "accounts/verify_confirm.html"
    html = client.get(url).content.decode()
    assert '<form method="post"' in html
    assert "Confirm my email address" in html
    user.refresh_from_db()
    assert user.email_verified_at is None

    response = client.post(url)
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/verify_done.html"
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_the_confirm_button_needs_the_pages_csrf_token():
    user = UserFactory(unverified=True)
    url = reverse("accounts:verify-email", args=[verification_token_make(user)])
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_opening_the_link_again_says_it_was_used(client):
    user = UserFactory(unverified=True)
    url = reverse("accounts:verify-email", args=[verification_token_make(user)])
    client.post(url)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["reason"] == "used"
    assert "already been used" in response.content.decode()


def test_expired_link_is_refused_and_offers_a_resend_form(client, settings):
    user = UserFactory(unverified=True)
    url = reverse("accounts:verify-email", args=[verification_token_make(user)])
    later = time.time() + settings.EMAIL_VERIFICATION_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(url)
        assert client.post(url).status_code == 400
    assert response.status_code == 400
    assert response.context["reason"] == "expired"
    html = response.content.decode()
    assert "This link has expired" in html
    assert f'action="{reverse("accounts:verify-resend")}"' in html
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_link_just_inside_its_lifetime_still_works(client, settings):
    user = UserFactory(unverified=True)
    url = reverse("accounts:verify-email", args=[verification_token_make(user)])
    later = time.time() + settings.EMAIL_VERIFICATION_MAX_AGE - 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(url)
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is not None


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda user: verification_token_make(user)[:-2] + "xx", id="bad-signature"),
        pytest.param(lambda user: "not-a-token", id="garbage"),
        pytest.param(
            lambda user: signing.TimestampSigner(salt="other").sign_object(
                {"u": user.pk, "e": email_fingerprint(user.email)}
            ),
            id="other-salt",
        ),
        pytest.param(
            lambda user: signing.TimestampSigner(salt=SALT).sign_object({"u": user.pk}),
            id="missing-email",
        ),
        pytest.param(
            lambda user: signing.TimestampSigner(salt=SALT).sign_object(
                {"u": user.pk + 1000, "e": email_fingerprint(user.email)}
            ),
            id="unknown-user",
        ),
    ],
)
def test_forged_link_is_refused(client, make_token):
    user = UserFactory(unverified=True)
    url = reverse("accounts:verify-email", args=[make_token(user)])
    response = client.get(url)
    assert response.status_code == 400
    assert response.context["reason"] == "invalid"
    assert "This link does not work" in response.content.decode()
    assert client.post(url).status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_link_does_not_carry_the_address_in_clear():
    user = UserFactory(unverified=True, email="private.person@example.cat")
    token = verification_token_make(user)
    decoded = base64.urlsafe_b64decode(token.split(":")[0] + "==")
    assert b"private.person" not in decoded


def test_link_stops_working_when_the_email_changes(client):
    user = UserFactory(unverified=True)
    token = verification_token_make(user)
    user.email = "new.address@example.cat"
    user.save()
    response = client.get(reverse("accounts:verify-email", args=[token]))
    assert response.context["reason"] == "invalid"


def test_link_of_a_closed_account_does_not_work(client, citizen):
    user = UserFactory(unverified=True)
    token = verification_token_make(user)
    user_close(user=user)
    response = client.get(reverse("accounts:verify-email", args=[token]))
    assert response.context["reason"] == "invalid"


def test_resend_sends_a_new_link_to_an_unverified_account(client, mailoutbox):
    user = UserFactory(unverified=True, email="pending@example.cat", preferred_language="es")
    response = client.post(reverse("accounts:verify-resend"), {"email": "PENDING@example.cat"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify-resend-done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert client.post(link_in(mailoutbox[0])).status_code == 200
    user.refresh_from_db()
    assert user.email_verified


@pytest.mark.parametrize("who", ["unknown", "verified", "closed"])
def test_resend_answers_the_same_without_mail_when_nothing_is_pending(
    client, citizen, mailoutbox, who
):
    email = {
        "unknown": "nobody@example.cat",
        "verified": citizen.email,
        "closed": UserFactory(closed=True, email_verified_at=None).email,
    }[who]
    response = client.post(reverse("accounts:verify-resend"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify-resend-done")
    assert mailoutbox == []


def test_resend_page_explains_without_saying_whether_the_address_exists(client):
    response = client.get(reverse("accounts:verify-resend-done"))
    assert "If an account with that address is waiting for confirmation" in (
        response.content.decode()
    )


def test_resend_refuses_a_malformed_address_with_an_error_summary(client):
    response = client.post(reverse("accounts:verify-resend"), {"email": "not-an-email"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary" role="alert" tabindex="-1"' in html
    assert 'href="#id_email"' in html


def test_resend_caps_mails_to_one_address(client, mailoutbox):
    UserFactory(unverified=True, email="pending@example.cat")
    for _attempt in range(MAILS_PER_ADDRESS + 3):
        response = client.post(reverse("accounts:verify-resend"), {"email": "pending@example.cat"})
        assert response.status_code == 302
    assert len(mailoutbox) == MAILS_PER_ADDRESS
