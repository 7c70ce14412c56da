from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from accounts import ratelimit


def login_key(email: str, request) -> str:
    """The rate-limit key of one email address tried from one client address."""
    return ratelimit.make_key("login", (email or "").strip().lower(), ratelimit.client_ip(request))


class EmailBackend(ModelBackend):
    """Email and password, case-insensitive on the email, rate limited.

    Kept as its own class so identity providers (idCAT, Cl@ve) can be added as
    further backends without touching the views.

    The rate limit lives here rather than in a view so that every password
    login (the seu's and the back office's) counts failures and honours the
    lock. Authentication without a request (tests, the shell) is not limited.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        email = email or username
        if request is None or not email or password is None:
            return super().authenticate(request, username=email, password=password, **kwargs)
        key = login_key(email, request)
        if ratelimit.locked_for(key):
            # PermissionDenied stops Django from trying any other backend.
            raise PermissionDenied("Too many failed logins for this email and address.")
        user = super().authenticate(request, username=email, password=password, **kwargs)
        if user is None:
            ratelimit.register_failure(
                key,
                limit=settings.LOGIN_MAX_FAILURES,
                lockout_seconds=settings.LOGIN_LOCKOUT_MINUTES * 60,
            )
        else:
            ratelimit.reset(key)
        return user

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and getattr(user, "closed_at", None) is None
