"""E-mail addresses in one spelling, so that one address is one account.

Look-alike letters must not give a second spelling of an address that a
database's case-insensitive comparison would still match: "ſ" (long s) and "K"
(Kelvin sign) are "s" and "k" to PostgreSQL's UPPER() and to NFKC. Every
look-up, every rate-limit key and every stored address goes through
canonical_email(): Unicode NFKC, then case folding, then NFKC again (case
folding can undo it), with surrounding blanks removed. Addresses are then
compared exactly.
"""

import unicodedata


def canonical_email(value: str | None) -> str:
    folded = unicodedata.normalize("NFKC", (value or "").strip()).casefold()
    return unicodedata.normalize("NFKC", folded)
