"""System checks of the accounts app."""

from django.conf import settings
from django.core import checks

# Caches that live inside one process: counters kept there are not shared.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.security)
def ratelimit_counters_are_shared(app_configs, **kwargs):
    """With gunicorn's several workers, counters kept per process multiply every
    limit by the number of workers and are forgotten when a worker recycles."""
    backend = settings.CACHES["default"]["BACKEND"]
    production = not settings.DEBUG
    if production and settings.RATELIMIT_STORE == "cache" and backend in PER_PROCESS_CACHES:
        return [
            checks.Warning(
                "Rate-limit counters are kept in a per-process cache: each web worker "
                "counts login failures on its own.",
                hint="Set REDIS_URL, or RATELIMIT_STORE=database.",
                id="accounts.W001",
            )
        ]
    return []
