import pytest
from django.utils import translation

from tests.tramits.factories import ProcedureFactory

LIST = "/api/v1/procedures"


def slugs(response) -> list[str]:
    return [procedure["slug"] for procedure in response.json()["results"]]


@pytest.mark.django_db
def test_procedure_list_shows_published_procedures_by_title(client, catalogue):
    response = client.get(LIST)

    assert response.status_code == 200
    assert slugs(response) == [
        "empadronament",
        "comunicacio-activitat",
        "llicencia-obres",
        "subvencio-entitats",
    ]
    assert response.json()["count"] == 4


@pytest.mark.django_db
def test_procedure_detail_gives_every_field(client, catalogue):
    procedure = catalogue["llicencia-obres"]

    response = client.get(f"{LIST}/llicencia-obres")

    assert response.status_code == 200
    with translation.override("ca"):
        url = "http://testserver" + procedure.get_absolute_url()
    assert response.json() == {
        "slug": "llicencia-obres",
        "title": "Llicència d'obres majors",
        "summary": "Per construir o reformar un edifici.",
        "topic": {"slug": "habitatge", "name": "Habitatge"},
        "department": {"slug": procedure.department.slug, "name": procedure.department.name},
        "audiences": ["citizens"],
        "available_online": True,
        "in_person": True,
        "fees": "Taxa segons el pressupost de l'obra.",
        "resolution_deadline": {"value": 3, "unit": "months"},
        "silence_effect": "positive",
        "url": url,
    }
    assert url == "http://testserver/ca/tramits/llicencia-obres/"


@pytest.mark.django_db
def test_unpublished_procedure_is_a_json_404(client, catalogue):
    assert "tramit-ocult" not in slugs(client.get(LIST, {"q": "retirat"}))

    response = client.get(f"{LIST}/tramit-ocult")

    assert response.status_code == 404
    assert response.json() == {"error": "Not found."}
    assert client.get(f"{LIST}/no-such-procedure").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "llicència"}, ["llicencia-obres"]),
        ({"q": "OBRIR establiment"}, ["comunicacio-activitat"]),
        ({"q": "econòmiques"}, ["comunicacio-activitat", "subvencio-entitats"]),
        ({"topic": "habitatge"}, ["empadronament", "llicencia-obres"]),
        ({"topic": "no-such-topic"}, []),
        ({"audience": "businesses"}, ["comunicacio-activitat"]),
        ({"audience": "associations"}, ["subvencio-entitats"]),
        ({"audience": "citizens"}, ["empadronament", "llicencia-obres"]),
        ({"online": "false"}, ["subvencio-entitats"]),
        ({"online": "true", "topic": "activitats"}, ["comunicacio-activitat"]),
        ({"q": "", "topic": "", "audience": "", "online": ""}, None),
    ],
)
def test_procedure_list_filters(client, catalogue, query, expected):
    response = client.get(LIST, query)

    assert response.status_code == 200
    everything = slugs(client.get(LIST))
    assert slugs(response) == (everything if expected is None else expected)


@pytest.mark.django_db
def test_procedure_audiences_list_each_one(client, db):
    ProcedureFactory(slug="per-a-tothom", for_businesses=True, for_associations=True)

    data = client.get(f"{LIST}/per-a-tothom").json()

    assert data["audiences"] == ["citizens", "businesses", "associations"]


@pytest.mark.django_db
def test_procedure_list_costs_the_same_queries_for_many_procedures(
    client, db, django_assert_max_num_queries
):
    ProcedureFactory.create_batch(40)

    with django_assert_max_num_queries(2):
        response = client.get(LIST, {"page_size": 40})

    assert len(response.json()["results"]) == 40
