"""What staff write is in one language (SEU_CONTENT_LANGUAGE, Catalan by default); on a
page in another language the elements holding it carry lang, so that a screen reader
reads "Alta al Padró" with a Catalan voice on the Spanish site (WCAG 2.1, 3.1.2). The
interface around it (headings, labels, buttons) keeps the page's language.

The pages are parsed into a tree of elements, and each text's language is that of
the nearest element with a lang, as browsers and screen readers take it."""

from datetime import date
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from convocatories.choices import PhaseKind
from corporativa.business_days import official_today
from documents.choices import DocumentKind
from documents.content import DocumentContent
from documents.services import document_issue
from tests.convocatories.factories import CallFactory, PhaseFactory
from tests.corporativa.factories import LocalHolidayFactory, OfficeFactory, PageFactory
from tests.tauler.factories import notice_on_display
from tests.tramits.factories import DepartmentFactory, ProcedureFactory, ProcedureFieldFactory
from tramits.choices import FieldKind

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def elements(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.elements()

    @property
    def text(self) -> str:
        parts = (c if isinstance(c, str) else c.text for c in self.children)
        return " ".join("".join(parts).split())

    @property
    def marked_by(self) -> "Element | None":
        """The nearest element, this one or around it, that has a lang."""
        element = self
        while element is not None and "lang" not in element.attrs:
            element = element.parent
        return element

    @property
    def language(self) -> str | None:
        return self.marked_by.attrs["lang"] if self.marked_by else None

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>{self.text[:60]}"


class Tree(HTMLParser):
    def __init__(self):
        super().__init__()
        self.document = Element("#document", {}, None)
        self.open = [self.document]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.open[-1])
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, dict(attrs), self.open[-1]))

    def handle_endtag(self, tag):
        if any(element.tag == tag for element in self.open[1:]):
            while self.open.pop().tag != tag:
                pass

    def handle_data(self, data):
        self.open[-1].children.append(data)


class Page:
    def __init__(self, html: str):
        tree = Tree()
        tree.feed(html)
        self.root = tree.document
        self.html = next(e for e in self.root.elements() if e.tag == "html")
        self.body = next(e for e in self.root.elements() if e.tag == "body")

    def holding(self, text: str) -> Element:
        """The innermost element of <body> whose text contains `text`."""
        element = self.body
        assert text in element.text, f"{text!r} is not on the page"
        while inner := next(
            (c for c in element.children if isinstance(c, Element) and text in c.text), None
        ):
            element = inner
        return element

    def language_of(self, text: str) -> str | None:
        return self.holding(text).language

    def marked(self, language: str) -> list[Element]:
        """The elements of <body> with lang=`language`, but the language switcher's
        links, which name each language in itself."""
        return [
            e
            for e in self.body.elements()
            if e.attrs.get("lang") == language and "hreflang" not in e.attrs
        ]


def get(client, path: str, **params) -> Page:
    response = client.get(path, params)
    assert response.status_code == 200, path
    return Page(response.content.decode())


def in_language(obj, language: str) -> str:
    """The address of `obj`'s page in another language: /es/... instead of /en/..."""
    path = obj.get_absolute_url()
    return f"/{language}{path[path.index('/', 1) :]}"


def spanish(message) -> str:
    """An interface string as the Spanish pages show it."""
    with translation.override("es"):
        return translation.gettext(str(message))


def assert_content_and_interface(page: Page, *, content: list[str], interface: list[str]):
    assert page.html.attrs["lang"] == "es"
    for text in content:
        element = page.holding(text)
        assert element.language == "ca", (text, element)
        # The mark sits on the content's own element, not on the page or a section.
        assert element.marked_by.tag not in {"html", "body", "main", "section"}, element
    for text in interface:
        assert page.language_of(text) == "es", text


# --- Every section, on its Spanish pages ---------------------------------------------


def test_procedure_page(client):
    procedure = ProcedureFactory(
        title="Alta al Padró",
        summary="Inscripció al padró municipal.",
        description="Per viure al municipi.\nSegon paràgraf.",
        fees="Gratuït.",
        department=DepartmentFactory(name="Servei d'Atenció Ciutadana"),
    )
    page = get(client, in_language(procedure, "es"))
    assert_content_and_interface(
        page,
        content=[
            "Alta al Padró",
            "Inscripció al padró municipal.",
            "Per viure al municipi.",
            "Segon paràgraf.",
            "Gratuït.",
            "Servei d'Atenció Ciutadana",
            "Document d'identitat",
        ],
        interface=["Descripción", "Tasas", "Unidad tramitadora", "Documentos que hay que adjuntar"],
    )
    # The description's paragraphs share one mark, on the element that wraps them.
    paragraph = page.holding("Per viure al municipi.")
    assert paragraph.tag == "p"
    assert paragraph.marked_by.tag == "div"


