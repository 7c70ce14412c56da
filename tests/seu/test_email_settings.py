"""A mail server that never answers must not hold a request: mails time out."""

import importlib
import socket
import time

import pytest
from django.core.mail import get_connection, send_mail


def _settings_with(monkeypatch, **environment):
    import seu.settings

    for name in ("EMAIL_URL", "EMAIL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    try:
        # The module is reloaded again below: keep what this environment gave.
        return dict(vars(importlib.reload(seu.settings)))
    finally:
        monkeypatch.undo()
        importlib.reload(seu.settings)


def test_mail_times_out_after_ten_seconds_unless_told(monkeypatch):
    assert _settings_with(monkeypatch)["EMAIL_TIMEOUT"] == 10
    assert _settings_with(monkeypatch, EMAIL_TIMEOUT="4")["EMAIL_TIMEOUT"] == 4
    configured = _settings_with(
        monkeypatch, EMAIL_URL="smtp+tls://u:p@smtp.example.org:587/?timeout=3"
    )
    assert configured["EMAIL_TIMEOUT"] == 3
    assert configured["EMAIL_HOST"] == "smtp.example.org"
    assert "OPTIONS" not in configured


@pytest.fixture
def silent_smtp_server():
    """A real TCP server that accepts connections and never says a word."""
    server = socket.create_server(("127.0.0.1", 0))
    yield server.getsockname()[1]
    server.close()


def test_a_mail_server_that_never_answers_fails_within_the_timeout(settings, silent_smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_smtp_server
    settings.EMAIL_TIMEOUT = 1
    started = time.monotonic()

    with pytest.raises((TimeoutError, OSError)):
        send_mail(
            "Prova",
            "Text",
            "seu@mollet.example",
            ["marta@example.cat"],
            connection=get_connection(),
        )

    assert time.monotonic() - started < 5
