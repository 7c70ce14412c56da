import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory

DEMO_PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_broker(settings, monkeypatch):
    """No broker: background tasks run in this process after the commit
    (seu.background), as in a development run. The test's own transaction
    never commits, so work asked for outside any transaction of the code
    runs at once, as autocommit would run it; work asked for inside one
    waits for a commit that never comes, unless the test runs it with
    django_capture_on_commit_callbacks(execute=True). Tests of the real queue
    give a broker (tests/seu/test_worker.py)."""
    from django.db import connection, transaction

    from seu import background

    settings.CELERY_BROKER_URL = ""

    def after_commit(task, *args):
        if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            background.dispatch(task, *args)
        else:
            transaction.on_commit(lambda: background.dispatch(task, *args))

    monkeypatch.setattr(background, "after_commit", after_commit)


@pytest.fixture(autouse=True)
def _admins_hear_of_every_error_anew():
    """The mail to the administrators tells an error once per window and
    process (seu.logfilters): each test starts with nothing told yet."""
    import logging

    from seu.logfilters import OncePerWindow

    for handler in logging.getLogger().handlers:
        for log_filter in handler.filters:
            if isinstance(log_filter, OncePerWindow):
                log_filter.forget()


@pytest.fixture(autouse=True)
def _english_source_language():
    """Tests read the English source strings: reverse() gives /en/ URLs and the
    pages render untranslated. Tests of the catalogues ask for /ca/ and /es/."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def _seal_file(tmp_path_factory):
    """One development seal for the whole run: RSA key generation is slow."""
    from documents.seal import dev_seal_build

    path = tmp_path_factory.mktemp("seal") / "seal.p12"
    path.write_bytes(dev_seal_build(council_name="Ajuntament de Mollet del Vallès"))
    return path


@pytest.fixture(autouse=True)
def _seal(settings, _seal_file):
    """Documents are sealed with the session's seal, never one under var/."""
    settings.SEAL_P12_PATH = str(_seal_file)
    settings.SEAL_P12_PASSWORD = ""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow on purpose; the tests hash hundreds of passwords
    (tests/accounts/test_passwords.py checks that production uses Argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (login-failure counters live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The notice board's append-only tables, with the row trigger that keeps them so.
APPEND_ONLY = {
    "tauler_publicationlogentry": "tauler_log_append_only",
    "tauler_logheadstatement": "tauler_statement_append_only",
}


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _append_only_tables_emptied_before_flush(request):
    """On PostgreSQL the notice board's log refuses TRUNCATE unless it is empty
    (tauler migration 0007), and a transactional test ends with Django's flush,
    a TRUNCATE of every table: empty the log first, as its owner could."""
    if not _transactional(request):
        yield
        return
    # Set up the database first, so that its flush is torn down after this.
    request.getfixturevalue("_django_db_helper")
    yield
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for table, trigger in APPEND_ONLY.items():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


@pytest.fixture
def password():
    return DEMO_PASSWORD


@pytest.fixture
def citizen(db):
    return UserFactory(
        email="marta.puig@example.cat",
        full_name="Marta Puig i Soler",
        id_document_number="12345678Z",
        email_verified_at=timezone.now(),
        password=DEMO_PASSWORD,
    )


@pytest.fixture
def other_citizen(db):
    return UserFactory(
        email="joan.garcia@example.cat",
        full_name="Joan Garcia Lopez",
        id_document_number="87654321X",
        email_verified_at=timezone.now(),
        password=DEMO_PASSWORD,
    )


@pytest.fixture
def staff(db):
    return UserFactory(
        email="clerk@mollet.example",
        full_name="Laia Ferrer",
        is_staff=True,
        email_verified_at=timezone.now(),
        password=DEMO_PASSWORD,
    )


@pytest.fixture
def client_logged_in(client, citizen):
    client.force_login(citizen)
    return client


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright keeps an event loop open in the main
    thread from the first browser test to the end of the run, and code that
    runs its own loop (pyHanko's signing) cannot run beside it."""
    items.sort(key=lambda item: "/tests/browser/" in str(item.fspath))


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID provider (oidc-provider-mock) in its own process, with the
    identities of tests/accounts/oidc_provider.py; started once, when asked for."""
    from tests.accounts import oidc_provider as op

    running = op.Provider().start()
    yield running
    running.stop()


@pytest.fixture
def valid(oidc_provider, settings):
    """The seu configured with that provider as "VÀLid"."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = "seu-mollet"
    settings.OIDC_CLIENT_SECRET = "secret-of-the-tests"
    settings.OIDC_NAME = "VÀLid"
    return oidc_provider