def test_procedure_form_marks_what_staff_wrote_in_it(client_logged_in):
    procedure = ProcedureFactory(title="Gual")
    ProcedureFieldFactory(
        procedure=procedure,
        label="Adreça del gual",
        help_text="Carrer i número.",
        required=False,
    )
    ProcedureFieldFactory(procedure=procedure, label="Tipus de vehicle", choice=True)
    ProcedureFieldFactory(
        procedure=procedure,
        label="Barri",
        kind=FieldKind.CHOICE,
        choices="\n".join(f"Barri número {n}" for n in range(1, 9)),
    )
    ProcedureFieldFactory(procedure=procedure, label="Té garatge", kind=FieldKind.YES_NO)
    with translation.override("es"):
        path = reverse("tramits:procedure-apply", args=[procedure.slug])

    page = get(client_logged_in, path)

    assert_content_and_interface(
        page,
        content=["Adreça del gual", "Carrer i número.", "Tipus de vehicle", "Opció A"],
        interface=["(opcional)", spanish("Choose an option"), "Sí", "Guardar el borrador"],
    )
    # A select's options carry lang themselves: an <option> holds text only.
    option = page.holding("Barri número 8")
    assert option.tag == "option"
    assert option.attrs["lang"] == "ca"


def test_notice_page(client):
    notice = notice_on_display(title="Edicte de la plaça", text="Es fa públic el projecte.")
    page = get(client, in_language(notice, "es"))
    assert_content_and_interface(
        page,
        content=[
            "Edicte de la plaça",
            "Es fa públic el projecte.",
            notice.category.name,
            notice.department.name,
        ],
        interface=["Texto", "Categoría", "Departamento emisor"],
    )


def test_call_page_with_its_phases(client):
    call = CallFactory(
        title="Conserges d'escola",
        summary="Borsa de treball.",
        text="Les bases són al document.",
    )
    PhaseFactory(
        call=call,
        kind=PhaseKind.EXAM,
        title="Primera prova",
        place="Sala de plens",
        text="Porteu el DNI.",
    )
    PhaseFactory(call=call, kind=PhaseKind.PROVISIONAL_LIST, title="", text="Llista d'admesos.")

    page = get(client, in_language(call, "es"))

    assert_content_and_interface(
        page,
        content=[
            "Conserges d'escola",
            "Borsa de treball.",
            "Les bases són al document.",
            "Primera prova",
            "Sala de plens",
            "Porteu el DNI.",
            "Llista d'admesos.",
            call.department.name,
        ],
        interface=[
            "Texto de la convocatoria",
            "Cronología",
            "Lugar",
            # A phase without a title of its own is named by its kind, in the page's language.
            spanish(PhaseKind.PROVISIONAL_LIST.label),
        ],
    )
    # The place follows its label in the same paragraph: only the place is marked.
    place = page.holding("Sala de plens")
    assert place.tag == "span"
    assert place.parent.tag == "p"
    assert place.parent.language == "es"


def test_corporate_page_rendered_from_markdown(client):
    markdown = PageFactory(
        title="Serveis socials",
        summary="Ajudes i atenció.",
        body="Un paràgraf **important**.\n\n## Com s'hi accedeix\n\n- Amb cita prèvia",
    )
    page = get(client, in_language(markdown, "es"))
    assert_content_and_interface(
        page,
        content=[
            "Serveis socials",
            "Ajudes i atenció.",
            "Un paràgraf important.",
            "important",
            "Com s'hi accedeix",
            "Amb cita prèvia",
        ],
        interface=["Última actualización"],
    )


def test_office_page(client):
    office = OfficeFactory(
        name="Oficina d'Atenció Ciutadana",
        summary="Informació i registre.",
        directions="Davant de l'estació.",
    )
    LocalHolidayFactory(date=official_today(), name="Festa de Sant Vicenç")

    page = get(client, in_language(office, "es"))

    assert_content_and_interface(
        page,
        content=[
            "Oficina d'Atenció Ciutadana",
            "Informació i registre.",
            "Davant de l'estació.",
            "Festa de Sant Vicenç",
        ],
        interface=["Cómo llegar", "Festivo:", "Horario de esta semana"],
    )


