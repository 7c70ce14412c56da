"""The layout of the documents the seu issues: A4, reportlab, nothing else.

`render_document` turns a DocumentContent into PDF bytes: the council on top
of every page, the title, the sections, and at the foot of every page the
secure verification code, the address where anyone can check it, a QR code of
that address and "Page X of Y". The output depends only on the arguments, so
the same input gives the same bytes.

Fonts: Bitstream Vera, which ships inside reportlab, embedded as a subset. It
has every letter Catalan and Spanish need (à, ç, l·l, ñ, «», —, €), and
embedding keeps the document readable the same way everywhere, for years.
"""

import os
import unicodedata
from datetime import datetime
from functools import cache
from io import BytesIO
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import reportlab
from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as RLTable

from documents.content import DocumentContent, Section, Table

FONT = "SeuVera"
FONT_BOLD = "SeuVera-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 30 * mm
MARGIN_BOTTOM = 44 * mm
QR_SIZE = 26 * mm
FOOTER_BASE = 12 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1d1f23")
MUTED = colors.HexColor("#4f5661")
LINE = colors.HexColor("#cfd4da")
SOFT = colors.HexColor("#f3f4f6")
BRAND = colors.HexColor("#8c1d2f")


@cache
def _register_fonts() -> None:
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(folder, "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def _style(name: str, **kwargs) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 10, "leading": 13.5, "textColor": INK}
    return ParagraphStyle(name, **(base | kwargs))


STYLES = {
    "title": _style("title", fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=2 * mm),
    "subtitle": _style("subtitle", fontSize=11.5, leading=15, textColor=MUTED, spaceAfter=2 * mm),
    "heading": _style(
        "heading",
        fontName=FONT_BOLD,
        fontSize=12,
        leading=15,
        spaceBefore=5 * mm,
        spaceAfter=2 * mm,
    ),
    "body": _style("body", spaceAfter=2 * mm),
    "label": _style("label", fontName=FONT_BOLD, fontSize=9.5, leading=12.5),
    "value": _style("value", fontSize=9.5, leading=12.5),
    "th": _style("th", fontName=FONT_BOLD, fontSize=8.5, leading=11),
    "td": _style("td", fontSize=8.5, leading=11),
    "footer": _style("footer", fontSize=7.5, leading=10, textColor=INK),
    "page": _style("page", fontSize=7.5, leading=10, textColor=MUTED, alignment=TA_RIGHT),
}


def clean_text(value) -> str:
    """Text as the fonts can show it: NFC, with the old single-glyph Catalan ŀ spelt l·."""
    text = unicodedata.normalize("NFC", str(value))
    return text.replace("\u0140", "l\u00b7").replace("\u013f", "L\u00b7")


def _markup(value) -> str:
    """Plain text as reportlab paragraph markup: escaped, newlines kept."""
    return escape(clean_text(value)).replace("\n", "<br/>")


def _para(value, style: str) -> Paragraph:
    return Paragraph(_markup(value), STYLES[style])


def _rows_flowable(rows) -> RLTable:
    data = [[_para(label, "label"), _para(value, "value")] for label, value in rows]
    table = RLTable(data, colWidths=[CONTENT_WIDTH * 0.32, CONTENT_WIDTH * 0.68], hAlign="LEFT")
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
        ]
    )
    return table


def _table_flowable(spec: Table) -> RLTable:
    weights = list(spec.widths or [1] * len(spec.headers))
    widths = [CONTENT_WIDTH * weight / sum(weights) for weight in weights]
    data = [[_para(header, "th") for header in spec.headers]]
    data += [[_para(cell, "td") for cell in row] for row in spec.rows]
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), SOFT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, LINE),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
        ]
    )
    return table


def _section_flowables(section: Section) -> list:
    body = []
    if section.rows:
        body.append(_rows_flowable(section.rows))
    if section.table is not None:
        body.append(_table_flowable(section.table))
    body += [_para(text, "body") for text in section.paragraphs]
    # A heading never ends a page alone: with less than a few lines left,
    # the section starts on the next page. (KeepTogether would push a long
    # table whole to the next page and leave a blank half page.)
    return [CondPageBreak(28 * mm), _para(section.heading, "heading"), *body]


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def _pdf_date(moment: datetime) -> str:
    """A PDF date string (ISO 32000 7.9.4) of an aware datetime, in UTC."""
    utc = moment.astimezone(ZoneInfo("UTC"))
    return utc.strftime("D:%Y%m%d%H%M%S+00'00'")


