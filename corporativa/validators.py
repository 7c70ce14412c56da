"""Checks for the council's identifiers."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# NIF of a legal person or public body: a letter for the kind of entity, seven
# digits (two for the province) and a control character. Local corporations
# use P, other public bodies Q or S; those kinds always end in a letter.
_ENTITY_NIF = re.compile(r"^([ABCDEFGHJNPQRSUVW])(\d{7})([0-9A-J])$")
_CONTROL_LETTERS = "JABCDEFGHI"
_LETTER_CONTROL = set("NPQRSW")
_DIGIT_CONTROL = set("ABEH")


def nif_control(digits: str) -> tuple[int, str]:
    """The control digit and its letter for the seven digits of an entity's NIF."""
    total = 0
    for position, char in enumerate(digits, start=1):
        value = int(char)
        if position % 2:  # odd positions are doubled and their digits added
            value = sum(divmod(value * 2, 10))
        total += value
    digit = (10 - total % 10) % 10
    return digit, _CONTROL_LETTERS[digit]


def validate_entity_nif(value: str) -> None:
    """A NIF such as P0812400J: letter, seven digits, control character (checked)."""
    match = _ENTITY_NIF.match(value or "")
    if match is None:
        raise ValidationError(
            _(
                "Write the NIF as a capital letter, seven digits and a control character, "
                "without spaces or dashes, e.g. P0800000B."
            ),
            code="nif_format",
        )
    kind, digits, control = match.groups()
    digit, letter = nif_control(digits)
    if kind in _LETTER_CONTROL:
        expected = {letter}
    elif kind in _DIGIT_CONTROL:
        expected = {str(digit)}
    else:
        expected = {str(digit), letter}
    if control not in expected:
        raise ValidationError(
            _("The control character of this NIF is wrong: check it for a typing error."),
            code="nif_control",
        )


validate_postcode = RegexValidator(
    r"^\d{5}$", _("A Spanish postcode has five digits, e.g. 08100."), code="postcode"
)
