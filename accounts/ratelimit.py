"""Cache-based rate limiting: count events per key, lock the key after too many.

The counters live in Django's cache, so several web processes share them when
the cache is Redis (production) and a single process keeps them in memory
otherwise. A key is an HMAC of a scope and the parts that identify who is
trying (an email address and an IP address, say), so the cache never holds an
address in clear.

Typical use, as the login does it::

    key = ratelimit.make_key("login", email.lower(), ratelimit.client_ip(request))
    if seconds := ratelimit.locked_for(key):
        ...refuse, saying to wait ratelimit.minutes(seconds) minutes...
    if attempt_failed:
        ratelimit.register_failure(key, limit=5, lockout_seconds=15 * 60)
    else:
        ratelimit.reset(key)

Failures are counted in a window as long as the lockout, starting with the
first failure; reaching `limit` inside that window locks the key for
`lockout_seconds`.
"""

import ipaddress
import math
import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

KEY_PREFIX = "ratelimit"


def make_key(scope: str, *parts: str) -> str:
    """A cache key for `scope` ('login', 'verification-code', ...) and who is trying."""
    digest = salted_hmac(f"accounts.ratelimit.{scope}", "\x1f".join(parts), algorithm="sha256")
    return f"{KEY_PREFIX}:{scope}:{digest.hexdigest()}"


def client_ip(request, trusted_proxies: int = 0) -> str:
    """The address the request came from.

    By default REMOTE_ADDR only: a header such as X-Forwarded-For can be
    forged by the client. Behind a proxy, the proxy (or gunicorn's
    forwarded-allow-ips) must set REMOTE_ADDR to the real client.

    With `trusted_proxies` = N > 0 (the usage statistics pass
    settings.STATS_TRUSTED_PROXIES), the N proxies in front each append the
    address they received the request from to X-Forwarded-For, so the Nth
    address from the right is the client's as the outermost trusted proxy saw
    it; anything further left may be forged. A header with fewer addresses
    gives its leftmost one; a missing or unparsable one gives REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
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
    until = cache.get(f"{key}:locked")
    if until is None:
        return 0
    return max(0, math.ceil(until - time.time()))


def register_failure(key: str, *, limit: int, lockout_seconds: int) -> int:
    """Count one failure; lock the key when it reaches `limit`.

    Returns the seconds the key is now locked for, or 0 while under the limit.
    """
    count_key = f"{key}:failures"
    # add() only sets a missing key, so the window starts at the first failure;
    # incr() is atomic in Redis and in the local-memory cache.
    cache.add(count_key, 0, timeout=lockout_seconds)
    try:
        count = cache.incr(count_key)
    except ValueError:
        # The window expired between add() and incr().
        cache.set(count_key, 1, timeout=lockout_seconds)
        count = 1
    if count < limit:
        return 0
    cache.set(f"{key}:locked", time.time() + lockout_seconds, timeout=lockout_seconds)
    cache.delete(count_key)
    return lockout_seconds


def reset(key: str) -> None:
    """Forget the failures and any lock of the key (after a success)."""
    cache.delete_many([f"{key}:failures", f"{key}:locked"])


def minutes(seconds: int) -> int:
    """Whole minutes to tell a person to wait, rounded up (never 0 while locked)."""
    return max(1, math.ceil(seconds / 60))
