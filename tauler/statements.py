"""What a statement of the publication log's head says.

Once a day `tauler.services.log_anchor` (run by `manage.py tauler_anchor`)
issues a sealed PDF with a secure verification code stating the log's last
entry and its hash. The statement is public (the list is on the board, each
one verifiable at the seu's verification page), so copies of it live outside
the council's database: a log that no longer holds that entry with that hash
was cut after it or rewritten before it, whoever had the rights to do so.
"""

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from documents.content import DocumentContent, Section
from tauler.certificates import _when
from tauler.models import LogHeadStatement


def statement_title(day: date) -> str:
    return _("Statement of the publication log's head on %(day)s") % {
        "day": formats.date_format(day, "DATE_FORMAT")
    }


def _public_url(name: str) -> str:
    return settings.SEU_SITE_URL.rstrip("/") + reverse(name)


def statement_content(
    *,
    day: date,
    at: datetime,
    sequence: int,
    hash: str,  # noqa: A002 - the log's own word for it
    previous: LogHeadStatement | None,
) -> DocumentContent:
    """The statement, in the active language, of a log whose last entry is
    `sequence` with `hash` at `at` (sequence 0: the log is empty)."""
    values = {"council": settings.SEU_COUNCIL_NAME, "moment": _when(at)}
    if sequence:
        statement = _(
            "%(council)s states that on %(moment)s the publication log of the electronic "
            "notice board of its seu ended at entry #%(sequence)s, whose hash (SHA-256) is "
            "%(hash)s, and that the whole log was verified intact at that moment."
        ) % {**values, "sequence": sequence, "hash": hash}
    else:
        statement = (
            _(
                "%(council)s states that on %(moment)s the publication log of the electronic "
                "notice board of its seu had no entries yet."
            )
            % values
        )
    rows = [
        (_("Official day"), formats.date_format(day, "DATE_FORMAT")),
        (_("Stated at"), _when(at)),
        (_("Last entry"), f"#{sequence}" if sequence else _("none: the log is empty")),
        (_("Hash of the last entry (SHA-256)"), hash),
    ]
    if previous is not None:
        rows.append(
            (
                _("Previous statement"),
                _("%(day)s: entry #%(sequence)s (CSV %(code)s)")
                % {
                    "day": formats.date_format(previous.day, "DATE_FORMAT"),
                    "sequence": previous.sequence,
                    "code": previous.document.csv_display,
                },
            )
        )
    checks = [
        _(
            "The council issues one statement a day and lists them all at %(url)s, each "
            "with its secure verification code."
        )
        % {"url": _public_url("tauler:log-statements")}
    ]
    if sequence:
        checks.insert(
            0,
            _(
                "Each entry of the log carries the SHA-256 hash of its content and of the "
                "hash of the entry before it. Whoever keeps this statement can check at any "
                "later time that entry #%(sequence)s of the public log, at %(log_url)s, still "
                "has the hash above: if the log was cut before it, or rewritten up to it, "
                "that entry is missing or its hash differs."
            )
            % {"sequence": sequence, "log_url": _public_url("tauler:publication-log")},
        )
    return DocumentContent(
        subtitle=_("The last entry of the notice board's publication log"),
        sections=[
            Section(_("Statement"), paragraphs=[statement]),
            Section(_("The head of the log"), rows=rows),
            Section(_("How to check it"), paragraphs=checks),
        ],
    )
