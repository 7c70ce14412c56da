import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts import ratelimit
from accounts.models import RateLimitCounter


@pytest.fixture(params=["database", "cache"], autouse=True)
def store(request, settings, db):
    """Each counting test runs on both stores: the database (the default without
    Redis) and the cache (Redis in production; the local cache here)."""
    settings.RATELIMIT_STORE = request.param
    return request.param


def test_key_depends_on_scope_and_parts_and_hides_them():
    key = ratelimit.make_key("login", "marta@example.cat", "10.0.0.1")
    assert key.startswith("ratelimit:login:")
    assert "marta" not in key and "10.0.0.1" not in key
    assert key == ratelimit.make_key("login", "marta@example.cat", "10.0.0.1")
    assert key != ratelimit.make_key("login", "marta@example.cat", "10.0.0.2")
    assert key != ratelimit.make_key("code", "marta@example.cat", "10.0.0.1")


def test_key_parts_cannot_run_into_each_other():
    assert ratelimit.make_key("s", "ab", "c") != ratelimit.make_key("s", "a", "bc")


def test_key_is_locked_when_failures_reach_the_limit():
    key = ratelimit.make_key("test", "someone")
    assert ratelimit.register_failure(key, limit=3, lockout_seconds=600) == 0
    assert ratelimit.register_failure(key, limit=3, lockout_seconds=600) == 0
    assert ratelimit.locked_for(key) == 0
    assert ratelimit.register_failure(key, limit=3, lockout_seconds=600) == 600
    assert 590 < ratelimit.locked_for(key) <= 600


def test_reset_forgets_failures_and_lock():
    key = ratelimit.make_key("test", "someone")
    ratelimit.register_failure(key, limit=2, lockout_seconds=600)
    ratelimit.reset(key)
    assert ratelimit.register_failure(key, limit=2, lockout_seconds=600) == 0
    ratelimit.register_failure(key, limit=2, lockout_seconds=600)
    assert ratelimit.locked_for(key)
    ratelimit.reset(key)
    assert ratelimit.locked_for(key) == 0


def test_lock_ends_after_the_lockout_time():
    key = ratelimit.make_key("test", "someone")
    ratelimit.register_failure(key, limit=1, lockout_seconds=60)
    assert ratelimit.locked_for(key)
    later = time.time() + 61
    with mock.patch("time.time", return_value=later):
        assert ratelimit.locked_for(key) == 0


def test_old_failures_drop_out_of_the_window():
    key = ratelimit.make_key("test", "someone")
    ratelimit.register_failure(key, limit=2, lockout_seconds=60)
    with mock.patch("time.time", return_value=time.time() + 61):
        assert ratelimit.register_failure(key, limit=2, lockout_seconds=60) == 0


def test_minutes_round_up_and_never_say_zero():
    assert ratelimit.minutes(1) == 1
    assert ratelimit.minutes(60) == 1
    assert ratelimit.minutes(61) == 2
    assert ratelimit.minutes(900) == 15


def test_client_ip_is_remote_addr_and_ignores_forwarded_header(rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert ratelimit.client_ip(request) == "192.0.2.7"


def test_behind_trusted_proxies_the_client_is_the_address_the_outermost_one_saw(rf, settings):
    # nginx appends the address it received the request from; what is left of it
    # may be forged by the client.
    settings.TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    assert ratelimit.client_ip(request) == "192.0.2.7"
    settings.TRUSTED_PROXIES = 2
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7, 10.0.0.1"
    )
    assert ratelimit.client_ip(request) == "192.0.2.7"


def test_the_former_statistics_setting_name_still_sets_the_trusted_proxies(monkeypatch):
    import importlib

    import seu.settings

    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("STATS_TRUSTED_PROXIES", "1")
    try:
        assert importlib.reload(seu.settings).TRUSTED_PROXIES == 1
        monkeypatch.setenv("TRUSTED_PROXIES", "2")
        assert importlib.reload(seu.settings).TRUSTED_PROXIES == 2
    finally:
        monkeypatch.undo()
        importlib.reload(seu.settings)


def test_without_redis_the_counters_are_shared_by_every_worker(settings):
    """A second worker, or this one after gunicorn recycles it, starts with an empty
    local cache: the lock must still hold, so it is kept in the database."""
    settings.RATELIMIT_STORE = "database"
    key = ratelimit.make_key("test", "someone")
    for _ in range(3):
        ratelimit.register_failure(key, limit=3, lockout_seconds=600)

    cache.clear()  # what another process sees of this one's local cache

    assert ratelimit.locked_for(key) > 590
    assert RateLimitCounter.objects.filter(key=key).exists()


def test_the_database_is_the_store_when_there_is_no_redis(monkeypatch):
    import importlib

    import seu.settings

    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("RATELIMIT_STORE", raising=False)
    try:
        assert importlib.reload(seu.settings).RATELIMIT_STORE == "database"
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
        assert importlib.reload(seu.settings).RATELIMIT_STORE == "cache"
    finally:
        monkeypatch.undo()
        importlib.reload(seu.settings)


def test_a_production_run_with_per_process_counters_is_warned_about(settings):
    settings.DEBUG = False
    settings.RATELIMIT_STORE = "cache"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with pytest.raises(SystemCheckError, match="accounts.W001"):
        call_command("check", fail_level="WARNING")

    settings.RATELIMIT_STORE = "database"
    call_command("check", fail_level="WARNING")


def test_a_slowdown_doubles_the_wait_past_the_free_failures_and_never_exceeds_the_ceiling():
    key = ratelimit.make_key("test", "account")
    waits = [
        ratelimit.register_slowdown(key, free=3, first_delay=2, max_delay=30, window_seconds=3600)
        for _ in range(9)
    ]
    assert waits == [0, 0, 0, 2, 4, 8, 16, 30, 30]
    assert 0 < ratelimit.locked_for(key) <= 30
    with mock.patch("time.time", return_value=time.time() + 31):
        assert ratelimit.locked_for(key) == 0
