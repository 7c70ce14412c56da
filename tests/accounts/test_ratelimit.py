import time
from unittest import mock

from accounts import ratelimit


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
