"""Visitor keys: a keyed hash of the period's random salt, the client IP and the user agent.

The salt of a period (a Europe/Madrid day, or a month when
settings.STATS_SALT_PERIOD = "month") is made at the first page view of the
period and stored in the Salt table, so every web process uses the same one;
each process also keeps it in memory and in the shared cache, so a page view
normally costs no query for it. When a process first needs the salt of a new
period, it deletes the salts of the periods that are over: once a salt is
gone, nobody (us included) can tell whether two keys of different periods
belong to the same person, or test a guessed address against a key.

The IP is never stored: only the key is.
"""

import hashlib
import ipaddress
import secrets
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction

from corporativa.business_days import OFFICIAL_TZ, official_day
from estadistiques.models import Salt

CACHE_PREFIX = "estadistiques:salt:"

# This process's salt: (period key, salt bytes). Only the current period's.
_current: tuple[str, bytes] | None = None


def day_start(day: date) -> datetime:
    """Midnight at the start of `day`, Europe/Madrid (never skipped by a DST change there)."""
    return datetime.combine(day, time.min, tzinfo=OFFICIAL_TZ)


def period_bounds(moment: datetime, period: str | None = None) -> tuple[str, datetime, datetime]:
    """(period key, start, end) of the salt period holding `moment`."""
    period = period or settings.STATS_SALT_PERIOD
    day = official_day(moment)
    if period == "month":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first.strftime("%Y-%m"), day_start(first), day_start(following)
    return day.isoformat(), day_start(day), day_start(day + timedelta(days=1))


@lru_cache(maxsize=4096)
def normalise_ip(address: str) -> str:
    """One spelling per address, so the log's and the request's give the same key."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return str(ip)


def visitor_key(salt: bytes, ip: str, user_agent: str) -> str:
    data = f"{normalise_ip(ip)}\x1f{user_agent}".encode("utf-8", "surrogateescape")
    return hashlib.blake2b(data, key=salt, digest_size=16).hexdigest()


def new_salt() -> bytes:
    return secrets.token_bytes(32)


def purge_expired(now: datetime) -> int:
    """Delete the salts of periods that are over; returns how many."""
    deleted, _ = Salt.objects.filter(ends_at__lte=now).delete()
    return deleted


def salt_for(now: datetime) -> bytes:
    """The salt of the period holding `now`, made (and older ones deleted) if needed."""
    global _current
    key, _start, end = period_bounds(now)
    if _current is not None and _current[0] == key:
        return _current[1]
    cache_key = CACHE_PREFIX + key
    value = cache.get(cache_key)
    if value is None:
        value = _stored_salt(key, end, now)
        timeout = max(1, int((end - now).total_seconds()))
        cache.set(cache_key, value, timeout=timeout)
    salt = bytes.fromhex(value)
    _current = (key, salt)
    return salt


def _existing_salt(key: str) -> str | None:
    return Salt.objects.filter(period_key=key).values_list("value", flat=True).first()


def _stored_salt(key: str, end: datetime, now: datetime) -> str:
    purge_expired(now)
    existing = _existing_salt(key)
    if existing:
        return existing
    value = new_salt().hex()
    try:
        with transaction.atomic():
            Salt.objects.create(period_key=key, value=value, ends_at=end)
    except IntegrityError:
        # Another process made it first: use theirs.
        return Salt.objects.values_list("value", flat=True).get(period_key=key)
    return value


def forget() -> None:
    """Drop this process's copy of the salt (tests, and after the setting changes)."""
    global _current
    _current = None
