import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory

DEMO_PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
