"""Writes on accounts that carry rules: sign-up, verification, log-in, closure."""

import logging
import secrets

from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import closure, ratelimit
from accounts.addresses import canonical_email
from accounts.backends import LoginLimits
from accounts.models import User

logger = logging.getLogger(__name__)

EMAIL_TAKEN_MESSAGE = _(
    "There is already an account with this email address. If it is yours, log in or "
    "reset your password."
)


def email_is_taken(email: str) -> bool:
    """Whether an account (open or not) already uses this address, in any spelling."""
    return User.objects.filter(email=canonical_email(email)).exists()


@transaction.atomic
def user_signup(
    *,
    email: str,
    full_name: str,
    id_document_type: str,
    id_document_number: str,
    preferred_language: str,
    password: str,
) -> tuple[User, bool]:
    """Create a citizen account that cannot log in until its address is verified.

    Returns (account, created). When the address already has an account,
    nothing is created or changed and that account comes back with created
    False: the page must answer exactly as for a new address, or it would tell
    anyone which addresses have an account; the caller mails the owner instead.
    """
    existing = User.objects.filter(email=canonical_email(email)).first()
    if existing is not None:
        # The same work as for a new account, so the time taken tells nothing.
        make_password(password)
        logger.info("Sign-up with the address of account %s: nothing created", existing.pk)
        return existing, False
    try:
        # A savepoint, so a concurrent sign-up with the same address (caught by
        # the unique constraint) leaves this transaction usable.
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name.strip(),
                id_document_type=id_document_type,
                id_document_number=id_document_number,
                preferred_language=preferred_language,
                email_verified_at=None,
            )
    except IntegrityError:
        existing = User.objects.filter(email=canonical_email(email)).first()
        if existing is None:
            raise
        return existing, False
    logger.info("Account %s signed up", user.pk)
    return user, True


@transaction.atomic
def user_email_verify(*, user: User) -> User:
    """Mark the account's address as verified (once; a second call changes nothing)."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        logger.info("Account %s verified its email address", user.pk)
    return user


class LoginRefused(Exception):
    """A log-in attempt the seu turns down; `code` says why, `message` tells the person."""

    def __init__(self, code: str, message):
        super().__init__(message)
        self.code = code
        self.message = message


INVALID_LOGIN_MESSAGE = _(
    "The email address or the password is not correct. Check them and try again."
)


def locked_message(seconds: int) -> str:
    count = ratelimit.minutes(seconds)
    return ngettext(
        "There have been too many failed attempts to log in with this email address from "
        "your connection. For your security, wait %(count)d minute and try again, or reset "
        "your password.",
        "There have been too many failed attempts to log in with this email address from "
        "your connection. For your security, wait %(count)d minutes and try again, or reset "
        "your password.",
        count,
    ) % {"count": count}


def slowed_message(seconds: int) -> str:
    return ngettext(
        "There have been many failed attempts to log in to this account. For its "
        "security, wait %(count)d second and try again, or reset your password.",
        "There have been many failed attempts to log in to this account. For its "
        "security, wait %(count)d seconds and try again, or reset your password.",
        seconds,
    ) % {"count": seconds}


def _wait_message(kind: str, seconds: int) -> str:
    return locked_message(seconds) if kind == "locked" else slowed_message(seconds)


def login_attempt(*, request, email: str, password: str) -> User:
    """Check an email and password for the seu's log-in; the user, or LoginRefused.

    The backend counts failures and keeps the lock (see accounts.backends); here
    the reasons become messages. An unverified or closed account is only named
    once the password has been proved right, so the page never tells a stranger
    more than "wrong email or password".
    """
    limits = LoginLimits.of(email, request)
    kind, seconds = limits.wait()
    if seconds:
        raise LoginRefused(kind, _wait_message(kind, seconds))
    try:
        user = authenticate(request, email=email, password=password)
    except PermissionDenied:
        user = None
    if user is None:
        kind, seconds = limits.wait()
        if kind == "locked":
            raise LoginRefused(kind, _wait_message(kind, seconds))
        inactive = (
            User.objects.filter(email=canonical_email(email))
            .filter(Q(is_active=False) | Q(closed_at__isnull=False))
            .first()
        )
        if inactive is not None and inactive.check_password(password):
            raise LoginRefused(
                "closed",
                _("This account is closed and cannot be used to log in."),
            )
        raise LoginRefused("invalid", INVALID_LOGIN_MESSAGE)
    if not user.email_verified:
        raise LoginRefused(
            "unverified",
            _(
                "You have not confirmed your email address yet. Open the link we sent you "
                "when you signed up, or ask for a new one."
            ),
        )
    return user


@transaction.atomic
def user_close(*, user: User) -> User:
    """Close an account: anonymise it and make it unusable.

    The registry entries and submissions the person made are kept, as the law
    requires; they hold their own copy of the applicant's details. First the
    other sections let go of what they hold for the account (unsubmitted
    drafts, alerts: see accounts.closure), while it still has its address.
    Then the account itself goes: name, document, a usable address and
    password. The new address cannot receive mail (.invalid is reserved) and
    frees the old one for a future sign-up.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.closed_at is not None:
        return user
    closure.closure_steps_run(user=user)
    user.full_name = ""
    user.id_document_number = ""
    user.email = f"closed-{user.pk}-{secrets.token_hex(6)}@closed.invalid"
    user.set_unusable_password()
    user.is_active = False
    user.closed_at = timezone.now()
    user.save()
    logger.info("Account %s closed", user.pk)
    return user
