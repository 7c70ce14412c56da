"""The refusals a citizen or a clerk may meet are pages of the seu, in their language."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_form_sent_without_its_token_says_what_happened_and_what_to_do():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/ca/compte/entrar/", {"email": "ciutadania@mollet.example", "password": "x"}
    )

    assert response.status_code == 403
    content = response.content.decode()
    assert '<html lang="ca">' in content
    assert "No s'ha pogut enviar el formulari" in content
    assert "No s'ha registrat ni canviat res" in content
    assert "<main" in content and "CSRF" not in content


def test_the_same_refusal_in_spanish():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/es/compte/entrar/", {"email": "a@example.cat", "password": "x"})

    assert response.status_code == 403
    assert "No se ha podido enviar el formulario" in response.content.decode()


def test_a_clerk_without_the_permission_gets_a_page_of_the_seu(client):
    clerk = UserFactory(is_staff=True)
    clerk.groups.add(Group.objects.get_or_create(name="Nobody")[0])
    client.force_login(clerk)

    response = client.get("/gestio/convocatories/call/add/", HTTP_ACCEPT_LANGUAGE="ca")

    assert response.status_code == 403
    content = response.content.decode()
    assert "<main" in content
    assert "Accés no permès" in content
    assert User.objects.count() == 1


@pytest.mark.parametrize("path", ["/en/", "/en/tramits/", "/en/tauler/", "/en/convocatories/"])
def test_an_unreachable_database_is_a_503_of_the_seu_never_a_500(path, monkeypatch, db):
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refused(self, *args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refused)
    response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "The seu is not available right now" in content
    assert "an application that was given a registry number is registered" in content


def test_the_503_page_is_in_the_visitor_s_language(monkeypatch, db):
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refused(self, *args, **kwargs):
        raise OperationalError("the database system is starting up")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refused)
    response = Client(raise_request_exception=False).get("/es/tramits/")

    assert response.status_code == 503
    assert '<html lang="es"' in response.content.decode()


def test_a_programming_error_is_still_a_500(monkeypatch, db):
    from django.db import ProgrammingError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def broken(self, *args, **kwargs):
        raise ProgrammingError("relation does not exist")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken)
    response = Client(raise_request_exception=False).get("/ca/tramits/")

    assert response.status_code == 500
