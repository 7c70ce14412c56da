import pytest
from django.urls import reverse

from accounts import ratelimit
from accounts.backends import LoginLimits
from tests.accounts.conftest import link_in
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-Passphrase-2026"


def test_password_change_needs_login(client):
    response = client.get(reverse("accounts:password-change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change_page_uses_password_autocomplete(client_logged_in):
    html = client_logged_in.get(reverse("accounts:password-change")).content.decode()
    assert 'autocomplete="current-password"' in html
    assert html.count('autocomplete="new-password"') == 2


def test_password_change_with_the_old_password(client_logged_in, citizen):
    response = client_logged_in.post(
        reverse("accounts:password-change"),
        {
            "old_password": "correct-horse-battery-staple",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:carpeta")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    # The session survives the change.
    assert client_logged_in.get(reverse("accounts:carpeta")).status_code == 200


def test_password_change_refuses_a_wrong_old_password(client_logged_in, citizen):
    response = client_logged_in.post(
        reverse("accounts:password-change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'href="#id_old_password"' in response.content.decode()
    citizen.refresh_from_db()
    assert not citizen.check_password(NEW_PASSWORD)


def _reset(client, mailoutbox, email, password=NEW_PASSWORD):
    response = client.post(reverse("accounts:password-reset"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    confirm = client.get(link_in(mailoutbox[-1]))
    assert confirm.status_code == 302  # Django hides the token behind a redirect.
    form_url = confirm["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_password_reset_sends_a_link_that_sets_a_new_password(client, citizen, mailoutbox):
    response = _reset(client, mailoutbox, citizen.email.upper())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-complete")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [citizen.email]
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    # No automatic log-in: the person logs in with the new password.
    assert "_auth_user_id" not in client.session
    login = client.post(
        reverse("accounts:login"), {"email": citizen.email, "password": NEW_PASSWORD}
    )
    assert login.status_code == 302


def test_password_reset_mail_is_in_the_persons_language(client, mailoutbox):
    user = UserFactory(preferred_language="es")
    client.post(reverse("accounts:password-reset"), {"email": user.email})
    assert link_in(mailoutbox[0]).startswith("/es/compte/contrasenya/nova/")


@pytest.mark.parametrize("who", ["unknown", "closed"])
def test_password_reset_answers_the_same_for_addresses_without_account(client, mailoutbox, who):
    email = "nobody@example.cat" if who == "unknown" else UserFactory(closed=True).email
    response = client.post(reverse("accounts:password-reset"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mailoutbox == []


def test_password_reset_verifies_an_unverified_address(client, mailoutbox):
    user = UserFactory(unverified=True)
    _reset(client, mailoutbox, user.email)
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_password_reset_lifts_the_login_lock_it_suggests(client, citizen, mailoutbox, settings):
    settings.LOGIN_MAX_FAILURES = 2
    for _attempt in range(2):
        client.post(reverse("accounts:login"), {"email": citizen.email, "password": "wrong"})
    limits = LoginLimits.of(citizen.email, type("R", (), {"META": {"REMOTE_ADDR": "127.0.0.1"}})())
    assert ratelimit.locked_for(limits.pair)
    _reset(client, mailoutbox, citizen.email)
    assert limits.wait() == ("", 0)


def test_password_reset_link_works_only_once(client, citizen, mailoutbox):
    _reset(client, mailoutbox, citizen.email)
    response = client.get(link_in(mailoutbox[0]), follow=True)
    assert response.context["validlink"] is False
    assert "This password link does not work" in response.content.decode()


def test_password_reset_with_a_forged_token_shows_the_invalid_link_page(client, citizen):
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": "MQ", "token": "abc-def"})
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_password_reset_new_password_goes_through_validators(client, citizen, mailoutbox):
    response = _reset(client, mailoutbox, citizen.email, password="123")
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
