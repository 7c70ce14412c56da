"""The whole life of a case in the browser, with axe on every page it visits."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from tests.browser.conftest import assert_accessible
from tramits.choices import FieldKind, Status
from tramits.models import ProcedureField, RegistryEntry, Submission
from tramits.receipts import receipt_content

PASSWORD = "a-long-and-unusual-passphrase-2026"


@pytest.fixture
def procedure(db):
    from tests.tramits.factories import ProcedureFactory

    procedure = ProcedureFactory(
        title="Ocupació de la via pública amb una bastida",
        slug="ocupacio-via-publica-bastida",
        summary="Permís per instal·lar una bastida a la vorera durant unes obres.",
    )
    ProcedureField.objects.create(
        procedure=procedure, order=1, name="adreca", label="Adreça de l'obra", kind=FieldKind.TEXT
    )
    ProcedureField.objects.create(
        procedure=procedure, order=2, name="dies", label="Nombre de dies", kind=FieldKind.NUMBER
    )
    ProcedureField.objects.create(
        procedure=procedure,
        order=3,
        name="planol",
        label="Plànol de situació",
        kind=FieldKind.FILE,
        allowed_types="pdf",
        max_size_mb=5,
    )
    return procedure


@pytest.fixture
def people(db):
    citizen = User.objects.create_user(
        "marta.puig@example.cat",
        PASSWORD,
        full_name="Marta Puig i Soler",
        id_document_number="12345678Z",
    )
    User.objects.filter(pk=citizen.pk).update(email_verified_at="2026-01-01T00:00:00Z")
    clerk = User.objects.create_user(
        "clerk@mollet.example", PASSWORD, full_name="Laia Ferrer", is_staff=True
    )
    User.objects.filter(pk=clerk.pk).update(email_verified_at="2026-01-01T00:00:00Z")
    # Transactional tests empty the tables between tests, data migrations
    # included: the section group is made again the way migrate makes it.
    group, _ = Group.objects.get_or_create(name="Tràmits")
    group.permissions.set(Permission.objects.filter(content_type__app_label="tramits"))
    clerk.groups.add(group)
    return citizen, clerk


def _log_in(page, base, email, path="/ca/compte/entrar/"):
    page.goto(f"{base}{path}")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _admin_change_status(page, base, submission, status, comment):
    page.goto(f"{base}/gestio/tramits/submission/{submission.pk}/change/")
    page.select_option("#id_new_status", status)
    page.fill("#id_public_comment", comment)
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    assert "errornote" not in page.content()


@pytest.mark.django_db(transaction=True)
def test_apply_online_get_receipt_verify_answer_requeriment_and_see_resolution(
    live_server, page_factory, procedure, people, tmp_path, settings
):
    base = live_server.url
    page = page_factory()
    _log_in(page, base, "marta.puig@example.cat")

    # Find the procedure by searching the catalogue.
    page.goto(f"{base}/ca/tramits/")
    page.fill("main input[name=q]", "bastida")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Ocupació de la via pública amb una bastida").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator(f"a[href$='/{procedure.slug}/sollicitud/']").first.click()
    page.wait_for_load_state()

    # Fill the form: first with a missing answer, then completely, with a file.
    plan = tmp_path / "planol.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    page.fill("#id_adreca", "Carrer de Berenguer III, 42")
    page.set_input_files("input[type=file]", str(plan))
    page.locator("button[value=continue]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    assert "planol.pdf" in page.locator("main").inner_text()  # the file was kept
    page.fill("#id_dies", "12")
    page.locator("button[value=continue]").click()
    page.wait_for_url(re.compile(r".*/revisio/$"))
    assert_accessible(page)
    assert "Carrer de Berenguer III, 42" in page.locator("main").inner_text()

    # Submit and see the registry number.
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/les-meves-sollicituds/E-\d{4}-\d{6}/$"))
    assert_accessible(page)
    submission = Submission.objects.get()
    assert submission.number in page.locator("main").inner_text()

    # Download the receipt, then verify its code on the public page.
    with page.expect_download() as download_info:
        page.locator("a[href*='/justificant/']").first.click()
    receipt_path = download_info.value.path()
    with open(receipt_path, "rb") as receipt:
        assert receipt.read().startswith(b"%PDF")
    code = submission.entries.get().receipt.csv_display
    page.goto(f"{base}/ca/verificacio/")
    page.fill("input[name=codi]", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert submission.number in page.locator("main").inner_text()

    # The clerk asks for a document in the back office.
    clerk_page = page_factory()
    _log_in(clerk_page, base, "clerk@mollet.example")
    _admin_change_status(clerk_page, base, submission, Status.IN_PROCESS, "")
    _admin_change_status(
        clerk_page, base, submission, Status.WAITING, "Aporteu l'assegurança de la bastida."
    )
    submission.refresh_from_db()
    assert submission.status == Status.WAITING

    # The citizen answers it with a document: a new registry entry.
    page.goto(f"{base}{submission.get_absolute_url()}")
    assert "Aporteu l'assegurança de la bastida." in page.locator("main").inner_text()
    assert_accessible(page)
    insurance = tmp_path / "asseguranca.pdf"
    insurance.write_bytes(b"%PDF-1.4\n%policy\n%%EOF\n")
    page.fill("#id_text", "Adjunto la pòlissa.")
    page.set_input_files("#id_documents", str(insurance))
    page.locator("form[action$='/requeriment/'] button[type=submit]").click()
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == Status.IN_PROCESS
    assert submission.entries.count() == 2

    # The clerk resolves; the citizen sees the resolution.
    _admin_change_status(
        clerk_page,
        base,
        submission,
        Status.FAVOURABLE,
        "Autorització concedida del 1 al 12 de desembre.",
    )
    page.goto(f"{base}{submission.get_absolute_url()}")
    main = page.locator("main").inner_text()
    assert "Autorització concedida del 1 al 12 de desembre." in main
    assert_accessible(page)


# --- Signing with an accredited identification ------------------------------------


@pytest.fixture
def signed(procedure):
    procedure.signature_required = True
    procedure.save()
    return procedure


@pytest.mark.django_db(transaction=True)
def test_log_in_step_up_with_valid_sign_and_see_the_signature_on_the_receipt(
    live_server, page_factory, signed, people, valid, tmp_path
):
    base = live_server.url
    page = page_factory()
    _log_in(page, base, "marta.puig@example.cat")

    # A signed procedure: the form first, then "identify to go on".
    page.goto(f"{base}/ca/tramits/{signed.slug}/sollicitud/")
    plan = tmp_path / "planol.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    page.fill("#id_adreca", "Carrer de Berenguer III, 42")
    page.fill("#id_dies", "12")
    page.set_input_files("input[type=file]", str(plan))
    page.locator("button[value=continue]").click()
    page.wait_for_load_state()
    assert "Identifica't per continuar" in page.locator("h1").inner_text()
    assert_accessible(page)

    # VÀLid: the provider's page, then back to "check your answers".
    page.locator("main a.button").first.click()
    page.wait_for_load_state()
    page.locator("button[value=valid-marta-mobil]").click()
    page.wait_for_url(re.compile(r".*/revisio/$"))
    assert "Carrer de Berenguer III, 42" in page.locator("main").inner_text()
    assert_accessible(page)

    # Sign: the declaration, then the button.
    page.check("#id_sign")
    page.get_by_role("button", name="Signa i presenta la sol·licitud").click()
    page.wait_for_url(re.compile(r".*/les-meves-sollicituds/E-\d{4}-\d{6}/$"))
    assert_accessible(page)

    entry = RegistryEntry.objects.get()
    assert entry.signature["document_number"] == "12345678Z"
    assert entry.signature["means"] == "idcatMobil"
    assert entry.receipt is not None
    texts = [s.heading for s in receipt_content(entry).sections]
    assert "Signature" in texts
