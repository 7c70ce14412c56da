"""What every endpoint shares: methods, headers, errors and pagination."""

import pytest

from tests.tramits.factories import ProcedureFactory

ENDPOINTS = [
    "/api/v1/notices",
    "/api/v1/procedures",
    "/api/v1/procedures/llicencia-obres",
    "/api/v1/openapi.json",
]


@pytest.fixture
def procedures(db):
    """45 published procedures: three pages of 20, the last one of 5."""
    ProcedureFactory(slug="llicencia-obres")
    return ProcedureFactory.create_batch(44)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
def test_answers_are_open_to_every_origin_and_cacheable(client, procedures, url):
    response = client.get(url, headers={"Origin": "https://dades.example.org"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ENDPOINTS)
def test_other_methods_are_a_json_405(client, procedures, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 405
    assert response.json() == {"error": "Method not allowed: the API is read-only."}
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Cache-Control" not in response.headers


@pytest.mark.django_db
def test_a_post_with_a_session_changes_nothing_and_is_405(client, procedures, citizen):
    client.force_login(citizen)
    client.handler.enforce_csrf_checks = True

    response = client.post("/api/v1/procedures", {"title": "x"})

    assert response.status_code == 405


@pytest.mark.django_db
def test_head_and_a_cors_preflight_are_answered(client, procedures):
    head = client.head("/api/v1/procedures")
    preflight = client.options(
        "/api/v1/procedures",
        headers={"Origin": "https://dades.example.org", "Access-Control-Request-Method": "GET"},
    )

    assert head.status_code == 200
    assert head.content == b""
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
def test_pages_link_to_each_other_with_absolute_urls(client, procedures):
    first = client.get("/api/v1/procedures", {"online": "true"}).json()
    second = client.get(first["next"]).json()
    last = client.get(second["next"]).json()

    assert (first["count"], first["page"], first["page_size"]) == (45, 1, 20)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/procedures?online=true&page=2"
    assert second["previous"] == "http://testserver/api/v1/procedures?online=true&page=1"
    assert (last["page"], len(last["results"]), last["next"]) == (3, 5, None)
    slugs = [p["slug"] for page in (first, second, last) for p in page["results"]]
    assert len(set(slugs)) == 45


@pytest.mark.django_db
def test_page_size_up_to_the_maximum(client, procedures):
    assert len(client.get("/api/v1/procedures", {"page_size": 1}).json()["results"]) == 1
    body = client.get("/api/v1/procedures", {"page_size": 100}).json()
    assert (len(body["results"]), body["page_size"], body["next"]) == (45, 100, None)


@pytest.mark.django_db
def test_a_page_past_the_last_is_a_json_404(client, procedures):
    response = client.get("/api/v1/procedures", {"page": 4})

    assert response.status_code == 404
    assert response.json() == {"error": "There is no such page.", "parameter": "page"}


@pytest.mark.django_db
def test_the_first_page_of_an_empty_list_is_empty(client, db):
    response = client.get("/api/v1/notices")

    assert response.status_code == 200
    assert response.json() == {
        "count": 0,
        "page": 1,
        "page_size": 20,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert client.get("/api/v1/notices", {"page": 2}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "query", "parameter"),
    [
        ("/api/v1/procedures", {"page": "0"}, "page"),
        ("/api/v1/procedures", {"page": "-1"}, "page"),
        ("/api/v1/procedures", {"page": "two"}, "page"),
        ("/api/v1/procedures", {"page": "1.5"}, "page"),
        ("/api/v1/procedures", {"page_size": "0"}, "page_size"),
        ("/api/v1/procedures", {"page_size": "101"}, "page_size"),
        ("/api/v1/procedures", {"page_size": "99999999999999999999"}, "page_size"),
        ("/api/v1/procedures", {"audience": "tourists"}, "audience"),
        ("/api/v1/procedures", {"online": "yes"}, "online"),
        ("/api/v1/procedures", {"topic": "no slug!"}, "topic"),
        ("/api/v1/procedures", {"q": "x" * 201}, "q"),
        ("/api/v1/notices", {"state": "scheduled"}, "state"),
        ("/api/v1/notices", {"state": "draft"}, "state"),
        ("/api/v1/notices", {"year": "MMXXV"}, "year"),
        ("/api/v1/notices", {"year": "0"}, "year"),
        ("/api/v1/notices", {"month": "13"}, "month"),
        ("/api/v1/notices", {"pinned": "1"}, "pinned"),
        ("/api/v1/notices", {"category": "<script>"}, "category"),
        ("/api/v1/notices", {"department": "a/b"}, "department"),
        ("/api/v1/notices", {"q": "x" * 201}, "q"),
    ],
)
def test_a_bad_parameter_is_a_json_400_naming_it(client, procedures, url, query, parameter):
    response = client.get(url, query)

    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert parameter in body["error"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_unknown_parameters_are_ignored(client, procedures):
    response = client.get("/api/v1/procedures", {"_": "1732790000", "format": "xml"})

    assert response.status_code == 200
    assert response.json()["count"] == 45


@pytest.mark.django_db
def test_links_do_not_follow_the_clients_language(client, procedures):
    english = client.get("/api/v1/procedures/llicencia-obres", headers={"Accept-Language": "en"})
    spanish = client.get("/api/v1/procedures/llicencia-obres", headers={"Accept-Language": "es"})

    assert english.json()["url"] == spanish.json()["url"]
    assert english.json()["url"] == "http://testserver/ca/tramits/llicencia-obres/"


@pytest.mark.django_db
def test_other_addresses_under_the_api_are_not_found(client, db):
    assert client.get("/api/v1/calls-that-do-not-exist").status_code == 404
