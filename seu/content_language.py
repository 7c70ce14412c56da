"""The language staff write content in, and when a page has to say so.

Staff write procedures, notices, calls and pages once, in SEU_CONTENT_LANGUAGE
(Catalan by default). On a page in another language, the elements that hold
that text carry lang, so that a screen reader reads it with the right voice
(WCAG 2.1, 3.1.2). On a page in the content's own language nothing is marked:
<html lang> already says it. Templates read it from the context processor
(content_lang, content_lang_attr, and the content_text tag).
"""

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html


def content_lang() -> str:
    """SEU_CONTENT_LANGUAGE when the active language is another one, else ""."""
    language = settings.SEU_CONTENT_LANGUAGE
    return "" if language == translation.get_language() else language


def lang_span(text, language: str):
    """`text` inside <span lang="language">, escaped; `text` as it is without a language."""
    if not language or text in (None, ""):
        return text
    return format_html('<span lang="{}">{}</span>', language, text)
