"""The public pages: landing, list with filters and search, a call's page, downloads."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from convocatories.choices import CallKind
from corporativa.business_days import official_today
from tests.convocatories.factories import (
    CallDocumentFactory,
    CallFactory,
    PhaseFactory,
    call_cancelled,
    call_resolved,
)
from tests.tramits.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def index_url():
    return reverse("convocatories:index")


def list_url():
    return reverse("convocatories:call-list")


def titles(response) -> list[str]:
    return [c.title for c in response.context["page"].object_list]


# --- Landing page ---------------------------------------------------------------


def test_landing_page_sorts_calls_into_open_upcoming_and_recently_closed(client):
    open_call = CallFactory(title="Oberta ara")
    upcoming = CallFactory(upcoming=True, title="Propera")
    closed = CallFactory(closed=True, title="Tancada fa poc")
    old = CallFactory(
        title="Tancada fa anys",
        opens_on=official_today() - timedelta(days=400),
        closes_on=official_today() - timedelta(days=380),
    )
    draft = CallFactory(published=False, title="Esborrany")
    cancelled = call_cancelled(title="Anul·lada")

    response = client.get(index_url())

    assert response.status_code == 200
    assert response.context["open_calls"] == [open_call]
    assert response.context["upcoming"] == [upcoming]
    assert response.context["recently_closed"] == [closed]
    content = response.content.decode()
    for hidden in (old, draft, cancelled):
        assert hidden.title not in content


def test_landing_page_without_calls_says_so(client):
    content = client.get(index_url()).content.decode()
    assert "There are no open calls right now." in content


def test_landing_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _n in range(3):
        CallFactory(department=DepartmentFactory())
        CallFactory(upcoming=True, department=DepartmentFactory())
        CallFactory(closed=True, department=DepartmentFactory())
    with django_assert_max_num_queries(6):
        assert client.get(index_url()).status_code == 200


# --- The list ---------------------------------------------------------------------


def test_list_filters_by_kind(client):
    CallFactory(title="Plaça d'auxiliar")
    CallFactory(funding=True, kind=CallKind.SCHOLARSHIP, title="Beca de música")
    response = client.get(list_url(), {"tipus": "scholarship"})
    assert titles(response) == ["Beca de música"]
    assert "<title>Scholarship · All calls" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", "Oberta"),
        ("upcoming", "Propera"),
        ("in_progress", "En curs"),
        ("resolved", "Resolta"),
        ("cancelled", "Anul·lada"),
    ],
)
def test_list_filters_by_status(client, status, expected):
    CallFactory(title="Oberta")
    CallFactory(upcoming=True, title="Propera")
    CallFactory(closed=True, title="En curs")
    call_resolved(title="Resolta")
    call_cancelled(title="Anul·lada")
    CallFactory(published=False, title="Esborrany")
    assert titles(client.get(list_url(), {"estat": status})) == [expected]


def test_list_never_shows_drafts_even_when_asked(client):
    CallFactory(published=False, title="Esborrany")
    assert titles(client.get(list_url(), {"estat": "draft"})) == []
    assert titles(client.get(list_url())) == []


def test_list_filters_by_department(client):
    sports = DepartmentFactory(name="Esports", slug="esports")
    CallFactory(department=sports, title="Subvencions esportives", funding=True)
    CallFactory(title="Plaça d'auxiliar")
    response = client.get(list_url(), {"departament": "esports"})
    assert titles(response) == ["Subvencions esportives"]
    # Only departments with published calls are offered.
    CallFactory(published=False, department=DepartmentFactory(name="Buit", slug="buit"))
    departments = [d.slug for d in client.get(list_url()).context["departments"]]
    assert "buit" not in departments
    assert "esports" in departments


@pytest.mark.parametrize("query", ["educacio", "EDUCACIÓ", "sollicitud", "Sol·licitud"])
def test_search_ignores_accents_case_and_the_middle_dot(client, query):
    CallFactory(title="Tècnic/a d'educació", summary="Sol·licitud de participació.")
    CallFactory(title="Agent de policia", summary="Places d'agent.")
    assert titles(client.get(list_url(), {"q": query})) == ["Tècnic/a d'educació"]


def test_search_finds_a_reference_and_a_position(client):
    CallFactory(reference="2026/OP-042", title="Primera", position="Bibliotecari/ària")
    CallFactory(title="Segona", position="Conserge")
    assert titles(client.get(list_url(), {"q": "OP-042"})) == ["Primera"]
    assert titles(client.get(list_url(), {"q": "bibliotecari"})) == ["Primera"]


def test_search_with_every_word_required(client):
    CallFactory(title="Beques de música")
    CallFactory(title="Beques de menjador")
    assert titles(client.get(list_url(), {"q": "beques musica"})) == ["Beques de música"]


def test_a_search_with_no_result_offers_to_clear_it(client):
    CallFactory()
    content = client.get(list_url(), {"q": "inexistent"}).content.decode()
    assert "No call matches your search." in content


def test_bad_filter_values_are_ignored(client):
    CallFactory(title="Oberta")
    response = client.get(list_url(), {"tipus": "x", "estat": "<script>", "pagina": "abc"})
    assert response.status_code == 200
    assert titles(response) == ["Oberta"]


def test_list_is_paginated_with_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _n in range(25):
        CallFactory(department=DepartmentFactory())
    with django_assert_max_num_queries(6):
        first = client.get(list_url())
    assert len(titles(first)) == 20
    second = client.get(list_url(), {"pagina": "2"})
    assert len(titles(second)) == 5
    assert 'rel="prev"' in second.content.decode()


# --- A call's page ------------------------------------------------------------------


def test_open_call_shows_deadline_days_left_and_the_apply_button(client, open_call):
    response = client.get(open_call.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    last = open_call.last_day
    assert f"until {last.day} " in content and "at 23:59" in content
    left = (last - official_today()).days
    assert f"{left} days left" in content
    assert reverse("convocatories:call-apply", args=[open_call.slug]) in content
    assert "Apply online" in content


def test_the_deadline_reads_in_catalan_and_spanish(client, selection_procedure):
    last = official_today() + timedelta(days=3)
    call = CallFactory(procedure=selection_procedure, closes_on=last)
    url = call.get_absolute_url()
    ca = client.get(url.replace("/en/", "/ca/")).content.decode()
    es = client.get(url.replace("/en/", "/es/")).content.decode()
    from convocatories.dates import days_left_words, until_words

    assert until_words(call.last_day, language="ca") in ca.replace("&#x27;", "'")
    assert until_words(call.last_day, language="es") in es
    assert days_left_words(call.last_day, language="es").capitalize() in es


def test_last_day_says_today(client, selection_procedure, monkeypatch):
    call = CallFactory(
        procedure=selection_procedure, closes_on=official_today() + timedelta(days=3)
    )
    # The page reads "today" in Madrid: make it the call's last day.
    monkeypatch.setattr("convocatories.dates.official_today", lambda: call.last_day)
    assert "Last day today." in client.get(call.get_absolute_url()).content.decode()


def test_upcoming_call_says_when_it_opens_and_has_no_button(client, selection_procedure):
    call = CallFactory(upcoming=True, procedure=selection_procedure)
    content = client.get(call.get_absolute_url()).content.decode()
    assert "Not open for applications yet" in content
    assert f"Applications open on {call.first_day.day} " in content
    assert "Apply online" not in content


def test_closed_call_says_when_it_closed_and_has_no_button(client, selection_procedure):
    call = CallFactory(closed=True, procedure=selection_procedure)
    content = client.get(call.get_absolute_url()).content.decode()
    assert "The application period is over" in content
    assert f"Applications closed on {call.last_day.day} " in content
    assert "Apply online" not in content


def test_cancelled_call_shows_the_reason_and_no_button(client, selection_procedure):
    call = call_cancelled(procedure=selection_procedure, reason="Error a les bases.")
    content = client.get(call.get_absolute_url()).content.decode()
    assert "This call was cancelled" in content
    assert "Error a les bases." in content
    assert "Apply online" not in content


def test_resolved_call_says_so(client, selection_procedure):
    call = call_resolved(procedure=selection_procedure)
    content = client.get(call.get_absolute_url()).content.decode()
    assert "This call is resolved" in content
    assert "Apply online" not in content


def test_open_call_without_an_online_procedure_explains_how_to_apply(client):
    call = CallFactory(procedure=None)
    content = client.get(call.get_absolute_url()).content.decode()
    assert "not made online" in content
    assert "Apply online" not in content


def test_job_and_funding_facts(client):
    job = CallFactory(places=4, position="Conserge")
    content = client.get(job.get_absolute_url()).content.decode()
    assert "<dt>Number of places</dt><dd>4</dd>" in content
    assert '<dt>Position</dt><dd lang="ca">Conserge</dd>' in content
    grant = CallFactory(funding=True, bdns_code="812345")
    content = client.get(grant.get_absolute_url()).content.decode()
    assert "60,000.00 €" in content
    assert "812345" in content
    assert "Number of places" not in content


def test_timeline_shows_phases_with_time_place_and_documents(client):
    call = CallFactory()
    exam = PhaseFactory(
        call=call,
        kind="exam",
        title="Primer exercici",
        date=date(2027, 2, 3),
        time=timezone.datetime(2027, 2, 3, 9, 30).time(),
        place="Escola Municipal d'Adults",
    )
    document = CallDocumentFactory(call=call, phase=exam, title="Convocatòria de l'exercici")
    content = client.get(call.get_absolute_url()).content.decode()
    assert "Primer exercici" in content
    assert "3 February 2027" in content
    assert "at 09:30" in content
    assert "Escola Municipal d&#x27;Adults" in content
    assert document.sha256 in content
    assert document.get_absolute_url() in content


def test_call_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    call = CallFactory()
    for _n in range(4):
        phase = PhaseFactory(call=call)
        CallDocumentFactory(call=call, phase=phase)
        CallDocumentFactory(call=call)
    with django_assert_max_num_queries(6):
        assert client.get(call.get_absolute_url()).status_code == 200


def test_drafts_have_no_public_page(client):
    call = CallFactory(published=False)
    assert client.get(call.get_absolute_url()).status_code == 404


# --- Downloads ------------------------------------------------------------------------


def test_documents_of_published_calls_are_served_as_pdf(client):
    document = CallDocumentFactory(title="Llista provisional")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "llista-provisional.pdf" in response["Content-Disposition"]


def test_documents_of_a_draft_are_not_served(client):
    draft = CallFactory(published=False)
    document = CallDocumentFactory(call=draft)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_document_is_only_served_under_its_own_call(client):
    document = CallDocumentFactory()
    other = CallFactory()
    url = reverse("convocatories:document-download", args=[other.slug, document.pk])
    assert client.get(url).status_code == 404


def test_bases_are_served_for_published_calls_only(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from convocatories import services
    from tests.convocatories.factories import publisher_get
    from tests.tauler.factories import pdf_bytes

    call = CallFactory(published=False)
    services.call_bases_set(
        call=call, upload=SimpleUploadedFile("bases.pdf", pdf_bytes("Bases"), "application/pdf")
    )
    url = reverse("convocatories:bases-download", args=[call.slug])
    assert client.get(url).status_code == 404
    services.call_publish(call=call, by=publisher_get())
    response = client.get(url)
    assert response.status_code == 200
    assert call.bases_sha256 in client.get(call.get_absolute_url()).content.decode()
    no_bases = CallFactory()
    assert (
        client.get(reverse("convocatories:bases-download", args=[no_bases.slug])).status_code == 404
    )


# --- Home page ---------------------------------------------------------------------------


def test_home_page_lists_open_calls(client):
    CallFactory(title="Plaça de conserge")
    CallFactory(upcoming=True, title="Encara no")
    content = client.get(reverse("home")).content.decode()
    assert "Plaça de conserge" in content
    assert "Encara no" not in content
    assert "There are no open calls right now." not in content
