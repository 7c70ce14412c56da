import time
from unittest import mock

import pytest
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from accounts.services import user_close
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse_lazy("accounts:login")


def _login(client, email, password, ip="192.0.2.10", **data):
    return client.post(LOGIN, {"email": email, "password": password, **data}, REMOTE_ADDR=ip)


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_login_page_has_labelled_fields_with_autocomplete(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_email"' in html and 'for="id_password"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password-reset") in html
    assert reverse("accounts:signup") in html


def test_login_page_sends_a_logged_in_person_to_the_carpeta(client_logged_in):
    response = client_logged_in.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:carpeta")


def test_login_with_right_password_goes_to_carpeta_in_preferred_language(client, password):
    user = UserFactory(email="ana@example.cat", preferred_language="es", password=password)
    response = _login(client, "ANA@example.cat", password)
    assert response.status_code == 302
    assert response["Location"] == "/es/compte/carpeta/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_a_safe_next_in_preferred_language(client, citizen, password):
    response = _login(client, citizen.email, password, next="/en/tramits/")
    assert response["Location"] == "/en/tramits/"
    citizen.preferred_language = "es"
    citizen.save()
    client.logout()
    response = _login(client, citizen.email, password, next="/en/tramits/")
    assert response["Location"] == "/es/tramits/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_login_ignores_an_unsafe_next(client, citizen, password, next_url):
    response = _login(client, citizen.email, password, next=next_url)
    assert response["Location"] == "/en/compte/carpeta/"


def test_login_keeps_next_through_a_failed_attempt(client, citizen):
    response = client.get(LOGIN + "?next=/en/tramits/")
    assert 'name="next" value="/en/tramits/"' in response.content.decode()
    response = _login(client, citizen.email, "wrong-password", next="/en/tramits/")
    assert 'name="next" value="/en/tramits/"' in response.content.decode()


def test_wrong_password_gives_a_generic_message(client, citizen):
    response = _login(client, citizen.email, "wrong-password")
    assert response.status_code == 200
    assert not _logged_in(client)
    html = response.content.decode()
    assert "The email address or the password is not correct" in html
    assert 'class="error-summary"' in html


def test_unknown_address_gets_the_same_message_as_a_wrong_password(client, citizen):
    unknown = _login(client, "nobody@example.cat", "whatever-password")
    wrong = _login(client, citizen.email, "whatever-password", ip="192.0.2.99")
    assert unknown.context["refusal"] == wrong.context["refusal"] == "invalid"


def test_unverified_account_is_refused_with_a_way_to_get_a_new_link(client, password):
    UserFactory(unverified=True, email="pending@example.cat", password=password)
    response = _login(client, "pending@example.cat", password)
    assert response.status_code == 200
    assert not _logged_in(client)
    html = response.content.decode()
    assert "You have not confirmed your email address yet" in html
    assert f'action="{reverse("accounts:verify-resend")}"' in html
    assert 'name="email" value="pending@example.cat"' in html


def test_unverified_status_is_not_revealed_without_the_right_password(client):
    UserFactory(unverified=True, email="pending@example.cat")
    response = _login(client, "pending@example.cat", "wrong-password")
    assert response.context["refusal"] == "invalid"


def test_closed_account_cannot_log_in(client, citizen, password):
    email = citizen.email
    user_close(user=citizen)
    response = _login(client, email, password)
    assert response.context["refusal"] == "invalid"
    assert not _logged_in(client)


def test_deactivated_account_is_told_it_is_closed_once_the_password_is_right(
    client, citizen, password
):
    citizen.is_active = False
    citizen.save()
    assert _login(client, citizen.email, "wrong-password").context["refusal"] == "invalid"
    response = _login(client, citizen.email, password)
    assert response.context["refusal"] == "closed"
    assert "This account is closed" in response.content.decode()
    assert not _logged_in(client)


def test_account_with_closed_at_but_still_active_cannot_log_in(client, citizen, password):
    citizen.closed_at = timezone.now()
    citizen.save()
    response = _login(client, citizen.email, password)
    assert response.context["refusal"] == "closed"
    assert not _logged_in(client)


