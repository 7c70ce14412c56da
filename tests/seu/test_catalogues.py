"""The Catalan and Spanish catalogues are complete and compiled."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
ENTRY = re.compile(
    r'^msgid (".*"(?:\n".*")*)\n(?:msgid_plural .*\n)?msgstr(?:\[0\])? (".*"(?:\n".*")*)', re.M
)


def _entries(po_text):
    for block in po_text.split("\n\n"):
        if "#~" in block:
            continue
        match = ENTRY.search(block)
        if match:
            msgid = "".join(part[1:-1] for part in match.group(1).split("\n"))
            msgstr = "".join(part[1:-1] for part in match.group(2).split("\n"))
            yield msgid, msgstr, "#, fuzzy" in block


@pytest.mark.parametrize("language", ["ca", "es"])
def test_every_string_is_translated_and_none_is_fuzzy(language):
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = [(i, s, f) for i, s, f in _entries(text) if i]
    assert len(entries) > 500
    assert [i for i, s, _f in entries if not s] == []
    assert [i for i, _s, f in entries if f] == []


def _key_is(key, msgid):
    """A compiled key for msgid: plural entries are (msgid, n), entries with a
    context are "context\x04msgid"."""
    if isinstance(key, tuple):
        key = key[0]
    return key == msgid or key.endswith("\x04" + msgid)


@pytest.mark.parametrize("language", ["ca", "es"])
def test_compiled_catalogue_matches_the_po_file(language):
    folder = LOCALE / language / "LC_MESSAGES"
    text = (folder / "django.po").read_text(encoding="utf-8")
    with open(folder / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for msgid, msgstr, _fuzzy in _entries(text)
        if msgid
        and "\\" not in msgid
        and compiled._catalog.get(msgid) is None
        and not any(_key_is(k, msgid) for k in compiled._catalog)
    ]
    assert stale == [], "run `make compilemessages`"
