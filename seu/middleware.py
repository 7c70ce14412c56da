"""Middleware every page of the seu goes through."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.handlers.exception import response_for_exception
from django.utils.cache import patch_cache_control

# Browser features the seu never uses, all switched off for every page and for
# anything a page could embed. Only names Chromium and Firefox know: an unknown
# one is reported as an error in the browser's console.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Form bodies whose fields Django parses into request.POST; other bodies (the
# API takes none) are not read here.
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_nul(request) -> bool:
    """Whether the path, a query parameter or a form field holds a NUL character.

    No text the seu shows or keeps has one, PostgreSQL cannot store one in a text
    column, and a search for it would fail: such a request is refused as a whole,
    here, before any view sees it. Uploaded files are bytes and may hold NULs.
    """
    if "\x00" in request.path:
        return True
    parts = [request.GET]
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        parts.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for query in parts
        for key, values in query.lists()
    )


class SeuMiddleware:
    """Refuses requests with NUL characters (400), keeps pages behind a log-in
    out of every cache, and sends the Permissions-Policy header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            # Answered here, with the seu's 400 page, and still given the headers below.
            refused = BadRequest("A NUL character in the path, the query or a form field.")
            response = response_for_exception(request, refused)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if self._logged_in(request):
            # Case pages, receipts, attachments, La meva carpeta, the profile and
            # the back office: never kept by a shared proxy or the browser's cache.
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _logged_in(request) -> bool:
        # Without a session cookie nobody is logged in; looking at request.user
        # then would only add "Vary: Cookie" to every anonymous page.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
