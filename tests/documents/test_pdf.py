from datetime import UTC, datetime
from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from documents.content import DocumentContent, Section, Table
from documents.pdf import clean_text, render_document
from tests.documents.conftest import HASH

CATALAN = "Sol·licitud d'ocupació de la via pública — Peñíscola"


def render(content, **kwargs):
    arguments = {
        "title": CATALAN,
        "content": content,
        "csv": "ABCD-EFGH-JK23-MN45-PQRS",
        "verification_url": "https://seu.mollet.example/ca/verificacio/ABCD-EFGH-JK23-MN45-PQRS/",
        "issued_at": datetime(2025, 3, 12, 9, 15, tzinfo=UTC),
        "council_name": "Ajuntament de Mollet del Vallès",
        "subject": "Registry receipt",
        "language": "ca",
    } | kwargs
    return render_document(**arguments)


def info(pdf: bytes):
    reader = PdfFileReader(BytesIO(pdf))
    return reader, reader.trailer["/Info"]


def test_renders_catalan_and_spanish_text_with_an_embedded_font(receipt_content):
    pdf = render(receipt_content)
    assert pdf.startswith(b"%PDF-")
    reader, metadata = info(pdf)
    assert metadata["/Title"] == CATALAN
    assert metadata["/Author"] == "Ajuntament de Mollet del Vallès"
    assert metadata["/Subject"] == "Registry receipt"
    assert reader.root["/Lang"] == "ca"
    page = reader.root["/Pages"]["/Kids"][0]
    fonts = page["/Resources"]["/Font"]
    descriptors = [
        fonts[name]["/FontDescriptor"] for name in fonts if "/FontDescriptor" in fonts[name]
    ]
    names = {str(d["/FontName"]) for d in descriptors if "/FontFile2" in d}
    assert any(name.endswith("BitstreamVeraSans-Roman") for name in names), names


def test_the_same_input_gives_the_same_bytes(receipt_content):
    assert render(receipt_content) == render(receipt_content)
    assert render(receipt_content) != render(receipt_content, csv="ZZZZ-EFGH-JK23-MN45-PQRS")


def test_creation_date_is_the_issue_date(receipt_content):
    _reader, metadata = info(render(receipt_content))
    assert metadata["/CreationDate"].startswith("D:20250312091500")


def test_long_tables_continue_on_more_pages():
    rows = [[f"annex-{n}.pdf", "12 kB", HASH] for n in range(120)]
    content = DocumentContent(
        sections=[Section("Files", table=Table(["File", "Size", "SHA-256"], rows))]
    )
    reader, _metadata = info(render(content))
    assert reader.root["/Pages"]["/Count"] >= 3


def test_markup_in_text_is_shown_not_interpreted():
    content = DocumentContent(
        sections=[Section("<b>R&D</b>", paragraphs=["<i>x</i> & <br/> y\nz"])]
    )
    assert render(content).startswith(b"%PDF-")


def test_old_catalan_l_with_middle_dot_glyph_is_spelt_out():
    assert clean_text("Co\u0140egi") == "Col·egi"


def test_content_structure_refuses_inconsistent_tables_and_empty_sections():
    with pytest.raises(ValueError):
        Table(headers=["a", "b"], rows=[["only one"]])
    with pytest.raises(ValueError):
        Table(headers=["a", "b"], rows=[], widths=[1])
    with pytest.raises(ValueError):
        Section("Nothing under it")
