import re

import pytest

from accounts.models import User
from tests.browser.conftest import MOBILE, assert_accessible, assert_fits

PASSWORD = "a-long-and-unusual-passphrase-2026"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["desktop", "375px"])
def test_sign_up_verify_log_in_carpeta_log_out(live_server, page, mailoutbox, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    base = live_server.url

    # Sign up, first with a wrong DNI letter: the error is shown beside the field.
    page.goto(f"{base}/ca/compte/alta/")
    page.fill("#id_email", "nuria.vila@example.cat")
    page.fill("#id_full_name", "Núria Vila i Roca")
    page.select_option("#id_id_document_type", "dni")
    page.fill("#id_id_document_number", "12345678A")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_accept_privacy")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    assert page.locator("#id_id_document_number").get_attribute("aria-invalid") == "true"
    assert User.objects.count() == 0

    page.fill("#id_id_document_number", "12345678Z")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    user = User.objects.get(email="nuria.vila@example.cat")
    assert not user.email_verified

    # Open the verification email and follow its link.
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/verificar/\S+", mailoutbox[0].body).group(0)
    page.goto(link)
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    # Opening the link changes nothing (mail scanners open links): the button does.
    user.refresh_from_db()
    assert not user.email_verified
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    user.refresh_from_db()
    assert user.email_verified

    # Log in.
    page.goto(f"{base}/ca/compte/entrar/")
    page.fill("#id_email", "nuria.vila@example.cat")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/compte/carpeta/$"))
    assert "Núria Vila i Roca" in page.locator("main").inner_text()
    assert_accessible(page)
    assert_fits(page, (viewport or {"width": 1280})["width"])

    # Log out from the header.
    page.locator("header form.inline-form button[type=submit]").click()
    page.wait_for_load_state()
    assert (
        page.locator("header")
        .get_by_role("link", name=re.compile("sessi|Log in|Entra", re.I))
        .count()
        >= 1
    )
    page.goto(f"{base}/ca/compte/carpeta/")
    assert "/compte/entrar/" in page.url
