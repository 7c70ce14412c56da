"""A journalist searches the board, opens a notice and checks its document."""

import hashlib

import pytest

from tests.browser.conftest import MOBILE, assert_accessible, assert_fits


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["desktop", "375px"])
def test_search_the_archive_open_a_notice_and_download_its_document(live_server, page, viewport):
    from tests.tauler.factories import notice_on_display

    if viewport:
        page.set_viewport_size(viewport)
    notice = notice_on_display(
        title="Aprovació inicial del pla especial de la plaça Major",
        text="Es sotmet a informació pública durant vint dies hàbils.",
        documents=1,
    )
    notice_on_display(title="Licitació del servei de neteja viària")
    document = notice.documents.get()

    page.goto(f"{live_server.url}/ca/tauler/arxiu/")
    page.fill("main input[name=q]", "pla especial")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    results = page.locator("main").inner_text()
    assert "plaça Major" in results
    assert "neteja viària" not in results

    page.get_by_role("link", name=notice.title).first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    if viewport:
        assert_fits(page, viewport["width"])
    main = page.locator("main").inner_text()
    assert notice.number in main
    assert document.sha256 in main

    response = page.request.get(f"{live_server.url}{document.get_absolute_url()}")
    assert response.status == 200
    assert hashlib.sha256(response.body()).hexdigest() == document.sha256
