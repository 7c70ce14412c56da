"""Markdown written by staff, turned into HTML that is safe to serve as it is.

Markdown lets raw HTML through, so its output is cleaned with nh3 (the Rust
`ammonia` sanitiser) against a short allow-list: text structure, lists,
tables, links. Everything else goes: <script>, <style>, <iframe>, <img>,
forms, every attribute not listed (on* handlers, style, class), and any URL
whose scheme is not http, https, mailto or tel (javascript:, data:, vbscript:).
"""

import re

import markdown as markdown_package
import nh3
from django.utils.html import escape

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# The page's own title is its only h1: a "# heading" in a body becomes an h2.
_H1 = re.compile(r"<(/?)h1(\W)", re.IGNORECASE)
# Wide tables scroll inside a focusable region instead of widening the page.
_TABLE_OPEN = re.compile(r"<table>")
_TABLE_CLOSE = re.compile(r"</table>")
_SCROLLER = '<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">'


def markdown_to_safe_html(text: str, *, table_label: str) -> str:
    """The sanitised HTML for a Markdown `text` (an empty string for an empty text).

    `table_label` names the scrolling region around each table for screen
    readers (the page's title will do: the stored HTML serves every language).
    """
    if not text or not text.strip():
        return ""
    html = markdown_package.markdown(
        text, extensions=["tables", "sane_lists", "def_list"], output_format="html"
    )
    html = _H1.sub(r"<\1h2\2", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # Added after cleaning: markup of our own, around tables nh3 has already vetted.
    clean = _TABLE_OPEN.sub(_SCROLLER.format(label=escape(table_label)) + "<table>", clean)
    return _TABLE_CLOSE.sub("</table></div>", clean)
