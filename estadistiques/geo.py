"""City and country of an IP address, from a GeoIP2 city database (settings.GEOIP_PATH).

The database is opened once per process, on first use. Without GEOIP_PATH,
or when the database cannot be opened or does not know the address, the city
and the country are "unknown"; a lookup never raises.
"""

import logging
import threading

from django.conf import settings

from estadistiques.choices import UNKNOWN

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_reader = None
_opened_path = None  # the GEOIP_PATH _reader was opened for ("" when unset or broken)


def reader():
    """The open database for settings.GEOIP_PATH, or None."""
    global _reader, _opened_path
    path = settings.GEOIP_PATH or ""
    if _opened_path == path:
        return _reader
    with _lock:
        if _opened_path != path:
            _reader, _opened_path = _open(path), path
    return _reader


def _open(path):
    if not path:
        return None
    try:
        import geoip2.database

        return geoip2.database.Reader(path)
    except Exception:  # a missing or corrupt file must not stop the seu
        logger.exception("Cannot open the GeoIP2 database %s; cities will be unknown", path)
        return None


def locate(ip: str) -> tuple[str, str]:
    """(city, country ISO code) of an address; "unknown" for what cannot be told."""
    database = reader()
    if database is None or not ip:
        return UNKNOWN, UNKNOWN
    try:
        found = database.city(ip)
    except Exception:  # AddressNotFoundError, ValueError for a bad address, a damaged file
        return UNKNOWN, UNKNOWN
    city = (found.city.name or UNKNOWN)[:100]
    country = (found.country.iso_code or UNKNOWN)[:20]
    return city, country


def reset() -> None:
    """Close the database (tests; and when GEOIP_PATH changes, it is reopened anyway)."""
    global _reader, _opened_path
    with _lock:
        if _reader is not None and hasattr(_reader, "close"):
            _reader.close()
        _reader, _opened_path = None, None
