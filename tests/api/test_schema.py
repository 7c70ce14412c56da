"""The OpenAPI document is valid and says what the code does: the same routes,
the same parameters, and answers that fit its schemas (which allow no extra field)."""

import re

import pytest
from django.urls import URLPattern

from api import urls as api_urls
from api.params import Params
from api.schema import openapi_document

SCHEMA_URL = "/api/v1/openapi.json"


def documented_paths() -> set[str]:
    return set(openapi_document()["paths"])


def routed_paths() -> set[str]:
    """The api URLconf's routes, written as OpenAPI paths: <int:year> is {year}."""
    paths = set()
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), "the API has no nested includes"
        paths.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)))
    return paths


def schema_validator(schema: dict):
    """A validator of one schema of the document, resolving its $refs."""
    oas = pytest.importorskip("openapi_schema_validator")
    root = {**schema, "components": openapi_document()["components"]}
    return oas.OAS30Validator(root, format_checker=oas.OAS30Validator.FORMAT_CHECKER)


def response_schema(path: str, status: int) -> dict:
    response = openapi_document()["paths"][path]["get"]["responses"][str(status)]
    if "$ref" in response:
        response = openapi_document()["components"]["responses"][response["$ref"].split("/")[-1]]
    return response["content"]["application/json"]["schema"]


def query_parameters(path: str) -> dict[str, dict]:
    document = openapi_document()
    parameters = {}
    for parameter in document["paths"][path]["get"].get("parameters", []):
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].split("/")[-1]]
        if parameter["in"] == "query":
            parameters[parameter["name"]] = parameter
    return parameters


@pytest.fixture
def samples(board, catalogue):
    """A real value for each path parameter of the document (per path where two
    paths name a parameter alike)."""
    from tests.convocatories.factories import CallFactory

    notice = board["permanent"]
    call = CallFactory(slug="auxiliar-administratiu")
    return {
        "year": notice.year,
        "sequence": notice.sequence,
        "slug": "llicencia-obres",
        "/calls/{slug}": {"slug": call.slug},
    }


def test_the_document_is_valid_openapi():
    validator = pytest.importorskip("openapi_spec_validator")

    validator.validate(openapi_document())


def test_the_document_describes_the_api_and_its_licence():
    document = openapi_document()

    assert document["openapi"] == "3.0.3"
    assert document["info"]["version"] == "1.0.0"
    assert document["info"]["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "CC BY 4.0" in document["info"]["description"]
    assert document["servers"] == [{"url": "/api/v1"}]
    assert set(document["components"]["schemas"]) >= {
        "Notice",
        "NoticeDocument",
        "Procedure",
        "NoticePage",
        "ProcedurePage",
        "Call",
        "CallPage",
        "Error",
    }


def test_every_route_is_documented_and_every_documented_path_is_routed():
    assert routed_paths() == documented_paths()


def test_path_parameters_are_documented_as_the_routes_name_them():
    document = openapi_document()
    for path in documented_paths():
        in_path = set(re.findall(r"{(\w+)}", path))
        parameters = document["paths"][path]["get"].get("parameters", [])
        documented = {p["name"] for p in parameters if p.get("in") == "path"}
        assert documented == in_path, path


@pytest.mark.django_db
def test_the_schema_is_served(client):
    response = client.get(SCHEMA_URL)

    assert response.status_code == 200
    assert response.json() == openapi_document()


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(documented_paths()))
def test_every_documented_path_answers_as_documented(client, samples, path):
    url = "/api/v1" + path.format(**{**samples, **samples.get(path, {})})

    response = client.get(url)

    assert response.status_code == 200, url
    schema_validator(response_schema(path, 200)).validate(response.json())


@pytest.mark.django_db
def test_notices_in_every_state_fit_the_schema(client, board, make_notice):
    make_notice(start=board["finished"].start_at, corrects=board["finished"], documents=1)
    notice_schema = schema_validator({"$ref": "#/components/schemas/Notice"})

    page = client.get("/api/v1/notices").json()

    schema_validator(response_schema("/notices", 200)).validate(page)
    assert {n["state"] for n in page["results"]} == {"on_display", "finished", "cancelled"}
    for notice in page["results"]:
        notice_schema.validate(notice)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "url", "status"),
    [
        ("/notices", "/api/v1/notices?page=0", 400),
        ("/notices", "/api/v1/notices?page=9", 404),
        ("/notices/{year}/{sequence}", "/api/v1/notices/1999/1", 404),
        ("/procedures", "/api/v1/procedures?audience=x", 400),
        ("/procedures/{slug}", "/api/v1/procedures/nothing-here", 404),
        ("/calls", "/api/v1/calls?status=draft", 400),
        ("/calls/{slug}", "/api/v1/calls/nothing-here", 404),
    ],
)
def test_errors_fit_the_documented_error_schema(client, db, path, url, status):
    response = client.get(url)

    assert response.status_code == status
    schema_validator(response_schema(path, status)).validate(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/notices", "/procedures", "/calls"])
def test_the_documented_query_parameters_are_those_the_code_reads(client, db, monkeypatch, path):
    read = set()
    original = Params._raw

    def recording(self, name):
        read.add(name)
        return original(self, name)

    monkeypatch.setattr(Params, "_raw", recording)

    assert client.get("/api/v1" + path).status_code == 200
    assert read == set(query_parameters(path))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/notices", "/procedures", "/calls"])
def test_every_documented_enum_value_is_accepted(client, db, path):
    for name, parameter in query_parameters(path).items():
        for value in parameter["schema"].get("enum", []):
            response = client.get("/api/v1" + path, {name: value})
            assert response.status_code == 200, (name, value)
        if parameter["schema"].get("type") == "integer":
            assert client.get("/api/v1" + path, {name: "x"}).json()["parameter"] == name
