"""A job seeker on a phone finds an open call, reads until when it is open and
follows "Apply online", logs in and confirms, to the procedure's form; axe runs on
every page."""

import re

import pytest

from accounts.models import User
from tests.browser.conftest import MOBILE, assert_accessible, assert_fits

PASSWORD = "a-long-and-unusual-passphrase-2026"


@pytest.fixture
def calls(db):
    from tests.convocatories.factories import CallFactory, PhaseFactory, call_cancelled
    from tests.tramits.factories import ProcedureFactory, ProcedureFieldFactory

    procedure = ProcedureFactory(
        title="Sol·licitud de participació en processos selectius",
        slug="participacio-processos-selectius",
    )
    ProcedureFieldFactory(
        procedure=procedure, order=1, name="titulacio", label="Titulació que acredites"
    )
    call = CallFactory(
        title="Sis places d'agent de la Policia Local",
        slug="agent-policia-local",
        reference="2026/OP-012",
        procedure=procedure,
    )
    PhaseFactory(call=call, kind="bases", text="Aprovació de les bases.")
    CallFactory(upcoming=True, title="Borsa d'auxiliars administratius", procedure=procedure)
    CallFactory(closed=True, title="Tres places de conserge d'escola", procedure=procedure)
    call_cancelled(title="Dues places d'oficial de brigada")
    return call


@pytest.fixture
def citizen(db):
    user = User.objects.create_user(
        "marta.puig@example.cat",
        PASSWORD,
        full_name="Marta Puig i Soler",
        id_document_number="12345678Z",
    )
    User.objects.filter(pk=user.pk).update(email_verified_at="2026-01-01T00:00:00Z")
    return user


@pytest.mark.django_db(transaction=True)
def test_find_an_open_call_read_its_deadline_and_apply_online(live_server, page, calls, citizen):
    from convocatories.dates import days_left_words, until_words

    page.set_viewport_size(MOBILE)
    base = live_server.url

    page.goto(f"{base}/ca/convocatories/")
    assert_accessible(page)
    assert_fits(page, MOBILE["width"])
    open_section = page.locator("section", has=page.locator("#open-title"))
    assert "Borsa d'auxiliars" not in open_section.inner_text()
    open_section.get_by_role("link", name=calls.title).click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == calls.title
    assert_accessible(page)
    assert_fits(page, MOBILE["width"])
    deadline = page.locator("#deadline-title").inner_text()
    assert until_words(calls.last_day, language="ca") in deadline
    days_left = page.locator(".days-left").inner_text().lower()
    assert days_left_words(calls.last_day, language="ca") in days_left

    page.locator("a.button-start").click()
    page.wait_for_load_state()
    # Not logged in yet: the log-in page, then straight on to the form.
    assert "/compte/entrar/" in page.url
    assert_accessible(page)
    page.fill("#id_email", citizen.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # Back from the log-in page: it says what the button does; only the button starts the draft.
    assert re.search(r"/ca/convocatories/agent-policia-local/sollicitar/$", page.url)
    assert "2026/OP-012" in page.locator("main .lead").inner_text()
    assert_accessible(page)
    assert_fits(page, MOBILE["width"])
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert re.search(r"/ca/tramits/participacio-processos-selectius/sollicitud/$", page.url)
    assert page.locator("h1").inner_text() == "Sol·licitud de participació en processos selectius"
    assert "2026/OP-012" in page.locator(".related-notes").inner_text()
    assert_accessible(page)
    assert_fits(page, MOBILE["width"])


@pytest.mark.django_db(transaction=True)
def test_a_closed_call_has_no_button_and_says_why(live_server, page, calls):
    from convocatories.models import Call

    closed = Call.objects.get(title="Tres places de conserge d'escola")
    page.set_viewport_size(MOBILE)
    page.goto(f"{live_server.url}/ca/convocatories/{closed.slug}/")
    assert page.locator("a.button-start").count() == 0
    assert page.locator(".closed-panel").count() == 1
    assert_accessible(page)
    assert_fits(page, MOBILE["width"])
