"""Identification by accredited systems, and the account it reaches.

An accredited system (an OpenID provider such as the AOC's VÀLid, a
qualified certificate forwarded by the TLS proxy) states who the person is:
a `VerifiedIdentity`. `account_for` finds or makes the account it belongs to:

1. The same identity used before (method, provider and subject) reaches the
   account it reached then.
2. Else an account whose document number an accredited system has verified
   reaches it, if that number is this identity's.
3. Else, if someone is logged in with an e-mail and password, their account
   is linked only when the document number on it is the verified one; the
   number is then marked verified and can no longer be edited. An account is
   never linked by its e-mail address alone.
4. Else a new account is made with the name and number the system gave, and
   its e-mail address (asked for when the system gave none).

Whatever is refused changes nothing and says why (`IdentityRefused`).

The session keeps how the person identified (`identification_record`):
method, provider, assurance, time and the fingerprint of the ID token or
certificate, which a signature will store.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.addresses import canonical_email
from accounts.identity import NIE_RE, normalize_document
from accounts.models import Assurance, DocumentType, Identity, IdentityMethod, User

SESSION_KEY = "seu_identification"


@dataclass(frozen=True)
class VerifiedIdentity:
    method: str
    provider: str
    subject: str
    document_number: str
    given_name: str
    surnames: str
    assurance: int
    means: str = ""
    email: str = ""
    email_verified: bool = False
    company_id: str = ""
    company_name: str = ""
    # SHA-256 of the ID token or of the certificate (DER).
    fingerprint: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.surnames) if part).strip()

    def as_session(self) -> dict:
        return asdict(self)


class IdentityRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class EmailNeeded(Exception):
    """A new account, and the system gave no e-mail address: ask for one."""


def _document_type(number: str) -> str:
    return DocumentType.NIE if NIE_RE.match(number) else DocumentType.DNI


def _refuse_closed(user: User) -> None:
    if not user.is_active or user.closed_at is not None:
        raise IdentityRefused(
            "closed", _("The account of this person is closed. Ask the council's office.")
        )


@transaction.atomic
def account_for(
    verified: VerifiedIdentity,
    *,
    current_user=None,
    email: str = "",
    language: str = "",
    at: datetime | None = None,
) -> tuple[User, Identity, bool]:
    """The account this identity reaches (see the module's rules), with the
    identity recorded on it, and whether the account is new. Raises
    IdentityRefused, or EmailNeeded."""
    at = at or timezone.now()
    document = normalize_document(verified.document_number)
    if not document:
        raise IdentityRefused(
            "no-document",
            _("The identification system did not say your document number: it cannot be used."),
        )
    logged_in = current_user if current_user is not None and current_user.is_authenticated else None
    identity = (
        Identity.objects.select_for_update()
        .select_related("user")
        .filter(method=verified.method, provider=verified.provider, subject=verified.subject)
        .first()
    )
    if identity is not None:
        user = identity.user
        if identity.document_number != document:
            raise IdentityRefused(
                "document-changed",
                _(
                    "The identification system now gives another document number for you."
                    " Ask the council's office."
                ),
            )
    else:
        user = User.objects.filter(
            id_document_verified_at__isnull=False, id_document_number=document
        ).first()
    if user is None and logged_in is not None:
        user = _link_password_account(logged_in, document, at=at)
    if user is not None and logged_in is not None and user.pk != logged_in.pk:
        raise IdentityRefused(
            "other-account",
            _(
                "This identity belongs to another account of the seu. Log out and identify"
                " again to enter that account."
            ),
        )
    created = user is None
    if created:
        user = _account_make(verified, document, email=email, language=language, at=at)
    _refuse_closed(user)
    if identity is None:
        identity = Identity.objects.create(
            user=user,
            method=verified.method,
            provider=verified.provider,
            subject=verified.subject,
            document_number=document,
            first_used_at=at,
            last_used_at=at,
            assurance=verified.assurance,
            means=verified.means[:60],
            company_id=verified.company_id,
            company_name=verified.company_name[:200],
        )
    else:
        identity.last_used_at = at
        identity.assurance = verified.assurance
        identity.means = verified.means[:60]
        identity.company_id = verified.company_id
        identity.company_name = verified.company_name[:200]
        identity.save(
            update_fields=["last_used_at", "assurance", "means", "company_id", "company_name"]
        )
    return user, identity, created


def _link_password_account(user: User, document: str, *, at: datetime) -> User:
    if normalize_document(user.id_document_number) != document:
        raise IdentityRefused(
            "document-mismatch",
            _(
                "The document number the identification system verified is not the one on"
                " your account, so they cannot be joined. Check the number in your profile,"
                " or ask the council's office."
            ),
        )
    user.id_document_number = document
    user.id_document_type = _document_type(document)
    user.id_document_verified_at = at
    user.save(update_fields=["id_document_number", "id_document_type", "id_document_verified_at"])
    return user


def _account_make(
    verified: VerifiedIdentity, document: str, *, email: str, language: str, at: datetime
) -> User:
    email = canonical_email(email or verified.email)
    if not email:
        raise EmailNeeded
    if User.objects.filter(email__iexact=email).exists():
        raise IdentityRefused(
            "email-taken",
            _(
                "An account of the seu already uses the address %(email)s. Log in with its"
                " password first, then identify: your identity is then added to that account."
            )
            % {"email": email},
        )
    user = User(
        email=email,
        full_name=verified.full_name or document,
        id_document_type=_document_type(document),
        id_document_number=document,
        id_document_verified_at=at,
        email_verified_at=at if (verified.email_verified and email == verified.email) else None,
        date_joined=at,
    )
    if language in dict(settings.LANGUAGES):
        user.preferred_language = language
    user.set_unusable_password()
    user.save()
    return user


# --- The session's record of how the person identified --------------------------------


def identification_record(request, verified: VerifiedIdentity, identity: Identity) -> None:
    request.session[SESSION_KEY] = {
        "identity": identity.pk,
        "method": verified.method,
        "provider": verified.provider,
        "subject": verified.subject,
        "means": verified.means,
        "assurance": verified.assurance,
        "document_number": identity.document_number,
        "at": timezone.now().isoformat(),
        "fingerprint": verified.fingerprint,
    }


def identification_of(request) -> dict:
    """How the person of this session identified; a password log-in is assurance low."""
    record = request.session.get(SESSION_KEY)
    if record:
        return record
    return {"method": IdentityMethod.PASSWORD, "assurance": Assurance.LOW}
