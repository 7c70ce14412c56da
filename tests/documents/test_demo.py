"""The one builder of the demo's PDFs (notices, calls, minutes, regulations, attachments)."""

from datetime import date
from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader

from documents.demo import demo_pdf

TITLE = "Ordre del dia · Ple de l'Ajuntament · 26/11/2026"


def test_demo_pdf_is_one_titled_page_and_reproducible():
    kwargs = {
        "title": TITLE,
        "header": ["Secretaria General", "Expedient 2026/0042-SEC"],
        "body": [("Heading1", TITLE), 0.5, ("BodyText", "1. Aprovació de l'acta."), 0.2],
        "day": date(2026, 11, 19),
    }
    pdf = demo_pdf(**kwargs)
    reader = PdfFileReader(BytesIO(pdf))
    assert reader.root["/Pages"]["/Count"] == 1
    assert reader.trailer["/Info"]["/Title"] == TITLE
    assert demo_pdf(**kwargs) == pdf


def test_demo_pdf_takes_plain_text_and_needs_neither_header_nor_date():
    # Markup characters are text, not reportlab tags.
    pdf = demo_pdf(title="Annex", body=[("Heading1", "Import < 3.000 € & IVA <b>inclòs")])
    assert PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"] == 1
