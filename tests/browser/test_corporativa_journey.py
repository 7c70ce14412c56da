"""A resident finds the OAC's hours and phone from the home page on a phone, then
reports an accessibility problem; every page on the way passes axe."""

import hashlib

import pytest

from tests.browser.conftest import MOBILE, assert_accessible, assert_fits


def check(page, width=MOBILE["width"]):
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1, page.url
    assert_accessible(page)
    assert_fits(page, width)


@pytest.mark.django_db(transaction=True)
def test_find_the_oac_hours_and_phone_from_the_home_page_at_375px(live_server, page):
    from tests.corporativa.corporate_pages import corporate_pages

    corporate_pages()
    page.set_viewport_size(MOBILE)
    page.goto(f"{live_server.url}/ca/")
    check(page)

    page.locator("nav.main-nav a[href='/ca/informacio/']").click()
    check(page)
    page.locator("main a[href='/ca/informacio/oficines/']").first.click()
    check(page)
    page.locator("main a[href='/ca/informacio/oficines/oac/']").first.click()
    check(page)

    main = page.locator("main")
    assert "93 571 95 00" in main.inner_text()
    assert main.locator("a[href='tel:935719500']").count() == 1
    # This week's hours: seven rows, and today's is marked.
    week = main.locator("#week-caption").locator("xpath=..")
    assert week.locator("tbody tr").count() == 7
    assert week.locator("tbody tr[aria-current='date']").count() == 1
    assert "08:30" in week.inner_text()
    # Open or closed right now, whichever it is, is said in words.
    assert main.locator(".office-now .status").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_session_and_its_minutes_are_reachable_and_accessible(live_server, page):
    from tests.corporativa.corporate_pages import corporate_pages

    objects = corporate_pages()
    session = objects["session"]
    minutes = session.documents.get(kind="minutes")
    page.set_viewport_size(MOBILE)
    page.goto(f"{live_server.url}/ca/informacio/organs/ple/")
    check(page)
    page.locator(f"main a[href='{session.get_absolute_url().replace('/en/', '/ca/')}']").click()
    check(page)
    assert minutes.sha256 in page.locator("main").inner_text()
    response = page.request.get(
        live_server.url + minutes.get_absolute_url().replace("/en/", "/ca/")
    )
    assert response.status == 200
    assert hashlib.sha256(response.body()).hexdigest() == minutes.sha256


@pytest.mark.django_db(transaction=True)
def test_report_an_accessibility_problem_without_an_account(live_server, page):
    from django.core import mail

    from corporativa.models import AccessibilityReport

    page.set_viewport_size(MOBILE)
    page.goto(f"{live_server.url}/ca/")
    page.locator("footer a[href='/ca/accessibilitat/']").click()
    check(page)

    # A report too short first: the error is explained and nothing is stored.
    page.fill("#id_page_url", f"{live_server.url}/ca/tauler/")
    page.fill("#id_description", "curt")
    page.locator("main form.form button[type=submit]").click()
    check(page)
    assert page.locator(".error-summary").count() == 1
    assert AccessibilityReport.objects.count() == 0

    page.fill("#id_description", "El menú d'idiomes no s'anuncia amb el lector de pantalla.")
    page.fill("#id_email", "veina@example.cat")
    page.locator("main form.form button[type=submit]").click()
    check(page)
    assert page.locator(".message-success").count() == 1
    report = AccessibilityReport.objects.get()
    assert report.email == "veina@example.cat"
    assert report.language == "ca"
    assert len(mail.outbox) == 1