def test_calendar_marks_the_local_holidays_only(client):
    """State and Catalan holiday names come translated; local ones are staff's text."""
    LocalHolidayFactory(date=date(2026, 1, 22), name="Sant Vicenç")
    with translation.override("es"):
        path = reverse("corporativa:calendar-year", args=[2026])

    page = get(client, path)

    assert_content_and_interface(page, content=["Sant Vicenç"], interface=["Año Nuevo"])


def test_search_results_mark_titles_and_snippets(client):
    ProcedureFactory(title="Llicència d'obres menors", summary="Per fer obres petites a casa.")
    notice_on_display(title="Llicència d'activitat de la plaça", text="Es concedeix la llicència.")

    page = get(client, "/es/cerca/", q="llicencia")

    assert_content_and_interface(
        page,
        content=["obres menors", "activitat de la plaça", "Es concedeix la"],
        interface=["Trámites", "Tablón de anuncios", "Buscar en la sede"],
    )
    # The matched word is highlighted inside the marked title.
    highlighted = page.holding("Llicència d'obres menors")
    assert highlighted.tag == "a"
    assert highlighted.attrs["lang"] == "ca"


def test_home_page_lists(client):
    ProcedureFactory(title="Alta al Padró")
    notice_on_display(title="Edicte de la plaça")
    CallFactory(title="Conserges d'escola")

    page = get(client, "/es/")

    assert_content_and_interface(
        page,
        content=["Alta al Padró", "Edicte de la plaça", "Conserges d'escola"],
        interface=["Últimos anuncios", "Convocatorias abiertas", "Trámites más utilizados"],
    )


# --- Pages in the content's own language, and another content language ---------------


def test_catalan_pages_mark_nothing(client):
    pages = [
        (ProcedureFactory(title="Alta al Padró"), "Alta al Padró"),
        (notice_on_display(title="Edicte de la plaça"), "Edicte de la plaça"),
        (CallFactory(title="Conserges d'escola"), "Conserges d'escola"),
        (PageFactory(title="Serveis socials"), "Serveis socials"),
        (OfficeFactory(name="Oficina d'Atenció Ciutadana"), "Oficina d'Atenció Ciutadana"),
    ]
    for obj, title in pages:
        page = get(client, in_language(obj, "ca"))
        assert page.html.attrs["lang"] == "ca"
        assert page.language_of(title) == "ca"  # from <html lang="ca">
        assert page.marked("ca") == [], obj
    for path, params in [("/ca/", {}), ("/ca/cerca/", {"q": "padro"})]:
        page = get(client, path, **params)
        assert page.language_of("Alta al Padró") == "ca"
        assert page.marked("ca") == [], path


def test_another_content_language_is_marked_on_the_catalan_pages(client, settings):
    settings.SEU_CONTENT_LANGUAGE = "es"
    procedure = ProcedureFactory(
        title="Alta en el Padrón", description="Para vivir en el municipio."
    )

    page = get(client, in_language(procedure, "ca"))
    assert page.html.attrs["lang"] == "ca"
    assert page.language_of("Alta en el Padrón") == "es"
    assert page.language_of("Para vivir en el municipio.") == "es"
    assert page.language_of("Descripció") == "ca"

    assert get(client, in_language(procedure, "es")).marked("es") == []


def test_an_issued_document_keeps_the_language_it_was_written_in(client, citizen):
    """A receipt's title is written in its owner's language when it is issued, not in
    the content language: its verification page marks that language instead."""
    document = document_issue(
        kind=DocumentKind.RECEIPT,
        title="Justificante de registro E/2026/000001",
        content=DocumentContent(subtitle="E/2026/000001", sections=[]),
        owner=citizen,
        language="es",
    )

    page = get(client, in_language(document, "ca"))
    assert page.language_of("Justificante de registro") == "es"
    assert page.language_of("Document") == "ca"

    page = get(client, in_language(document, "es"))
    assert page.holding("Justificante de registro").marked_by is page.html


def test_mails_are_never_marked():
    """A mail is rendered without a request, so without the page's context: the call's
    title, which pages in Spanish mark, stays plain text in a Spanish mail."""
    call = CallFactory(title="Conserges de les escoles")
    subscription = SimpleNamespace(scope="call_phases", call=call)

    with translation.override("es"):
        text = render_to_string("convocatories/alerts/_what.html", {"subscription": subscription})

    assert "Conserges de les escoles" in text
    assert "<span" not in text
