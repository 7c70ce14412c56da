"""Email verification links: signed, time-limited, bound to one address.

The token carries the user's primary key and a fingerprint of the email
address it was sent to, signed with SECRET_KEY and a salt of its own (so no
other signed value of the seu can pass for it) and a timestamp. Changing the
account's email makes old tokens useless; so does closing the account, which
rewrites the email. The address itself is not in the token, so it does not
end up in the web server's logs with the URL.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.addresses import canonical_email
from accounts.models import User

SALT = "accounts.email-verification"


class TokenExpired(Exception):
    """The signature is good but older than the allowed age."""


class TokenInvalid(Exception):
    """Forged, damaged, or for an account or address that no longer matches."""


def email_fingerprint(email: str) -> str:
    return salted_hmac(SALT, canonical_email(email), algorithm="sha256").hexdigest()[:24]


def verification_token_make(user: User) -> str:
    payload = {"u": user.pk, "e": email_fingerprint(user.email)}
    return signing.TimestampSigner(salt=SALT).sign_object(payload)


def verification_token_user(token: str, *, max_age: int | None = None) -> User:
    """The open account the token was made for; TokenExpired or TokenInvalid otherwise."""
    if max_age is None:
        max_age = settings.EMAIL_VERIFICATION_MAX_AGE
    signer = signing.TimestampSigner(salt=SALT)
    try:
        payload = signer.unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except (signing.BadSignature, ValueError) as exc:
        raise TokenInvalid from exc
    if not isinstance(payload, dict) or not {"u", "e"} <= payload.keys():
        raise TokenInvalid
    user = User.objects.open().filter(pk=payload["u"], is_active=True).first()
    if user is None or not constant_time_compare(email_fingerprint(user.email), str(payload["e"])):
        raise TokenInvalid
    return user
