import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_database_is_down(client):
    with mock.patch("portal.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unreachable"


@pytest.mark.django_db
def test_healthz_says_when_the_storage_of_documents_cannot_be_written(client, settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    assert client.get("/healthz").json()["storage"] == "ok"
    assert not list((media / "healthz").iterdir()), "the probe file is removed"

    # A media folder that cannot be written, even by root: its parent is a file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["storage"]) == ("error", "ok", "unwritable")


@pytest.mark.django_db
def test_healthz_says_how_background_tasks_run(client, settings):
    # No broker (a development run): tasks run in the web process.
    body = client.get("/healthz").json()
    assert (body["status"], body["broker"]) == ("ok", "none")

    # A broker that answers (the Redis of every developer machine and CI).
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    body = client.get("/healthz").json()
    if body["broker"] == "unreachable":
        pytest.skip("No Redis on 127.0.0.1:6379 on this machine")
    assert (body["status"], body["broker"]) == ("ok", "ok")


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_degrades_but_keeps_the_site_in_service(client, settings):
    # Nothing listens on port 9 (discard) here: the connection is refused at once.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"

    response = client.get("/healthz")

    assert response.status_code == 200, "citizens still submit; the work waits for the sweep"
    body = response.json()
    assert (body["status"], body["database"], body["storage"], body["broker"]) == (
        "degraded",
        "ok",
        "ok",
        "unreachable",
    )


@pytest.mark.django_db
def test_pages_send_security_headers(client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_anonymous_home_sets_no_cookie(client):
    response = client.get(reverse("home"))
    assert response.cookies == {} or all(not c.value for c in response.cookies.values())


def _production_env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="seu.example.org",
        DJANGO_SETTINGS_MODULE="seu.settings",
    )
    env.update(extra)
    return env


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = _production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_turn_on_https_protections():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_HTTPONLY, s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "Argon2PasswordHasher",
    ], result.stderr
