import pytest

from estadistiques import geo, recording, rules, sections, visitors


@pytest.fixture(autouse=True)
def _fresh_statistics_state(settings):
    """Each test starts without a remembered salt, GeoIP reader or cached host list."""
    settings.STATS_ENABLED = True
    settings.STATS_SALT_PERIOD = "day"
    settings.TRUSTED_PROXIES = 0
    settings.GEOIP_PATH = ""

    def clear():
        visitors.forget()
        geo.reset()
        sections._resolved.cache_clear()
        rules._excluded_prefixes.cache_clear()
        recording._site_hosts.cache_clear()

    clear()
    yield
    clear()


class Clock:
    """Stands in for recording.now: live page views are recorded at `clock.now`."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from django.utils import timezone

    fake = Clock(timezone.now())
    monkeypatch.setattr(recording, "now", fake)
    return fake
