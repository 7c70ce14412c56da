"""/api/v1/calls: the published calls with the list page's filters, paginated."""

import datetime

import pytest
from django.utils import timezone, translation

from convocatories.choices import PhaseKind
from tests.convocatories.factories import (
    CallDocumentFactory,
    CallFactory,
    PhaseFactory,
    call_cancelled,
    call_resolved,
)
from tests.tramits.factories import DepartmentFactory

LIST = "/api/v1/calls"


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [call["slug"] for call in response.json()["results"]]


@pytest.fixture
def calls(db):
    esports = DepartmentFactory(slug="esports", name="Esports")
    return {
        "open": CallFactory(slug="policia-local", title="Agent de la policia local"),
        "grant": CallFactory(
            slug="clubs", funding=True, title="Subvencions a clubs", department=esports
        ),
        "upcoming": CallFactory(slug="beques", upcoming=True, title="Beques menjador"),
        "closed": CallFactory(slug="arquitecte", closed=True, title="Arquitecte"),
        "resolved": call_resolved(slug="conserge", title="Conserge"),
        "cancelled": call_cancelled(slug="tecnic", title="Tècnic de medi ambient"),
        "draft": CallFactory(slug="esborrany", published=False),
    }


@pytest.mark.django_db
def test_call_list_shows_published_calls(client, calls):
    response = client.get(LIST)
    body = response.json()
    assert body["count"] == 6
    assert "esborrany" not in slugs(response)
    assert (body["page"], body["page_size"], body["next"], body["previous"]) == (1, 20, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", {"policia-local", "clubs"}),
        ("status=upcoming", {"beques"}),
        ("status=in_progress", {"arquitecte"}),
        ("status=resolved", {"conserge"}),
        ("status=cancelled", {"tecnic"}),
        ("kind=grant", {"clubs"}),
        ("department=esports", {"clubs"}),
        ("department=nowhere", set()),
        ("q=POLICIA", {"policia-local"}),
        ("q=tecnic", {"tecnic"}),
        ("kind=job&status=open", {"policia-local"}),
        ("status=", {"policia-local", "clubs", "beques", "arquitecte", "conserge", "tecnic"}),
    ],
)
def test_call_list_filters(client, calls, query, expected):
    assert set(slugs(client.get(f"{LIST}?{query}"))) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=draft", "status"),
        ("kind=house", "kind"),
        ("department=no%20slug", "department"),
        ("q=" + "x" * 201, "q"),
        ("page_size=101", "page_size"),
    ],
)
def test_unreadable_parameters_are_refused(client, calls, query, parameter):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


@pytest.mark.django_db
def test_open_calls_come_by_the_nearest_deadline(client, db):
    later = CallFactory(slug="later", closes_on=timezone.localdate() + datetime.timedelta(60))
    sooner = CallFactory(slug="sooner", closes_on=timezone.localdate() + datetime.timedelta(9))
    assert slugs(client.get(f"{LIST}?status=open")) == [sooner.slug, later.slug]


@pytest.mark.django_db
def test_call_detail_gives_every_field(client, calls):
    call = calls["open"]
    phase = PhaseFactory(
        call=call,
        kind=PhaseKind.EXAM,
        title="Primer exercici",
        date=datetime.date(2027, 1, 20),
        time=datetime.time(9, 30),
        place="Can Mulà",
        published_at=ago(hours=1),
    )
    CallDocumentFactory(call=call, phase=phase, title="Llista d'aspirants")
    CallDocumentFactory(call=call, title="Model de sol·licitud")
    PhaseFactory(call=call, title="Futura", published_at=timezone.now() + datetime.timedelta(1))

    response = client.get(f"{LIST}/{call.slug}")

    assert response.status_code == 200
    data = response.json()
    with translation.override("ca"):
        url = "http://testserver" + call.get_absolute_url()
    first, last = call.application_days()
    assert data["url"] == url
    assert data["calendar"] == url + "calendari.ics"
    assert data["status"] == "open"
    assert data["kind"] == "job"
    assert data["application_period"]["first_day"] == first.isoformat()
    assert data["application_period"]["last_day"] == last.isoformat()
    assert data["job"] == {
        "position": "Auxiliar administratiu/iva",
        "group": "C2",
        "post_type": "career",
        "places": 2,
        "selection_system": "both",
    }
    assert data["funding"] is None
    assert [p["title"] for p in data["phases"]] == ["Primer exercici"]
    assert data["phases"][0]["time"] == "09:30"
    assert data["phases"][0]["place"] == "Can Mulà"
    assert [d["title"] for d in data["phases"][0]["documents"]] == ["Llista d'aspirants"]
    assert [d["title"] for d in data["documents"]] == ["Model de sol·licitud"]
    assert len(data["documents"][0]["sha256"]) == 64


@pytest.mark.django_db
def test_a_grant_has_its_funding(client, calls):
    data = client.get(f"{LIST}/clubs").json()
    assert data["job"] is None
    assert data["funding"]["total_budget"] == "60000.00"
    assert data["funding"]["max_per_beneficiary"] == "4000.00"
    assert data["department"] == {"slug": "esports", "name": "Esports"}


@pytest.mark.django_db
def test_drafts_and_unknown_calls_are_404(client, calls):
    assert client.get(f"{LIST}/esborrany").status_code == 404
    assert client.get(f"{LIST}/no-such-call").status_code == 404


@pytest.mark.django_db
def test_the_list_costs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    for _ in range(12):
        call = CallFactory()
        PhaseFactory(call=call)
        CallDocumentFactory(call=call)
    with django_assert_max_num_queries(4):
        assert len(slugs(client.get(LIST))) == 12


@pytest.mark.django_db
def test_calls_in_every_status_fit_the_schema(client, calls):
    from tests.api.test_schema import response_schema, schema_validator

    PhaseFactory(call=calls["open"], published_at=ago(hours=1))
    CallDocumentFactory(call=calls["open"])
    page = client.get(LIST).json()

    schema_validator(response_schema("/calls", 200)).validate(page)
    assert {c["status"] for c in page["results"]} == {
        "open",
        "upcoming",
        "in_progress",
        "resolved",
        "cancelled",
    }
    call_schema = schema_validator({"$ref": "#/components/schemas/Call"})
    for call in page["results"]:
        call_schema.validate(call)
