"""The one builder of the demo's PDFs: notices, calls, minutes, regulations, attachments.

Not the layout of the documents the seu issues (documents/pdf.py): a plain
page standing for a document a department wrote, with the council at the top,
the demo's body, and the place, date and a "demo document" line at the foot.
The same input gives the same bytes, so the same SHA-256, which keeps the demo
reproducible.
"""

from collections.abc import Iterable
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings

PLACE = "Mollet del Vallès"
NOTE = "Document de demostració de la seu electrònica"

# A block of the body: (reportlab sample style name, text) or a gap in centimetres.
Block = tuple[str, str] | float


def demo_pdf(
    *, title: str, body: Iterable[Block], header: Iterable[str] = (), day: date | None = None
) -> bytes:
    """A one-page A4 PDF: the council, the `header` lines (department, case) and a gap,
    the `body` blocks, then the place and `day` (when given) and the demo note."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title=title,
        author=settings.SEU_COUNCIL_NAME,
        invariant=1,  # no creation time or random file id: same input, same bytes
    )
    story = [Paragraph(escape(settings.SEU_COUNCIL_NAME), styles["Heading2"])]
    header = list(header)
    if header:
        story += [Paragraph(escape(line), styles["Normal"]) for line in header]
        story.append(Spacer(1, 0.8 * cm))
    for block in body:
        if isinstance(block, tuple):
            style, text = block
            story.append(Paragraph(escape(text), styles[style]))
        else:
            story.append(Spacer(1, block * cm))
    story.append(Spacer(1, 0.8 * cm))
    if day is not None:
        place = f"{PLACE}, {day.day:d}/{day.month:02d}/{day.year}"
        story.append(Paragraph(escape(place), styles["Normal"]))
    story.append(Paragraph(NOTE, styles["Italic"]))
    document.build(story)
    return buffer.getvalue()
