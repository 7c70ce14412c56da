"""What staff write is in one language (SEU_CONTENT_LANGUAGE, Catalan by default); on a
page in another language the elements holding it carry lang, so that a screen reader
reads "Alta al Padró" with a Catalan voice on the Spanish site (WCAG 2.1, 3.1.2)."""

from html.parser import HTMLParser

import pytest

from tests.convocatories.factories import CallFactory
from tests.corporativa.factories import OfficeFactory, PageFactory
from tests.tauler.factories import notice_on_display
from tests.tramits.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class LanguageOfText(HTMLParser):
    """The language each piece of text in <body> is in: the lang of its nearest element
    that has one."""

    def __init__(self):
        super().__init__()
        self.stack = [("html", None)]  # (tag, lang or None)
        self.texts = []  # (text, language)

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.stack = [("html", dict(attrs).get("lang"))]
        elif tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        # What the page shows: not the <title> in <head>.
        if data.strip() and not any(tag == "head" for tag, _lang in self.stack):
            language = next((lang for _tag, lang in reversed(self.stack) if lang), None)
            self.texts.append((" ".join(data.split()), language))


def language_of(html: str, text: str) -> str:
    parser = LanguageOfText()
    parser.feed(html)
    found = [language for piece, language in parser.texts if text in piece]
    assert found, f"{text!r} is not on the page"
    return found[0]


def page(client, obj, language):
    path = obj.get_absolute_url()
    path = "/" + language + path[path.index("/", 1) :]
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_content_is_marked_catalan_on_the_spanish_pages_of_every_section(client):
    procedure = ProcedureFactory(title="Alta al Padró", summary="Inscripció al padró.")
    notice = notice_on_display(title="Edicte de la plaça", text="Es fa públic el projecte.")
    call = CallFactory(title="Conserges d'escola", summary="Borsa de treball.")
    office = OfficeFactory(name="Oficina d'Atenció Ciutadana", summary="Informació i registre.")
    markdown = PageFactory(title="Serveis socials", body="Un paràgraf **important**.")

    for obj, texts in [
        (procedure, ["Alta al Padró", "Inscripció al padró."]),
        (notice, ["Edicte de la plaça", "Es fa públic el projecte."]),
        (call, ["Conserges d'escola", "Borsa de treball."]),
        (office, ["Oficina d'Atenció Ciutadana", "Informació i registre."]),
        (markdown, ["Serveis socials", "Un paràgraf", "important"]),
    ]:
        html = page(client, obj, "es")
        assert '<html lang="es">' in html
        for text in texts:
            assert language_of(html, text) == "ca", (obj, text)
        # The interface around it stays in the page's language.
        assert language_of(html, "Trámites") == "es"


def test_search_results_and_lists_mark_the_titles(client):
    ProcedureFactory(title="Llicència d'obres menors")
    notice_on_display(title="Llicència d'activitat de la plaça")

    html = client.get("/es/cerca/", {"q": "llicencia"}).content.decode()
    assert language_of(html, "obres menors") == "ca"
    assert language_of(html, "activitat de la plaça") == "ca"
    html = client.get("/es/tauler/").content.decode()
    assert language_of(html, "Llicència d'activitat de la plaça") == "ca"


def test_catalan_pages_add_no_attribute(client):
    procedure = ProcedureFactory(title="Alta al Padró")

    html = page(client, procedure, "ca")

    assert language_of(html, "Alta al Padró") == "ca"  # from <html lang="ca">
    assert 'lang="ca">Alta al Padró' not in html


def test_another_content_language_is_marked_on_the_catalan_pages(client, settings):
    settings.SEU_CONTENT_LANGUAGE = "es"
    procedure = ProcedureFactory(title="Alta en el Padrón")

    assert language_of(page(client, procedure, "ca"), "Alta en el Padrón") == "es"
    assert 'lang="es">Alta en el Padrón' not in page(client, procedure, "es")
