"""What one page view records, for live requests and imported log lines alike.

Both paths go through pageview_fields(), so a request and the log line of the
same request give the same row (except the salt, which is the live one only
while the period lasts: see estadistiques.importer).
"""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import validate_host
from django.utils import timezone

from estadistiques import geo
from estadistiques.models import PATH_LENGTH
from estadistiques.sections import section_for_path
from estadistiques.visitors import visitor_key
from seu.devices import device_class

# The clock of live recording; tests replace it to replay traffic at fixed times.
now = timezone.now

# Browsers repeat: a user agent's class is worked out once per process.
cached_device_class = lru_cache(maxsize=4096)(device_class)


@lru_cache(maxsize=1)
def _site_hosts(allowed_hosts: tuple, site_url: str) -> tuple:
    hosts = [host for host in allowed_hosts if host and host != "*"]
    site_host = urlsplit(site_url).hostname
    if site_host:
        hosts.append(site_host)
    return tuple(hosts)


def site_hosts(extra=()) -> list:
    """The seu's own host names: ALLOWED_HOSTS (without "*"), SEU_SITE_URL's, and `extra`."""
    hosts = _site_hosts(tuple(settings.ALLOWED_HOSTS), getattr(settings, "SEU_SITE_URL", ""))
    return [*hosts, *extra]


def referrer_domain(referrer: str, own_hosts) -> str:
    """The host name of an external referrer; empty for none, a malformed one, or the seu."""
    if not referrer or referrer == "-":
        return ""
    try:
        host = urlsplit(referrer.strip()).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".").lower()
    if not host or validate_host(host, own_hosts):
        return ""
    return host[:255]


def pageview_fields(*, time, path, ip, user_agent, referrer, salt, own_hosts) -> dict:
    city, country = geo.locate(ip)
    return {
        "time": time,
        "path": path[:PATH_LENGTH],
        "section": section_for_path(path),
        "device": cached_device_class(user_agent),
        "visitor_key": visitor_key(salt, ip, user_agent),
        "referrer": referrer_domain(referrer, own_hosts),
        "city": city,
        "country": country,
    }
