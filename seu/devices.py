"""Device class of a request from its User-Agent: mobile, tablet or desktop.

Shared by the registry (which records where each entry was made from) and the
usage statistics, so both count devices the same way.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceClass(models.TextChoices):
    """The one list of device classes: of registry entries and of page views."""

    MOBILE = "mobile", _("Mobile")
    TABLET = "tablet", _("Tablet")
    DESKTOP = "desktop", _("Desktop")


TABLET_RE = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.IGNORECASE)
MOBILE_RE = re.compile(
    r"mobi|iphone|ipod|android.*mobile|windows phone|blackberry|opera mini|iemobile", re.IGNORECASE
)


def device_class(user_agent: str) -> DeviceClass:
    ua = user_agent or ""
    if TABLET_RE.search(ua):
        return DeviceClass.TABLET
    if MOBILE_RE.search(ua):
        return DeviceClass.MOBILE
    return DeviceClass.DESKTOP


def request_device_class(request) -> DeviceClass:
    return device_class(request.META.get("HTTP_USER_AGENT", ""))
