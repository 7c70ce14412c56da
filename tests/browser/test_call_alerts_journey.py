"""A citizen follows a call by email: subscribe on the call page, confirm from
the mail, and stop the alerts from the digest's link."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import MOBILE, assert_accessible, assert_fits


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [None, MOBILE], ids=["desktop", "375px"])
def test_follow_a_call_confirm_and_unsubscribe(live_server, page, viewport, settings):
    from convocatories.digests import alerts_send
    from convocatories.models import AlertSubscription
    from tests.convocatories.factories import CallFactory, PhaseFactory

    settings.SEU_SITE_URL = live_server.url
    if viewport:
        page.set_viewport_size(viewport)
    call = CallFactory(title="Agent de la policia local")

    page.goto(f"{live_server.url}/ca{call.get_absolute_url()[3:]}")
    assert_accessible(page)
    page.fill("input[name=alert-email]", "marta@example.cat")
    page.get_by_role("button", name=re.compile("correu|email", re.I)).click()
    page.wait_for_load_state()
    assert_accessible(page)
    if viewport:
        assert_fits(page, viewport["width"])
    assert "/ca/convocatories/alertes/enviat/" in page.url

    [message] = mail.outbox
    link = re.search(r"http://\S+/alertes/confirmar/\S+/", message.body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert AlertSubscription.objects.get().is_active

    PhaseFactory(call=call, title="Llista provisional d'admesos")
    alerts_send()
    digest = mail.outbox[1]
    assert "Llista provisional d'admesos" in digest.body
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(unsubscribe)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    if viewport:
        assert_fits(page, viewport["width"])
    assert not AlertSubscription.objects.get().is_active
