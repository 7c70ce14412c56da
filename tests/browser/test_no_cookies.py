"""No public page sets a cookie for an anonymous visitor, except the CSRF cookie
on a page that holds a form sent by POST (the cookies page says so, and the
usage statistics need no cookie at all)."""

import pytest

from tests.browser.conftest import DESKTOP, MOBILE
from tests.browser.test_public_pages import PUBLIC_PAGES, _paths

CSRF_COOKIE = "csrftoken"


@pytest.fixture
def public_objects(db):
    """A procedure and a notice on display, as tests/browser/test_public_pages.py makes them."""
    from tests.tauler.factories import notice_on_display
    from tests.tramits.factories import ProcedureFactory

    procedure = ProcedureFactory(
        title="Certificat d'empadronament", slug="certificat-empadronament"
    )
    return procedure, notice_on_display(documents=1, is_pinned=True)


def _cookies(page) -> dict[str, str]:
    return {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}


def _has_post_form(page) -> bool:
    return page.locator("form[method=post], form[method=POST]").count() > 0


@pytest.mark.django_db(transaction=True)
def test_public_pages_set_no_cookie_but_csrf_on_forms(live_server, browser, public_objects):
    paths = _paths(*public_objects)
    assert len(paths) == len(PUBLIC_PAGES)
    problems = []
    with_form = []
    for language in ("ca", "es"):
        for path in paths:
            # A fresh browser context for each page: no cookie to start with.
            context = browser.new_context(viewport=DESKTOP, locale="ca-ES")
            try:
                page = context.new_page()
                url = f"{live_server.url}/{language}/{path}"
                page.goto(url)
                cookies = _cookies(page)
                allowed = {CSRF_COOKIE} if _has_post_form(page) else set()
                if allowed:
                    with_form.append(url)
                unexpected = sorted(set(cookies) - allowed)
                if unexpected:
                    problems.append(f"{url} sets {', '.join(unexpected)}")
            finally:
                context.close()
    assert not problems, "Cookies set for an anonymous visitor:\n" + "\n".join(problems)
    # The check above must have seen pages of both kinds, or it proves little.
    assert with_form, "no public page with a POST form was visited"
    assert len(with_form) < 2 * len(PUBLIC_PAGES)


@pytest.mark.django_db(transaction=True)
def test_a_form_page_sets_only_the_csrf_cookie(live_server, page):
    page.goto(f"{live_server.url}/ca/compte/entrar/")
    assert _has_post_form(page)
    assert set(_cookies(page)) == {CSRF_COOKIE}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["desktop", "375px"])
def test_changing_language_sets_no_cookie(live_server, page, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/ca/tramits/")
    page.locator("nav.languages").get_by_role("link", name="Español").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator("nav.languages").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}/en/")
    assert _cookies(page) == {}
    # The language is in the address, not in a cookie: a new page in Catalan stays Catalan.
    page.goto(f"{live_server.url}/ca/")
    assert page.locator("html").get_attribute("lang") == "ca"
    assert _cookies(page) == {}
