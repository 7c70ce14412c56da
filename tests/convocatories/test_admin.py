"""The back office of Convocatòries: drafts are edited freely; publishing,
resolving and cancelling go through the services; a published call is only
added to; staff see each call's applications."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from convocatories.choices import CallStatus, PhaseKind
from convocatories.models import Application, Call, CallDocument, Phase
from corporativa.business_days import official_today
from tests.accounts.factories import UserFactory
from tests.convocatories.factories import CallDocumentFactory, CallFactory, PhaseFactory
from tests.tauler.factories import pdf_bytes
from tests.tramits.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:convocatories_call_changelist")
ADD = reverse("admin:convocatories_call_add")


def change_url(call):
    return reverse("admin:convocatories_call_change", args=[call.pk])


def hidden_inputs(html: str) -> dict:
    """The hidden inputs of a page (inline management forms and ids), as a browser sends them."""
    data = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            data[name.group(1)] = value.group(1) if value else ""
    return data


def draft_data(**overrides) -> dict:
    today = official_today()
    data = {
        "kind": "job",
        "reference": "2026/OP-050",
        "slug": "bibliotecari-2026",
        "title": "Plaça de bibliotecari/ària",
        "department": DepartmentFactory().pk,
        "summary": "Concurs oposició per a una plaça de bibliotecari/ària.",
        "text": "",
        "procedure": "",
        "position": "Bibliotecari/ària",
        "job_group": "A2",
        "post_type": "career",
        "places": "1",
        "selection_system": "both",
        "beneficiaries": "",
        "bdns_code": "",
        "period_mode": "dates",
        "opens_on": (today - timedelta(days=1)).isoformat(),
        "closes_on": (today + timedelta(days=20)).isoformat(),
        "phases-TOTAL_FORMS": "0",
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def action(client, name, calls, **extra):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [c.pk for c in calls], **extra},
        follow=True,
    )


def test_the_calls_group_holds_every_permission_of_the_app():
    group = Group.objects.get(name="Convocatòries")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"publish_call", "add_call", "change_call", "view_application"} <= codenames


def test_changelist_with_filters_and_search(calls_admin):
    CallFactory(title="Plaça de conserge")
    CallFactory(published=False, title="Esborrany de beca", funding=True)
    assert calls_admin.get(CHANGELIST).status_code == 200
    for status in CallStatus.values:
        assert calls_admin.get(CHANGELIST, {"status": status}).status_code == 200
    drafts = calls_admin.get(CHANGELIST, {"status": "draft"})
    assert [c.title for c in drafts.context["cl"].result_list] == ["Esborrany de beca"]
    found = calls_admin.get(CHANGELIST, {"q": "conserge"})
    assert [c.title for c in found.context["cl"].result_list] == ["Plaça de conserge"]


def test_create_a_draft_with_a_phase_and_a_document(calls_admin):
    assert calls_admin.get(ADD).status_code == 200
    data = draft_data(
        **{
            "phases-TOTAL_FORMS": "1",
            "phases-0-kind": PhaseKind.BASES,
            "phases-0-title": "",
            "phases-0-date": official_today().isoformat(),
            "phases-0-text": "Aprovació de les bases.",
            "documents-TOTAL_FORMS": "1",
            "documents-0-order": "0",
            "documents-0-title": "Temari",
            "documents-0-upload": SimpleUploadedFile("temari.pdf", pdf_bytes("Temari")),
        }
    )
    response = calls_admin.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    call = Call.objects.get()
    assert call.published_at is None
    assert call.phases.get().kind == PhaseKind.BASES
    document = call.documents.get()
    assert len(document.sha256) == 64
    page = calls_admin.get(change_url(call)).content.decode()
    assert "Yes: use the action" in page


def test_a_document_that_is_not_a_pdf_is_refused_with_a_message(calls_admin):
    data = draft_data(
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-order": "0",
            "documents-0-title": "Temari",
            "documents-0-upload": SimpleUploadedFile("temari.pdf", b"not a pdf"),
        }
    )
    response = calls_admin.post(ADD, data)
    assert response.status_code == 200
    assert "is not a PDF file" in response.content.decode()
    assert not Call.objects.exists()


def test_bases_are_fingerprinted_when_saved(calls_admin):
    content = pdf_bytes("Bases")
    response = calls_admin.post(
        ADD, draft_data(bases_document=SimpleUploadedFile("bases.pdf", content))
    )
    assert response.status_code == 302
    call = Call.objects.get()
    assert call.bases_size == len(content)
    assert len(call.bases_sha256) == 64
    bases = calls_admin.get(reverse("admin:convocatories_call_bases", args=[call.pk]))
    assert bases.status_code == 200


def test_draft_page_lists_what_is_missing(calls_admin):
    call = CallFactory(published=False, position="", places=None)
    page = calls_admin.get(change_url(call)).content.decode()
    assert "A public job call needs: position, number of places." in page


def test_publish_action(calls_admin):
    ready = CallFactory(published=False, title="Llesta")
    incomplete = CallFactory(published=False, title="Incompleta", summary="")
    response = action(calls_admin, "publish_selected", [ready, incomplete])
    ready.refresh_from_db()
    incomplete.refresh_from_db()
    assert ready.published_at is not None
    assert incomplete.published_at is None
    content = response.content.decode()
    assert "1 call was published." in content
    assert f"{incomplete.reference}: Write the summary." in content


def test_resolve_action_only_after_the_period(calls_admin):
    closed, open_call = CallFactory(closed=True), CallFactory()
    response = action(calls_admin, "resolve_selected", [closed, open_call])
    closed.refresh_from_db()
    open_call.refresh_from_db()
    assert closed.status == CallStatus.RESOLVED
    assert open_call.status == CallStatus.OPEN
    assert "only after its application period" in response.content.decode()


def test_cancel_action_asks_for_a_reason_first(calls_admin):
    call = CallFactory()
    confirm = action(calls_admin, "cancel_selected", [call])
    assert "Public reason for cancelling" in confirm.content.decode()
    call.refresh_from_db()
    assert call.cancelled_at is None
    empty = action(calls_admin, "cancel_selected", [call], apply="1", reason="  ")
    assert "This field is required." in empty.content.decode()
    action(calls_admin, "cancel_selected", [call], apply="1", reason="Bases errònies.")
    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
    assert call.cancel_reason == "Bases errònies."


def test_staff_without_the_publish_permission_get_no_actions(client):
    user = UserFactory(email="becari@mollet.example", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_call", "change_call", "add_call"])
    )
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    call = CallFactory(published=False)
    response = client.get(CHANGELIST)
    assert "publish_selected" not in response.content.decode()
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [call.pk]})
    call.refresh_from_db()
    assert call.published_at is None


def test_a_published_call_cannot_be_changed_but_takes_new_phases(calls_admin):
    call = CallFactory(title="Títol publicat")
    old_phase = PhaseFactory(call=call, text="Text publicat")
    CallDocumentFactory(call=call, phase=old_phase)
    page = calls_admin.get(change_url(call)).content.decode()
    data = hidden_inputs(page)
    data.update(
        {
            "title": "Títol canviat",
            "phases-0-text": "Text canviat",
            "phases-TOTAL_FORMS": "2",
            "phases-1-kind": PhaseKind.EXAM,
            "phases-1-title": "Primer exercici",
            "phases-1-date": (official_today() + timedelta(days=30)).isoformat(),
            "phases-1-time": "09:30",
            "phases-1-place": "Escola Municipal d'Adults",
            "phases-1-text": "Cal portar el DNI.",
            # The empty document row, as a browser sends it; and a forged deletion.
            "documents-1-order": "0",
            "documents-0-DELETE": "on",
            "_save": "Save",
        }
    )
    response = calls_admin.post(change_url(call), data)
    assert response.status_code == 302, [
        (f.formset.prefix, f.formset.errors, f.formset.non_form_errors())
        for f in response.context["inline_admin_formsets"]
    ]
    call.refresh_from_db()
    assert call.title == "Títol publicat"
    old_phase.refresh_from_db()
    assert old_phase.text == "Text publicat"
    assert CallDocument.objects.count() == 1
    new_phase = Phase.objects.get(kind=PhaseKind.EXAM)
    assert new_phase.place == "Escola Municipal d'Adults"
    assert new_phase.published_at is not None


def test_a_published_call_cannot_be_deleted(calls_admin):
    call = CallFactory()
    response = calls_admin.post(
        reverse("admin:convocatories_call_delete", args=[call.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Call.objects.filter(pk=call.pk).exists()


def test_a_draft_can_be_deleted(calls_admin):
    call = CallFactory(published=False)
    calls_admin.post(reverse("admin:convocatories_call_delete", args=[call.pk]), {"post": "yes"})
    assert not Call.objects.filter(pk=call.pk).exists()


def test_staff_read_the_documents_of_a_draft(calls_admin):
    document = CallDocumentFactory(call=CallFactory(published=False))
    url = reverse("admin:convocatories_call_document", args=[document.call_id, document.pk])
    response = calls_admin.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_applications_of_a_call_link_to_their_cases(calls_admin, open_call, citizen):
    from tramits import services as tramits_services

    draft = tramits_services.draft_for(applicant=citizen, procedure=open_call.procedure)
    from convocatories.models import ApplicationDraft

    ApplicationDraft.objects.create(call=open_call, draft=draft)
    tramits_services.draft_save(draft=draft, answers={"titulacio": "Grau en Dret"})
    submission = tramits_services.submission_register(draft=draft, device_class="desktop")
    application = Application.objects.get()

    page = calls_admin.get(change_url(open_call)).content.decode()
    listing = reverse("admin:convocatories_application_changelist")
    assert f"{listing}?call__id__exact={open_call.pk}" in page
    assert "1 application" in page

    response = calls_admin.get(listing, {"call__id__exact": open_call.pk})
    content = response.content.decode()
    assert reverse("admin:tramits_submission_change", args=[submission.pk]) in content
    assert "Marta Puig i Soler" in content
    assert list(response.context["cl"].result_list) == [application]
    for value in ("on_time", "late"):
        assert calls_admin.get(listing, {"filed": value}).status_code == 200
    assert calls_admin.get(listing, {"filed": "late"}).context["cl"].result_count == 0


def test_the_computed_period_shows_the_holiday_move(calls_admin):
    call = CallFactory(opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 26))
    page = calls_admin.get(change_url(call)).content.decode()
    assert "28/12/2026" in page
    assert "26/12/2026 is not a business day" in page
