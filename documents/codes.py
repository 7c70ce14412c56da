"""Secure verification codes (CSV): generated, normalised and displayed.

A code is 20 characters drawn with `secrets` from an alphabet of 31 letters and
digits without the ones people confuse (0/O, 1/I/L): about 99 bits, far beyond
guessing, and short enough to type from paper. It is stored without hyphens
and shown in groups of four: ABCD-EFGH-JK23-MN45-PQRS.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20
GROUP_SIZE = 4

# Whitespace of any kind and the hyphens and dashes word processors put in
# place of "-" when a code is copied from a document.
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212]+")
_WELL_FORMED = re.compile(rf"[{ALPHABET}]{{{CODE_LENGTH}}}")


def code_generate() -> str:
    """A new random code, normalised (no hyphens)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(raw: str) -> str:
    """What a person typed, in the stored form: upper case, no spaces or hyphens."""
    return _SEPARATORS.sub("", raw or "").upper()


def code_is_well_formed(code: str) -> bool:
    """Whether a normalised code has the length and alphabet of a real one."""
    return bool(_WELL_FORMED.fullmatch(code))


def code_display(code: str) -> str:
    """The code in groups of four, as printed on documents: ABCD-EFGH-..."""
    code = code_normalise(code)
    return "-".join(code[i : i + GROUP_SIZE] for i in range(0, len(code), GROUP_SIZE))