def test_lockout_after_max_failures_with_a_clear_message(client, citizen, settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    for _attempt in range(2):
        assert _login(client, citizen.email, "wrong").context["refusal"] == "invalid"
    response = _login(client, citizen.email, "wrong")
    assert response.context["refusal"] == "locked"
    html = response.content.decode()
    assert "too many failed attempts" in html
    assert "wait 15 minutes" in html
    assert "reset your password" in html
    assert reverse("accounts:password-reset") in html


def test_locked_pair_is_refused_even_with_the_right_password(client, citizen, password, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _attempt in range(3):
        _login(client, citizen.email, "wrong")
    response = _login(client, citizen.email, password)
    assert response.context["refusal"] == "locked"
    assert not _logged_in(client)


def test_lock_is_per_address_so_another_ip_can_still_log_in(client, citizen, password, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _attempt in range(3):
        _login(client, citizen.email, "wrong", ip="198.51.100.1")
    response = _login(client, citizen.email, password, ip="198.51.100.2")
    assert response.status_code == 302
    assert _logged_in(client)


def test_lock_is_per_account_so_another_email_from_the_same_ip_can_log_in(
    client, citizen, other_citizen, password, settings
):
    settings.LOGIN_MAX_FAILURES = 3
    for _attempt in range(3):
        _login(client, citizen.email, "wrong")
    assert _login(client, other_citizen.email, password).status_code == 302


def test_lock_ignores_the_case_of_the_email(client, citizen, password, settings):
    settings.LOGIN_MAX_FAILURES = 2
    _login(client, citizen.email.upper(), "wrong")
    _login(client, citizen.email, "wrong")
    assert _login(client, citizen.email.title(), password).context["refusal"] == "locked"


def test_lock_ends_after_the_lockout_minutes(client, citizen, password, settings):
    settings.LOGIN_MAX_FAILURES = 2
    settings.LOGIN_LOCKOUT_MINUTES = 10
    _login(client, citizen.email, "wrong")
    _login(client, citizen.email, "wrong")
    with mock.patch("time.time", return_value=time.time() + 10 * 60 + 1):
        response = _login(client, citizen.email, password)
    assert response.status_code == 302


def test_success_resets_the_failure_counter(client, citizen, password, settings):
    settings.LOGIN_MAX_FAILURES = 3
    _login(client, citizen.email, "wrong")
    _login(client, citizen.email, "wrong")
    assert _login(client, citizen.email, password).status_code == 302
    client.post(reverse("accounts:logout"))
    _login(client, citizen.email, "wrong")
    _login(client, citizen.email, "wrong")
    assert _login(client, citizen.email, password).status_code == 302


LOOK_ALIKES = {
    "long s": ("marta.puig@example.cat", "marta.puig@example.cat".replace("s", "\u017f", 1)),
    "kelvin sign": ("kai.k@example.cat", "\u212aai.k@example.cat"),
    "upper case": ("marta.puig@example.cat", "MARTA.Puig@Example.CAT"),
}


@pytest.mark.parametrize("real, look_alike", LOOK_ALIKES.values(), ids=LOOK_ALIKES)
def test_look_alike_spellings_share_the_account_s_failures(
    client, password, settings, real, look_alike
):
    UserFactory(email=real, email_verified_at=timezone.now(), password=password)
    settings.LOGIN_MAX_FAILURES = 5
    for _attempt in range(4):
        _login(client, real, "wrong")

    fifth = _login(client, look_alike, "wrong")
    then = _login(client, real, password)

    assert fifth.context["refusal"] == "locked"
    assert then.context["refusal"] == "locked"
    assert not _logged_in(client)


def test_a_dotless_i_is_another_address_and_opens_no_account(client, password):
    UserFactory(email="lidia@example.cat", email_verified_at=timezone.now(), password=password)

    response = _login(client, "l\u0131dia@example.cat", password)

    assert response.context["refusal"] == "invalid"
    assert not _logged_in(client)


def test_look_alike_spellings_are_stored_in_one_spelling(db):
    user = UserFactory(email="\u212aAI.\u017fala@Example.cat")
    assert user.email == "kai.sala@example.cat"


def test_failures_from_many_addresses_slow_the_account_down_but_never_lock_it(
    client, citizen, password, settings
):
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_ACCOUNT_FREE = 3
    settings.LOGIN_ACCOUNT_MAX_DELAY = 60
    now = time.time()
    with mock.patch("time.time", return_value=now):
        for n in range(4):  # each from its own address: no address reaches 5
            _login(client, citizen.email, "wrong", ip=f"198.51.100.{n + 1}")
        slowed = _login(client, citizen.email, password, ip="203.0.113.5")
    assert slowed.context["refusal"] == "slowed"
    assert "wait 1 second" in slowed.content.decode()

    # Each further failure doubles the wait, up to the ceiling; the owner's
    # attempts during a wait are refused without counting.
    for n, expected in enumerate([2, 4, 8, 16, 32, 60, 60]):
        now += 61
        with mock.patch("time.time", return_value=now):
            _login(client, citizen.email, "wrong", ip=f"198.51.100.{n + 10}")
            owner = _login(client, citizen.email, password, ip="203.0.113.5")
        assert owner.context["refusal"] == "slowed"
        assert f"wait {expected} seconds" in owner.content.decode()

    # The owner gets in once the wait is over, from anywhere.
    with mock.patch("time.time", return_value=now + 61):
        response = _login(client, citizen.email, password, ip="203.0.113.5")
    assert response.status_code == 302
    assert _logged_in(client)


def test_back_office_login_counts_towards_and_honours_the_lock(client, staff, password, settings):
    settings.LOGIN_MAX_FAILURES = 2
    admin_login = reverse("admin:login")
    for _attempt in range(2):
        client.post(
            admin_login, {"username": staff.email, "password": "wrong"}, REMOTE_ADDR="192.0.2.10"
        )
    response = client.post(
        admin_login, {"username": staff.email, "password": password}, REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 200
    assert not _logged_in(client)
    assert _login(client, staff.email, password).context["refusal"] == "locked"


def test_logout_needs_post_and_goes_home(client_logged_in):
    assert client_logged_in.get(reverse("accounts:logout")).status_code == 405
    assert _logged_in(client_logged_in)
    response = client_logged_in.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not _logged_in(client_logged_in)


def test_login_page_title_says_error_when_the_form_has_errors(client):
    response = client.post(LOGIN, {"email": "", "password": ""})
    html = response.content.decode()
    assert "<title>Error:" in html
    assert 'href="#id_email"' in html and 'href="#id_password"' in html
