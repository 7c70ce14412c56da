import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse, reverse_lazy

from accounts import closure
from accounts.models import User
from accounts.services import user_close
from seu.plugins import Registry

pytestmark = pytest.mark.django_db

CLOSE = reverse_lazy("accounts:close")


def test_close_page_explains_that_registry_entries_are_kept(client_logged_in):
    html = client_logged_in.get(CLOSE).content.decode()
    assert "registry" in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:export") in html


def test_close_page_says_what_the_sections_delete(client_logged_in):
    html = client_logged_in.get(CLOSE).content.decode()
    # Each section that plugs a step into the closure says what it does.
    for description in closure.closure_descriptions():
        assert f"<li>{description}</li>" in html
    assert "Your drafts that you have not submitted are deleted" in html
    assert "Your alerts of the calls stop" in html


def test_closure_steps_run_while_the_account_still_has_its_address(citizen, monkeypatch):
    seen = []
    monkeypatch.setattr(closure, "steps", Registry("account closure steps"))
    closure.steps.register(
        "probe",
        closure.ClosureStep(step=lambda *, user: seen.append(user.email), description="Probe."),
    )
    old_email = citizen.email

    user_close(user=citizen)
    user_close(user=citizen)

    assert seen == [old_email]  # once: a closed account is not closed again


def test_a_failing_closure_step_leaves_the_account_open(citizen, monkeypatch):
    def broken(*, user):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(closure, "steps", Registry("account closure steps"))
    closure.steps.register("broken", closure.ClosureStep(step=broken, description="Broken."))
    with pytest.raises(RuntimeError):
        user_close(user=citizen)
    citizen.refresh_from_db()
    assert citizen.closed_at is None and citizen.is_active and citizen.full_name


def test_a_closure_step_name_is_registered_once(monkeypatch):
    monkeypatch.setattr(closure, "steps", Registry("account closure steps"))
    closure.steps.register(
        "drafts", closure.ClosureStep(step=lambda *, user: None, description="One.")
    )
    with pytest.raises(ImproperlyConfigured):
        closure.steps.register(
            "drafts", closure.ClosureStep(step=lambda *, user: None, description="Two.")
        )


def test_close_with_a_wrong_password_changes_nothing(client_logged_in, citizen):
    response = client_logged_in.post(CLOSE, {"password": "wrong"})
    assert response.status_code == 200
    assert 'href="#id_password"' in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.closed_at is None and citizen.is_active


def test_close_anonymises_logs_out_and_blocks_login(client_logged_in, citizen, password):
    old_email = citizen.email
    response = client_logged_in.post(CLOSE, {"password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Your account is closed" in response.content.decode()
    assert "_auth_user_id" not in client_logged_in.session

    citizen.refresh_from_db()
    assert citizen.full_name == ""
    assert citizen.id_document_number == ""
    assert citizen.email.startswith(f"closed-{citizen.pk}-")
    assert citizen.email.endswith("@closed.invalid")
    assert not citizen.has_usable_password()
    assert citizen.is_active is False
    assert citizen.closed_at is not None

    login = client_logged_in.post(
        reverse("accounts:login"), {"email": old_email, "password": password}
    )
    assert login.status_code == 200
    assert "_auth_user_id" not in client_logged_in.session


def test_closing_frees_the_address_for_a_new_account(citizen):
    old_email = citizen.email
    user_close(user=citizen)
    assert not User.objects.filter(email__iexact=old_email).exists()


def test_user_close_gives_each_account_a_different_address(citizen, other_citizen):
    first = user_close(user=citizen)
    second = user_close(user=other_citizen)
    assert first.email != second.email


def test_user_close_twice_keeps_the_first_closure(citizen):
    first = user_close(user=citizen)
    again = user_close(user=first)
    assert again.closed_at == first.closed_at
    assert again.email == first.email


def test_other_sessions_of_a_closed_account_end(client, citizen, password):
    other_device = Client()
    other_device.force_login(citizen)
    client.force_login(citizen)
    client.post(CLOSE, {"password": password})
    response = other_device.get(reverse("accounts:carpeta"))
    assert response.status_code == 302
