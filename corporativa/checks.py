"""System checks of the corporate information app."""

from django.conf import settings
from django.core import checks

from corporativa.business_days import OFFICIAL_TZ


@checks.register()
def time_zone_is_the_official_one(app_configs, **kwargs):
    """Templates, forms and the PDF stamps show times in TIME_ZONE (Django's active
    zone); the law counts days in OFFICIAL_TZ. They must be one and the same."""
    if OFFICIAL_TZ.key != settings.TIME_ZONE:
        return [
            checks.Error(
                f"TIME_ZONE is {settings.TIME_ZONE!r}, but the seu's official time is "
                f"{OFFICIAL_TZ.key!r}: pages would show times in another zone than the "
                "one deadlines are counted in.",
                hint=f"Set TIME_ZONE = {OFFICIAL_TZ.key!r}.",
                id="corporativa.E001",
            )
        ]
    return []
