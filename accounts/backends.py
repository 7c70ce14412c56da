from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from accounts import ratelimit
from accounts.addresses import canonical_email
from accounts.models import User


@dataclass(frozen=True)
class LoginLimits:
    """The two counters a password log-in goes through.

    Failures are keyed on the account once the address names one (on the
    address otherwise), so no other spelling of an address gets a budget of its
    own. `pair` is the account from one client address: locked after
    LOGIN_MAX_FAILURES for LOGIN_LOCKOUT_MINUTES, as the login page says.
    `account` counts failures from every address: it never locks (an attacker
    with many addresses would keep the owner out) but, past LOGIN_ACCOUNT_FREE
    failures, each further attempt waits twice as long as the one before, up to
    LOGIN_ACCOUNT_MAX_DELAY seconds.
    """

    pair: str
    account: str

    @classmethod
    def of(cls, email: str, request) -> "LoginLimits":
        address = canonical_email(email)
        pk = User.objects.filter(email=address).values_list("pk", flat=True).first()
        who = f"account:{pk}" if pk is not None else f"address:{address}"
        return cls(
            pair=ratelimit.make_key("login", who, ratelimit.client_ip(request)),
            account=ratelimit.make_key("login-account", who),
        )

    def wait(self) -> tuple[str, int]:
        """("locked", seconds) for this address, ("slowed", seconds) for the
        account, or ("", 0) when an attempt may be made now."""
        if seconds := ratelimit.locked_for(self.pair):
            return "locked", seconds
        if seconds := ratelimit.locked_for(self.account):
            return "slowed", seconds
        return "", 0

    def failed(self) -> None:
        ratelimit.register_failure(
            self.pair,
            limit=settings.LOGIN_MAX_FAILURES,
            lockout_seconds=settings.LOGIN_LOCKOUT_MINUTES * 60,
        )
        ratelimit.register_slowdown(
            self.account,
            free=settings.LOGIN_ACCOUNT_FREE,
            first_delay=1,
            max_delay=settings.LOGIN_ACCOUNT_MAX_DELAY,
            window_seconds=settings.LOGIN_LOCKOUT_MINUTES * 60,
        )

    def succeeded(self) -> None:
        ratelimit.reset(self.pair)
        ratelimit.reset(self.account)


class EmailBackend(ModelBackend):
    """Email and password, the address in its canonical spelling, rate limited.

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
        limits = LoginLimits.of(email, request)
        if limits.wait()[1]:
            # PermissionDenied stops Django from trying any other backend; the
            # password is not even checked while the wait lasts.
            raise PermissionDenied("Too many failed logins for this account.")
        user = super().authenticate(request, username=email, password=password, **kwargs)
        if user is None:
            limits.failed()
        else:
            limits.succeeded()
        return user

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and getattr(user, "closed_at", None) is None
