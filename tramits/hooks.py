"""Where other sections plug into the registry, without tramits importing them.

A section adds its functions, by name, to these plug-in points (each a
seu.plugins.Registry) from its AppConfig.ready():

- `after_submission`: `func(*, submission, draft)` runs inside
  `services.submission_register`'s transaction, after the entry and the
  submission exist, so what it writes commits or rolls back with them. It must
  not refuse the entry: the registry accepts everything presented to it
  (Llei 39/2015, art. 16); record what is wrong instead.
- `describers`: `func(obj)` returns a list of `Note` about a Draft or a
  Submission ("for the call 2026/OP-007"). The form, the review page, the
  citizen's case page and the staff admin show them.
- `receipt_rows`: `func(submission)` returns a list of (label, value) rows
  the registry receipt (justificant) adds under "Registry entry" ("Call",
  "2026/OP-007 · ..."). Written in the receipt's language when it is issued;
  a sealed receipt never changes, so only receipts issued later carry them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from seu.plugins import Registry

after_submission: Registry[Callable] = Registry("hooks after a submission")
describers: Registry[Callable] = Registry("describers of drafts and submissions")
receipt_rows: Registry[Callable] = Registry("rows of the registry receipt")


@dataclass(frozen=True)
class Note:
    """One line another section adds to a draft or a submission."""

    label: str
    text: str
    url: str = ""
    warning: str = ""


def submission_registered(*, submission, draft) -> None:
    for func in after_submission.values():
        func(submission=submission, draft=draft)


def notes_for(obj) -> list[Note]:
    """What the other sections say about a draft or a submission."""
    if obj is None:
        return []
    return [note for func in describers.values() for note in func(obj)]


def receipt_rows_for(submission) -> list[tuple[str, str]]:
    """What the other sections add to the receipt of an entry of this submission."""
    return [row for func in receipt_rows.values() for row in func(submission)]
