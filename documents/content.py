"""What a document says, as plain data: the layout is pdf.py's business.

Callers build a DocumentContent from strings they have already formatted
(dates, sizes, amounts) in the document's language:

    DocumentContent(
        subtitle="Entry E/2025/000123",
        sections=[
            Section("Registry entry", rows=[("Number", "E/2025/000123")]),
            Section("Attached documents", table=Table(
                headers=["File", "Size", "SHA-256"],
                rows=[["plànol.pdf", "1.2 MB", "9f86d0...0f00a08"]],
                widths=[3, 1, 4],
            )),
            Section("Notice", paragraphs=["This receipt proves..."]),
        ],
    )
"""

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    """A table with a header row; long cell values wrap inside their column."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    # Relative column widths (3, 1, 4 gives the first column 3/8 of the
    # page); equal columns when left out.
    widths: Sequence[float] | None = None

    def __post_init__(self):
        columns = len(self.headers)
        if not columns:
            raise ValueError("A table needs at least one column.")
        if any(len(row) != columns for row in self.rows):
            raise ValueError("Every row of a table must have one cell per header.")
        if self.widths is not None and (
            len(self.widths) != columns or any(w <= 0 for w in self.widths)
        ):
            raise ValueError("A table needs one positive width per column.")


@dataclass(frozen=True)
class Section:
    """A heading and what goes under it, in this order: rows, table, paragraphs.

    `rows` are (label, value) pairs shown as two columns; `paragraphs` are
    plain text (a newline starts a new line). A section has at least one of
    the three.
    """

    heading: str
    rows: Sequence[tuple[str, str]] = ()
    paragraphs: Sequence[str] = ()
    table: Table | None = None

    def __post_init__(self):
        if not (self.rows or self.paragraphs or self.table):
            raise ValueError(f"Section {self.heading!r} is empty.")


@dataclass(frozen=True)
class DocumentContent:
    sections: Sequence[Section] = field(default_factory=tuple)
    subtitle: str = ""
