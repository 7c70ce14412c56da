"""The call list as JSON and CSV, with the list page's filters."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from convocatories.data import CSV_FIELDS as CALL_FIELDS
from tests.convocatories.factories import (
    CallDocumentFactory,
    CallFactory,
    PhaseFactory,
    call_cancelled,
)
from tests.tramits.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def ago(**kwargs):
    return timezone.now() - datetime.timedelta(**kwargs)


@pytest.fixture
def calls():
    personal = DepartmentFactory(slug="recursos-humans", name="Recursos Humans")
    esports = DepartmentFactory(slug="esports", name="Esports")
    job = CallFactory(
        title="Agent de la policia local",
        department=personal,
        published__at=ago(days=3),
    )
    grant = CallFactory(
        funding=True, title="Subvencions a clubs", department=esports, published__at=ago(days=2)
    )
    upcoming = CallFactory(upcoming=True, title="Beques menjador", published__at=ago(days=1))
    cancelled = call_cancelled(title="Tècnic de medi ambient")
    CallFactory(published=False, title="Esborrany")
    return {"job": job, "grant": grant, "upcoming": upcoming, "cancelled": cancelled}


def read_json(client, params=None) -> dict:
    response = client.get(reverse("convocatories:calls-json"), params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


def read_csv(client, params=None) -> list[dict]:
    response = client.get(reverse("convocatories:calls-csv"), params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="convocatories.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0].split(",") == list(CALL_FIELDS)
    return rows


def test_json_gives_every_published_call_in_the_api_shape(client, calls):
    PhaseFactory(call=calls["job"], title="Bases", published_at=ago(days=3))
    CallDocumentFactory(call=calls["job"], title="Model de sol·licitud")

    data = read_json(client)

    assert data["count"] == 4
    assert datetime.datetime.fromisoformat(data["generated"])
    titles = {c["title"] for c in data["calls"]}
    assert titles == {
        "Agent de la policia local",
        "Subvencions a clubs",
        "Beques menjador",
        "Tècnic de medi ambient",
    }
    job = next(c for c in data["calls"] if c["slug"] == calls["job"].slug)
    assert job["department"] == {"slug": "recursos-humans", "name": "Recursos Humans"}
    first, last = calls["job"].application_days()
    assert job["application_period"] == {
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "closes": timezone.localtime(calls["job"].closes_at).isoformat(),
    }
    assert job["application_period"]["closes"].endswith("T00:00:00+01:00")
    assert job["job"]["places"] == 2
    assert job["funding"] is None
    assert [p["title"] for p in job["phases"]] == ["Bases"]
    assert [d["title"] for d in job["documents"]] == ["Model de sol·licitud"]
    assert job["url"] == "http://testserver" + calls["job"].get_absolute_url()
    assert job["calendar"].endswith(f"/{calls['job'].slug}/calendari.ics")
    grant = next(c for c in data["calls"] if c["slug"] == calls["grant"].slug)
    assert grant["funding"]["total_budget"] == "60000.00"
    assert grant["job"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tipus": "grant"}, {"grant"}),
        ({"estat": "upcoming"}, {"upcoming"}),
        ({"estat": "cancelled"}, {"cancelled"}),
        ({"departament": "esports"}, {"grant"}),
        ({"q": "policia"}, {"job"}),
        ({"q": "tecnic"}, {"cancelled"}),
        ({"tipus": "job", "estat": "open"}, {"job"}),
        ({"tipus": "nonsense"}, {"job", "grant", "upcoming", "cancelled"}),
    ],
)
def test_json_and_csv_take_the_list_filters(client, calls, params, expected):
    slugs = {calls[name].slug for name in expected}
    assert {c["slug"] for c in read_json(client, params)["calls"]} == slugs
    urls = {row["url"] for row in read_csv(client, params)}
    assert urls == {"http://testserver" + calls[name].get_absolute_url() for name in expected}


def test_csv_flattens_each_call(client, calls):
    PhaseFactory(call=calls["job"], title="Bases", published_at=ago(days=3))

    rows = {row["title"]: row for row in read_csv(client)}

    job = rows["Agent de la policia local"]
    assert job["reference"] == calls["job"].reference
    assert job["kind"] == "job"
    assert job["department"] == "Recursos Humans"
    first, last = calls["job"].application_days()
    assert (job["first_day"], job["last_day"]) == (first.isoformat(), last.isoformat())
    assert job["places"] == "2"
    assert job["total_budget"] == ""
    assert [p["title"] for p in json.loads(job["phases"])] == ["Bases"]
    grant = rows["Subvencions a clubs"]
    assert grant["total_budget"] == "60000.00"
    assert grant["position"] == ""
    cancelled = rows["Tècnic de medi ambient"]
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancelled_reason"] == "Errors en les bases publicades."


def test_exports_cost_a_fixed_number_of_queries(client, calls, django_assert_max_num_queries):
    for _ in range(10):
        call = CallFactory()
        PhaseFactory(call=call)
        CallDocumentFactory(call=call)
    with django_assert_max_num_queries(5):
        assert read_json(client)["count"] == 14
    with django_assert_max_num_queries(5):
        assert len(read_csv(client)) == 14


def test_a_staff_title_that_looks_like_a_formula_is_inert_in_the_csv(client, calls):
    calls["job"].title = '=HYPERLINK("https://evil.example","Bases")'
    calls["job"].save(update_fields=["title"])

    titles = [row["title"] for row in read_csv(client)]

    assert '\'=HYPERLINK("https://evil.example","Bases")' in titles
    assert not any(title.startswith("=") for title in titles)
