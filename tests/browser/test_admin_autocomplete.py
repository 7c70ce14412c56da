"""Staff who use a screen reader hear which field an autocomplete box is for."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.models import User
from tests.browser.test_tramits_journey import PASSWORD, _log_in

# The ARIA rules the select2 boxes broke (test_admin_forms.py runs every rule on
# every form of the back office).
RULES = ["aria-input-field-name", "aria-valid-attr-value", "aria-allowed-attr"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "label"),
    # The browser asks for Catalan, and the admin follows it.
    [("tauler/notice/add/", "Corregeix"), ("convocatories/call/add/", "Tràmit per presentar")],
)
def test_autocomplete_boxes_are_named_by_their_label(live_server, page_factory, path, label):
    User.objects.create_superuser("secretaria@mollet.example", PASSWORD, full_name="Pere Soler")
    User.objects.filter(email="secretaria@mollet.example").update(
        email_verified_at="2026-01-01T00:00:00Z"
    )
    page = page_factory()
    _log_in(page, live_server.url, "secretaria@mollet.example")
    page.goto(f"{live_server.url}/gestio/{path}")
    page.wait_for_load_state("load")

    assert page.get_by_role("combobox", name=label).count() == 1
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": RULES}})
    assert results.violations_count == 0, results.generate_report()