class _Page:
    """Draws what every page carries once the page count is known."""

    def __init__(self, *, council_name: str, csv: str, verification_url: str, issued_at: datetime):
        self.council_name = council_name
        self.csv = csv
        self.verification_url = verification_url
        self.issued_at = issued_at

    def draw(self, canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        self._header(canvas)
        self._footer(canvas, number, total)
        canvas.restoreState()

    def _header(self, canvas: Canvas) -> None:
        top = PAGE_HEIGHT - 14 * mm
        canvas.setFillColor(BRAND)
        canvas.rect(MARGIN_X, top - 9 * mm, 1.4 * mm, 11 * mm, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 11.5)
        canvas.drawString(MARGIN_X + 4 * mm, top - 2 * mm, clean_text(self.council_name))
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 9)
        canvas.drawString(MARGIN_X + 4 * mm, top - 7.5 * mm, clean_text(_("Seu electrònica")))
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 11.5 * mm, PAGE_WIDTH - MARGIN_X, top - 11.5 * mm)

    def _footer(self, canvas: Canvas, number: int, total: int) -> None:
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.6)
        rule = FOOTER_BASE + QR_SIZE + 3 * mm
        canvas.line(MARGIN_X, rule, PAGE_WIDTH - MARGIN_X, rule)

        widget = QrCodeWidget(
            self.verification_url, barLevel="M", barWidth=QR_SIZE, barHeight=QR_SIZE
        )
        drawing = Drawing(QR_SIZE, QR_SIZE)
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, MARGIN_X, FOOTER_BASE)

        when = _local(self.issued_at)
        lines = [
            "{}: <b>{}</b>".format(escape(_("Secure verification code (CSV)")), escape(self.csv)),
            "{}: {}".format(escape(_("Check this document at")), escape(self.verification_url)),
            escape(
                _("Issued and sealed electronically by %(council)s on %(date)s.")
                % {
                    "council": clean_text(self.council_name),
                    "date": when.strftime("%d/%m/%Y %H:%M:%S ") + (when.tzname() or ""),
                }
            ),
        ]
        text_x = MARGIN_X + QR_SIZE + 4 * mm
        block = Paragraph("<br/>".join(lines), STYLES["footer"])
        _w, height = block.wrap(PAGE_WIDTH - MARGIN_X - text_x, QR_SIZE)
        block.drawOn(canvas, text_x, FOOTER_BASE + QR_SIZE - height - 1.5 * mm)

        page_width = 40 * mm

        counter = Paragraph(
            escape(_("Page %(number)s of %(total)s") % {"number": number, "total": total}),
            STYLES["page"],
        )
        counter.wrap(page_width, 20 * mm)
        counter.drawOn(canvas, PAGE_WIDTH - MARGIN_X - page_width, FOOTER_BASE)


def _canvas_class(page: _Page) -> type[Canvas]:
    """A canvas that holds the pages back until it knows how many there are."""

    class PagedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held_pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                page.draw(self, number, total)
                super().showPage()
            super().save()

    return PagedCanvas


def render_document(
    *,
    title: str,
    content: DocumentContent,
    csv: str,
    verification_url: str,
    issued_at: datetime,
    council_name: str,
    subject: str = "",
    language: str = "ca",
) -> bytes:
    """The PDF of a document, unsealed. Strings are used as given (translate them first).

    `csv` is shown as given (grouped, normally); `verification_url` goes in
    the footer and the QR code; `issued_at` (aware) is printed in the
    official time zone and becomes the PDF's creation date.
    """
    _register_fonts()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=clean_text(title),
        author=clean_text(council_name),
        subject=clean_text(subject),
        creator=clean_text(f"{_('Seu electrònica')} - {council_name}"),
        keywords=[csv],
        lang=language,
        # Invariant: no clock time or random file id of reportlab's own, so
        # the bytes depend on the arguments only; the dates come from issued_at.
        invariant=1,
        initialFontName=FONT,
    )
    story: list = [_para(title, "title")]
    if content.subtitle:
        story.append(_para(content.subtitle, "subtitle"))
    story.append(Spacer(1, 2 * mm))
    for section in content.sections:
        story += _section_flowables(section)

    page = _Page(
        council_name=council_name, csv=csv, verification_url=verification_url, issued_at=issued_at
    )
    pdf_date = _pdf_date(issued_at)

    def set_dates(canvas, _doc):
        canvas.setDateFormatter(lambda *_ymdhms: pdf_date)

    doc.build(story, onFirstPage=set_dates, onLaterPages=set_dates, canvasmaker=_canvas_class(page))
    return buffer.getvalue()
