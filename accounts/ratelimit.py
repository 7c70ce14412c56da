"""Rate limiting: count events per key, lock (or slow down) the key after too many.

Every web process must see the same counters, or a limit of 5 becomes 5 per
worker and is forgotten when a worker is recycled. The counters live in Redis
(the cache) when REDIS_URL is set, and in the database otherwise
(RATELIMIT_STORE: "cache" or "database"); a system check warns when a
production run would keep them per process. A key is an HMAC of a scope and
the parts that identify who is trying (an account and an IP address, say), so
no store ever holds an address in clear.

Typical use, as the login does it::

    key = ratelimit.make_key("login", str(user.pk), ratelimit.client_ip(request))
    if seconds := ratelimit.locked_for(key):
        ...refuse, saying to wait ratelimit.minutes(seconds) minutes...
    if attempt_failed:
        ratelimit.register_failure(key, limit=5, lockout_seconds=15 * 60)
    else:
        ratelimit.reset(key)

Failures are counted in a window as long as the lockout, starting with the
first failure; reaching `limit` inside that window locks the key for
`lockout_seconds`. register_slowdown() counts the same way but, past a free
allowance, makes each further attempt wait twice as long as the one before, up
to a ceiling: for limits that must never lock a person out altogether.
"""

import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Greatest
from django.utils.crypto import salted_hmac

from accounts.models import RateLimitCounter

KEY_PREFIX = "ratelimit"


def make_key(scope: str, *parts: str) -> str:
    """A cache key for `scope` ('login', 'verification-code', ...) and who is trying."""
    digest = salted_hmac(f"accounts.ratelimit.{scope}", "\x1f".join(parts), algorithm="sha256")
    return f"{KEY_PREFIX}:{scope}:{digest.hexdigest()}"


def client_ip(request) -> str:
    """The address the request came from: the one notion of it that every limit
    and the usage statistics use.

    With TRUSTED_PROXIES = 0 (the default), REMOTE_ADDR only: a header such as
    X-Forwarded-For can be forged by the client. With N > 0, the N proxies in
    front each append the address they received the request from to
    X-Forwarded-For, so the Nth address from the right is the client's as the
    outermost trusted proxy saw it; anything further left may be forged. A
    header with fewer addresses gives its leftmost one; a missing or
    unparsable one gives REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted_proxies = settings.TRUSTED_PROXIES
    if trusted_proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    candidate = forwarded[-min(trusted_proxies, len(forwarded))]
    return _bare_address(candidate) or remote


def _bare_address(value: str) -> str:
    """An IP address without the port some proxies add ("[2001:db8::1]:443", "192.0.2.1:80");
    empty when it is not an address."""
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def locked_for(key: str) -> int:
    """Seconds the key stays locked; 0 when it is not locked."""
    until = _store().locked_until(key)
    if until is None:
        return 0
    return max(0, math.ceil(until - time.time()))


def register_failure(key: str, *, limit: int, lockout_seconds: int) -> int:
    """Count one failure; lock the key when it reaches `limit`.

    Returns the seconds the key is now locked for, or 0 while under the limit.
    """
    count = _store().count(key, window_seconds=lockout_seconds)
    if count < limit:
        return 0
    _store().lock(key, seconds=lockout_seconds, forget_count=True)
    return lockout_seconds


def register_slowdown(
    key: str, *, free: int, first_delay: int, max_delay: int, window_seconds: int
) -> int:
    """Count one failure; past `free` failures in the window, lock the key for a
    delay that doubles with each further failure (first_delay, 2x, 4x...),
    never longer than `max_delay`. Returns the delay, 0 while within `free`."""
    count = _store().count(key, window_seconds=window_seconds)
    if count <= free:
        return 0
    delay = min(max_delay, first_delay * 2 ** min(count - free - 1, 30))
    _store().lock(key, seconds=delay, forget_count=False)
    return delay


def reset(key: str) -> None:
    """Forget the failures and any lock of the key (after a success)."""
    _store().forget(key)


def minutes(seconds: int) -> int:
    """Whole minutes to tell a person to wait, rounded up (never 0 while locked)."""
    return max(1, math.ceil(seconds / 60))


# --- Where the counters live ------------------------------------------------------


class CacheStore:
    """Counters in Django's cache: shared by every worker when it is Redis."""

    def count(self, key: str, *, window_seconds: int) -> int:
        count_key = f"{key}:failures"
        # add() only sets a missing key, so the window starts at the first failure;
        # incr() is atomic in Redis.
        cache.add(count_key, 0, timeout=window_seconds)
        try:
            return cache.incr(count_key)
        except ValueError:
            # The window expired between add() and incr().
            cache.set(count_key, 1, timeout=window_seconds)
            return 1

    def lock(self, key: str, *, seconds: int, forget_count: bool) -> None:
        cache.set(f"{key}:locked", time.time() + seconds, timeout=seconds)
        if forget_count:
            cache.delete(f"{key}:failures")

    def locked_until(self, key: str) -> float | None:
        return cache.get(f"{key}:locked")

    def forget(self, key: str) -> None:
        cache.delete_many([f"{key}:failures", f"{key}:locked"])


class DatabaseStore:
    """Counters in the database: shared by every worker of any deployment.

    Each count is one row updated under a row lock, so concurrent failures
    from several workers are all counted."""

    def count(self, key: str, *, window_seconds: int) -> int:
        now = time.time()
        with transaction.atomic():
            counter = self._locked_row(key)
            if counter is None:
                return self._first(key, now, window_seconds)
            if counter.window_ends <= now:
                counter.count, counter.window_ends = 1, now + window_seconds
            else:
                counter.count += 1
            counter.expires_at = max(counter.window_ends, counter.locked_until or 0)
            counter.save(update_fields=["count", "window_ends", "expires_at"])
            return counter.count

    def _first(self, key: str, now: float, window_seconds: int) -> int:
        # New keys are rare next to repeated ones: sweep rows whose window and
        # lock are both over now and then, so the table stays small.
        RateLimitCounter.objects.filter(expires_at__lt=now).delete()
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(
                    key=key,
                    count=1,
                    window_ends=now + window_seconds,
                    expires_at=now + window_seconds,
                )
        except IntegrityError:
            # Another worker created it first: count on its row.
            return self.count(key, window_seconds=window_seconds)
        return 1

    def lock(self, key: str, *, seconds: int, forget_count: bool) -> None:
        until = time.time() + seconds
        if forget_count:
            changes = {"locked_until": until, "expires_at": until}
            changes.update(count=0, window_ends=time.time())
        else:
            # The window may outlast the lock: the row lives until both are over.
            changes = {"locked_until": until, "expires_at": Greatest("expires_at", Value(until))}
        RateLimitCounter.objects.filter(key=key).update(**changes)

    def locked_until(self, key: str) -> float | None:
        return (
            RateLimitCounter.objects.filter(key=key).values_list("locked_until", flat=True).first()
        )

    def forget(self, key: str) -> None:
        RateLimitCounter.objects.filter(key=key).delete()

    @staticmethod
    def _locked_row(key: str):
        return RateLimitCounter.objects.select_for_update().filter(key=key).first()


STORES = {"cache": CacheStore(), "database": DatabaseStore()}


def _store():
    return STORES[settings.RATELIMIT_STORE]
