"""A citizen on a phone types in the header's search box, without accents,
and reaches the procedure they need."""

import pytest

from tests.browser.conftest import MOBILE, assert_accessible, assert_fits


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_search_from_the_header_on_a_phone_and_open_a_result(live_server, browser, javascript):
    from tests.tauler.factories import notice_on_display
    from tests.tramits.factories import ProcedureFactory

    procedure = ProcedureFactory(
        title="Sol·licitud de llicència d'obres menors",
        summary="Per fer petites obres a casa o al local.",
    )
    ProcedureFactory(title="Certificat d'empadronament")
    notice_on_display(title="Sol·licitud de llicència ambiental", text="Informació pública.")

    context = browser.new_context(viewport=MOBILE, locale="ca-ES", java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/ca/")
        box = page.get_by_role("search").get_by_role("searchbox")
        assert box.is_visible()
        if javascript:  # axe and the width check run scripts in the page
            assert_fits(page, MOBILE["width"])
        box.fill("sollicitud llicencia")
        box.press("Enter")
        page.wait_for_load_state()

        assert page.url.startswith(f"{live_server.url}/ca/cerca/?q=sollicitud+llicencia")
        if javascript:
            assert_accessible(page)
            assert_fits(page, MOBILE["width"])
        assert page.locator("#search-q").input_value() == "sollicitud llicencia"
        main = page.locator("main")
        assert main.get_by_role("heading", level=2).first.inner_text().startswith("Tràmits")
        assert "Certificat d'empadronament" not in main.inner_text()
        assert main.locator("mark").count() >= 2  # the matching words stand out
        assert main.locator("h2").count() == 2  # procedures and notices

        main.get_by_role("link", name=procedure.title).click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}/ca/tramits/{procedure.slug}/"
        assert page.locator("h1").inner_text() == procedure.title
    finally:
        context.close()
