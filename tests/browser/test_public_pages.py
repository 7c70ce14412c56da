import pytest
from django.utils import timezone

from tests.browser.conftest import DESKTOP, MOBILE, assert_accessible, assert_fits

# Every public page, by its path after the language prefix.
PUBLIC_PAGES = [
    "",
    "tramits/",
    "tauler/",
    "convocatories/",
    "convocatories/totes/",
    "convocatories/totes/?tipus=job&estat=open&q=auxiliar",
    "convocatories/{call}/",
    "convocatories/alertes/",
    "convocatories/alertes/enviat/",
    "informacio/",
    "avis-legal/",
    "privacitat/",
    "accessibilitat/",
    "galetes/",
    "ajuda/",
    # Corporate information: the `corporate` fixture makes these slugs.
    "informacio/creacio-de-la-seu/",
    "informacio/govern/",
    "informacio/organs/",
    "informacio/organs/ple/",
    "informacio/departaments/",
    "informacio/departaments/padro/",
    "informacio/oficines/",
    "informacio/oficines/oac/",
    "informacio/normativa/",
    "informacio/normativa/?type=ordinance&status=in_force&q=civisme",
    "informacio/normativa/ordenanca-civisme/",
    "informacio/normativa/ordenanca-convivencia-2008/",
    "informacio/pagines/",
    "informacio/pagines/serveis-socials/ajudes/",
    "identificacio/",
    "accessibilitat/comunicar/",
    "calendari/",
    "calendari/{next_year}/",
    "compte/entrar/",
    "compte/alta/",
    "compte/contrasenya/oblidada/",
    "compte/verificar/reenviar/",
    "verificacio/",
    "estadistiques/definicions/",
    "tramits/{procedure}/",
    "tramits/?q=padr%C3%B3",
    "tauler/arxiu/",
    "tauler/arxiu/?q=informaci%C3%B3",
    "tauler/registre/",
    "tauler/registre/declaracions/",
    "tauler/anuncis/{notice}/",
    "cerca/?q=certificat",
    "cerca/?q=xyzzy",
    "mapa-del-web/",
    "no-existeix/",
]


def _paths(procedure, notice, call=None):
    next_year = timezone.localdate().year + 1
    return [
        p.format(
            next_year=next_year,
            procedure=procedure.slug,
            notice=f"{notice.year}/{notice.sequence}",
            call=call.slug if call else "",
        )
        for p in PUBLIC_PAGES
    ]


@pytest.fixture
def notice(db):
    from tests.tauler.factories import notice_on_display

    return notice_on_display(documents=1, is_pinned=True)


@pytest.fixture
def procedure(db):
    from tests.tramits.factories import ProcedureFactory

    return ProcedureFactory(title="Certificat d'empadronament", slug="certificat-empadronament")


@pytest.fixture
def call(db, procedure):
    """An open job call with a phase and documents, and one of each other status."""
    from tests.convocatories.factories import (
        CallDocumentFactory,
        CallFactory,
        PhaseFactory,
        call_cancelled,
    )

    open_call = CallFactory(procedure=procedure)
    phase = PhaseFactory(call=open_call)
    CallDocumentFactory(call=open_call, phase=phase)
    CallDocumentFactory(call=open_call)
    CallFactory(upcoming=True, funding=True)
    CallFactory(closed=True)
    call_cancelled()
    return open_call


@pytest.fixture
def corporate(db, procedure):
    """Corporate information with the slugs PUBLIC_PAGES names (tests/corporativa/factories)."""
    from tests.corporativa.corporate_pages import corporate_pages

    return corporate_pages(procedure)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ca", "es"])
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "375px"])
@pytest.mark.usefixtures("corporate")
def test_every_public_page_is_accessible(
    live_server, page, language, viewport, procedure, notice, call
):
    page.set_viewport_size(viewport)
    titles = {}
    for path in _paths(procedure, notice, call):
        url = f"{live_server.url}/{language}/{path}"
        response = page.goto(url)
        expected = 404 if path.startswith("no-existeix") else 200
        assert response.status == expected, url
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1, f"{url} must have exactly one h1"
        title = page.title()
        assert title not in titles, f"{url} repeats the title of {titles.get(title)}"
        titles[title] = url
        assert_accessible(page)
        assert_fits(page, viewport["width"])


@pytest.mark.django_db(transaction=True)
def test_skip_link_is_the_first_thing_the_keyboard_reaches(live_server, page):
    page.goto(f"{live_server.url}/ca/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
