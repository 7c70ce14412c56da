"""Device class of a request from its User-Agent: mobile, tablet or desktop.

Shared by the registry (which records where each entry was made from) and the
usage statistics, so both count devices the same way.
"""

import re

TABLET_RE = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.IGNORECASE)
MOBILE_RE = re.compile(
    r"mobi|iphone|ipod|android.*mobile|windows phone|blackberry|opera mini|iemobile", re.IGNORECASE
)


def device_class(user_agent: str) -> str:
    ua = user_agent or ""
    if TABLET_RE.search(ua):
        return "tablet"
    if MOBILE_RE.search(ua):
        return "mobile"
    return "desktop"


def request_device_class(request) -> str:
    return device_class(request.META.get("HTTP_USER_AGENT", ""))
