"""The mails the accounts app sends, each in the person's preferred language.

Links are absolute, built from the request the person made, and point to the
page in the language of the mail.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts import ratelimit
from accounts.addresses import canonical_email
from accounts.models import User
from accounts.tokens import verification_token_make
from outbox.choices import MailKind
from outbox.services import mail_queue

logger = logging.getLogger(__name__)

# Sign-up and password-reset pages send mail to whatever address is typed in;
# these caps stop them being used to flood someone's inbox. Past the cap the
# page answers as usual (it never says whether an address exists) and no mail
# leaves.
MAILS_PER_ADDRESS = 5
MAIL_WINDOW_SECONDS = 3600


def _may_send(kind: str, user: User) -> bool:
    key = ratelimit.make_key(f"mail-{kind}", canonical_email(user.email))
    if ratelimit.locked_for(key):
        logger.warning("Not sending another %s mail to account %s: cap reached", kind, user.pk)
        return False
    ratelimit.register_failure(key, limit=MAILS_PER_ADDRESS, lockout_seconds=MAIL_WINDOW_SECONDS)
    return True


def _send(
    *, kind: str, user: User, subject: str, template: str, context: dict, secret: bool
) -> None:
    """Write the mail to the outbox (`secret`: its link lets whoever holds it
    act as the person, so the back office never shows its text)."""
    context = {
        "user": user,
        "council_name": settings.SEU_COUNCIL_NAME,
        **context,
    }
    mail_queue(
        kind=kind,
        to=user.email,
        subject=subject,
        body=render_to_string(f"accounts/email/{template}.txt", context),
        language=user.preferred_language,
        about=user,
        secret=secret,
    )


def verification_email_send(*, user: User, request) -> bool:
    """Send the link that confirms the address; False when the cap stopped it."""
    if not _may_send("verification", user):
        return False
    token = verification_token_make(user)
    with translation.override(user.preferred_language):
        url = request.build_absolute_uri(reverse("accounts:verify-email", args=[token]))
        _send(
            kind=MailKind.VERIFICATION,
            secret=True,
            user=user,
            subject=gettext("Confirm your email address for the seu electrònica"),
            template="verification",
            context={
                "verify_url": url,
                "valid_days": max(1, settings.EMAIL_VERIFICATION_MAX_AGE // 86400),
                "resend_url": request.build_absolute_uri(reverse("accounts:verify-resend")),
            },
        )
    return True


def account_exists_email_send(*, user: User, request) -> bool:
    """Tell the owner of an address that someone tried to sign up with it.

    The sign-up page answers the same for a new address and for one that has
    an account (it would otherwise tell anyone who has an account); the owner
    learns of the attempt here, with the ways in. Nothing the other person
    typed is repeated. An account that cannot log in gets nothing. False when
    nothing was sent (such an account, or the cap).
    """
    if not user.is_active or user.closed_at is not None:
        return False
    if not _may_send("account-exists", user):
        return False
    with translation.override(user.preferred_language):
        _send(
            kind=MailKind.ACCOUNT_EXISTS,
            secret=False,
            user=user,
            subject=gettext("Someone tried to open an account with your email address"),
            template="account_exists",
            context={
                "login_url": request.build_absolute_uri(reverse("accounts:login")),
                "reset_url": request.build_absolute_uri(reverse("accounts:password-reset")),
            },
        )
    return True


def password_reset_email_send(*, user: User, request, uidb64: str, token: str) -> bool:
    """Send the link to choose a new password; False when the cap stopped it."""
    if not _may_send("password-reset", user):
        return False
    with translation.override(user.preferred_language):
        path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uidb64, "token": token})
        _send(
            kind=MailKind.PASSWORD_RESET,
            secret=True,
            user=user,
            subject=gettext("Choose a new password for the seu electrònica"),
            template="password_reset",
            context={
                "reset_url": request.build_absolute_uri(path),
                "valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
            },
        )
    return True
