"""Spanish identity documents: DNI and NIE with their control letter."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
NIE_PREFIX = {"X": "0", "Y": "1", "Z": "2"}
DNI_RE = re.compile(r"^(\d{8})([A-Z])$")
NIE_RE = re.compile(r"^([XYZ])(\d{7})([A-Z])$")


def normalize_document(value: str) -> str:
    """Upper case, without spaces, dots or hyphens: ' 12.345.678-z ' -> '12345678Z'."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def control_letter(number: int) -> str:
    return CONTROL_LETTERS[number % 23]


def is_valid_dni(value: str) -> bool:
    match = DNI_RE.match(normalize_document(value))
    return bool(match) and control_letter(int(match.group(1))) == match.group(2)


def is_valid_nie(value: str) -> bool:
    match = NIE_RE.match(normalize_document(value))
    if not match:
        return False
    number = int(NIE_PREFIX[match.group(1)] + match.group(2))
    return control_letter(number) == match.group(3)


def validate_document(kind: str, value: str) -> str:
    """Return the normalised document or raise ValidationError with a clear message."""
    from accounts.models import DocumentType

    normalized = normalize_document(value)
    if kind == DocumentType.DNI:
        if not DNI_RE.match(normalized):
            raise ValidationError(
                _("A DNI has eight digits and a letter, for example 12345678Z."), code="dni_format"
            )
        if not is_valid_dni(normalized):
            raise ValidationError(
                _("The letter of this DNI does not match its number. Please check it."),
                code="dni_letter",
            )
    elif kind == DocumentType.NIE:
        if not NIE_RE.match(normalized):
            raise ValidationError(
                _(
                    "A NIE starts with X, Y or Z, then seven digits and a letter, for example X1234567L."
                ),
                code="nie_format",
            )
        if not is_valid_nie(normalized):
            raise ValidationError(
                _("The letter of this NIE does not match its number. Please check it."),
                code="nie_letter",
            )
    else:
        normalized = (value or "").strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{5,20}", normalized):
            raise ValidationError(
                _("A passport number has 5 to 20 letters and digits."), code="passport_format"
            )
    return normalized
