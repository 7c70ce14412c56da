"""What identification a procedure needs, and the signature by identification.

A procedure states the least level of assurance it admits and whether the
citizen signs (Procedure.min_assurance, Procedure.signature_required). A
signature needs an accredited system (substantial at least): signing happens
by identifying (Llei 39/2015 art. 10.4 and 11), and the registry entry keeps
the evidence of it (`evidence`). Signing, withdrawing or answering a
requeriment of such a procedure also needs an identification younger than
FRESH: someone who walked away from a logged-in computer cannot be signed for.
"""

import hashlib
import json
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import Assurance

FRESH = timedelta(minutes=15)


def required_assurance(procedure) -> int:
    if procedure.signature_required:
        return max(procedure.min_assurance, Assurance.SUBSTANTIAL)
    return procedure.min_assurance


def identified_at(identification: dict) -> datetime | None:
    value = identification.get("at")
    return parse_datetime(value) if value else None


def enough(identification: dict, procedure) -> bool:
    """Whether this identification admits the procedure at all."""
    return int(identification.get("assurance") or Assurance.LOW) >= required_assurance(procedure)


def fresh(identification: dict, *, now: datetime | None = None) -> bool:
    at = identified_at(identification)
    return at is not None and (now or timezone.now()) - at <= FRESH


def may_sign(identification: dict, procedure, *, now: datetime | None = None) -> bool:
    """Enough, and, for a signed procedure, recent enough to sign."""
    if not enough(identification, procedure):
        return False
    return not procedure.signature_required or fresh(identification, now=now)


def content_sha256(answers: list[dict], files: list[tuple[str, str]], text: str = "") -> str:
    """The fingerprint of what is signed: the answers as registered, the text
    of an answer, and each attached file's name and SHA-256."""
    canonical = json.dumps(
        {"answers": answers, "text": text, "files": sorted(files)},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def evidence(identification: dict, *, content: str) -> dict:
    """What the registry entry stores of a signature by identification."""
    return {
        "method": identification.get("method", ""),
        "provider": identification.get("provider", ""),
        "subject": identification.get("subject", ""),
        "means": identification.get("means", ""),
        "document_number": identification.get("document_number", ""),
        "assurance": int(identification.get("assurance") or Assurance.LOW),
        "authenticated_at": identification.get("at", ""),
        "content_sha256": content,
        "token_fingerprint": identification.get("fingerprint", ""),
    }


def require(identification: dict, procedure) -> None:
    """Raise the ValidationError of an identification that may not do this
    procedure's registry work (tramits.services calls it before writing)."""
    if may_sign(identification, procedure):
        return
    if procedure.signature_required:
        raise ValidationError(
            _(
                "This procedure must be signed: identify with an accredited system (VÀLid or"
                " a certificate) in the last %(minutes)s minutes, then submit."
            )
            % {"minutes": int(FRESH.total_seconds() // 60)},
            code="signature",
        )
    raise ValidationError(
        _(
            "This procedure needs you to identify with an accredited system (VÀLid or a certificate)."
        ),
        code="assurance",
    )


def entry_sign(entry, identification: dict, *, answers: list[dict], files, text: str = "") -> None:
    """Store on a registry entry of a signed procedure the evidence of its
    signature; `files` are (name, SHA-256) pairs of what it carries."""
    if not entry.submission.procedure.signature_required:
        return
    entry.signature = evidence(
        identification, content=content_sha256(answers, list(files), text=text)
    )
    entry.save(update_fields=["signature"])
