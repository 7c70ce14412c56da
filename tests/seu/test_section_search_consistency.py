"""A section's own list searched with ?q= finds what the search of the whole seu
counted for that section: the same rows, best first, whatever the accents, the
letter case or the way "l·l" is typed.

The search page links each large group of results to its section's list (the
provider's `more_url`); these tests follow that very link and compare.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from seu import search
from tests.convocatories.factories import CallFactory, call_cancelled
from tests.corporativa.factories import RegulationFactory
from tests.tramits.factories import ProcedureFactory, TopicFactory

pytestmark = pytest.mark.django_db

# Each section of the search page and its own list.
LISTS = {
    "procedures": "tramits:index",
    "calls": "convocatories:call-list",
    "regulations": "corporativa:regulation-list",
}
SECTIONS = tuple(LISTS)

# Query -> how many rows each section holds for it (in the fixture below).
EXPECTED = {
    "tramit": {"procedures": 8, "calls": 6, "regulations": 6},
    "tràmit": {"procedures": 8, "calls": 6, "regulations": 6},
    "TRÀMITS": {"procedures": 8, "calls": 6, "regulations": 6},
    "sol·licitud": {"procedures": 3, "calls": 2, "regulations": 2},
    "sollicitud": {"procedures": 3, "calls": 2, "regulations": 2},
    "sol.licitud": {"procedures": 3, "calls": 2, "regulations": 2},
    "SOL·LICITUDS": {"procedures": 3, "calls": 2, "regulations": 2},
    "llicències": {"procedures": 3, "calls": 2, "regulations": 2},
    "col·legi": {"procedures": 1, "calls": 2, "regulations": 1},
    "collegi": {"procedures": 1, "calls": 2, "regulations": 1},
    "installacio": {"procedures": 1, "calls": 1, "regulations": 1},
    "instal·lació": {"procedures": 1, "calls": 1, "regulations": 1},
    '"sol·licitud de llicència"': {"procedures": 1, "calls": 0, "regulations": 1},
    "tramit -llicencia": {"procedures": 7, "calls": 5, "regulations": 6},
    "helicopter": {"procedures": 0, "calls": 0, "regulations": 0},
}


@pytest.fixture
def corpus():
    """The same words in each section: in titles, summaries and bodies, with and
    without accents, "l·l" written with the middle dot and with a full stop."""
    ProcedureFactory(
        title="Tràmit de sol·licitud de llicència d'obres",
        summary="Per fer obres a casa.",
        description="",
    )
    ProcedureFactory(
        title="Llicències d'activitats",
        summary="Sol·licitud per obrir un establiment.",
        description="Tràmits previs: consulta urbanística.",
    )
    ProcedureFactory(
        title="Beca de menjador escolar",
        summary="Per a l'alumnat de col·legis públics.",
        description="El tràmit es fa amb la sol.licitud del centre.",
    )
    ProcedureFactory(
        title="Instal·lació de terrasses",
        summary="Ocupació de la via pública.",
        description="Cal la llicencia municipal.",
    )
    ProcedureFactory(
        title="Certificat de convivència", summary="Qui viu al domicili.", description=""
    )
    ProcedureFactory(
        title="Queixes i suggeriments",
        summary="Digues-nos com millorar.",
        description="",
        topic=TopicFactory(name="Tràmits generals", slug="tramits-generals"),
    )
    ProcedureFactory(title="Tràmit retirat de sol·licitud", is_published=False)
    ProcedureFactory.create_batch(4, description="")  # "Tràmit de prova N"

    CallFactory(
        reference="2025/BORSA-07",
        title="Tràmit d'admissió a la borsa de treball",
        summary="Sol·licitud en línia.",
        text="",
    )
    CallFactory(
        funding=True,
        title="Subvencions per a la instal·lació de plaques solars",
        summary="Llicència d'obres prèvia.",
        text="Tràmits a la seu.",
    )
    CallFactory(
        funding=True,
        title="Beques per a alumnes de col·legis",
        summary="Per a famílies.",
        text="La sol.licitud es presenta amb el tràmit genèric.",
    )
    CallFactory(title="Conserge de col·legi", summary="Concurs oposició.", position="Conserge")
    CallFactory(title="Tràmit no publicat", published=False)
    call_cancelled(title="Tècnic de llicències", summary="Concurs oposició.", position="Tècnic")
    for n in range(3):
        CallFactory(title=f"Tràmit de prova {n}", summary="Concurs.", position="Administratiu")

    RegulationFactory(
        title="Ordenança de tràmits electrònics", summary="Regula la sol·licitud en línia."
    )
    RegulationFactory(
        title="Ordenança de llicències urbanístiques", summary="Tràmit de comunicació prèvia."
    )
    RegulationFactory(title="Reglament del col·legi municipal", summary="Funcionament.")
    RegulationFactory(title="Ordenança d'instal·lacions", summary="La sol.licitud de llicencia.")
    RegulationFactory(title="Tràmit retirat", summary="Retirat.", is_published=False)
    for n in range(4):
        RegulationFactory(title=f"Ordenança de prova {n}", summary="Tràmit de prova.")


def section_totals(text: str) -> dict[str, int]:
    """What the search page counts for each section, as it renders it."""
    return {s.key: s.total for s in search.search_everywhere(search.parse(text))}


def section_url(key: str, text: str) -> str:
    """The "see all" link of the search page's group `key`."""
    return search.providers[key].more_url(search.parse(text))


def listed(client, url: str, params=None) -> tuple[int, list[str]]:
    """(how many rows a list page counts, the titles of its first page)."""
    response = client.get(url, params)
    assert response.status_code == 200
    page = response.context["page"]
    return page.paginator.count, [row.title for row in page.object_list]


@pytest.mark.parametrize("text", list(EXPECTED))
@pytest.mark.parametrize("key", SECTIONS)
def test_a_sections_list_counts_what_the_search_page_counted(client, corpus, key, text):
    expected = EXPECTED[text][key]
    assert section_totals(text).get(key, 0) == expected

    count, titles = listed(client, section_url(key, text))

    assert count == expected
    assert len(titles) == min(expected, 20)


@pytest.mark.parametrize("text", ["llicencia", "obres", "2026", "plaça"])
@pytest.mark.parametrize("key", SECTIONS)
def test_the_list_agrees_where_the_databases_differ(client, corpus, key, text):
    """PostgreSQL also matches by Spanish stem (`llicencia` finds "llicències"),
    SQLite does not: whatever the database finds, the list finds the same."""
    expected = section_totals(text).get(key, 0)

    assert listed(client, section_url(key, text))[0] == expected


@pytest.mark.parametrize("key", SECTIONS)
def test_the_see_all_link_of_a_large_group_opens_the_sections_own_list(client, corpus, key):
    content = client.get(reverse("search"), {"q": "tràmit"}).content.decode()
    url = section_url(key, "tràmit")

    assert url.startswith(reverse(LISTS[key]) + "?q=")
    assert f'href="{url}"' in content
    assert listed(client, url)[0] == EXPECTED["tràmit"][key]


@pytest.mark.parametrize("key", ["calls", "regulations"])
def test_the_list_starts_with_the_search_pages_best_hits(client, corpus, key):
    hits = next(s for s in search.search_everywhere(search.parse("tramit")) if s.key == key).hits

    titles = listed(client, section_url(key, "tramit"))[1]

    assert titles[: len(hits)] == [hit.title for hit in hits]


def test_the_catalogue_lists_the_best_matches_first(client, corpus):
    titles = listed(client, section_url("procedures", "tramit"))[1]

    # The word in the title ranks above the word in the description or the topic.
    assert [title.startswith("Tràmit") for title in titles] == [True] * 5 + [False] * 3
    # Equals in the catalogue's own order, by title.
    assert titles[:5] == sorted(titles[:5])


@pytest.mark.parametrize("text", ["tràmit", "sollicitud", "col·legi", '"sol·licitud de llicència"'])
def test_the_open_data_of_calls_counts_what_the_search_page_counted(client, corpus, text):
    expected = section_totals(text).get("calls", 0)
    api = client.get(reverse("api:call-list"), {"q": text}).json()
    data = client.get(reverse("convocatories:calls-json"), {"q": text})
    table = client.get(reverse("convocatories:calls-csv"), {"q": text})

    assert api["count"] == expected
    assert len(api["results"]) == expected
    assert json.loads(b"".join(data.streaming_content))["count"] == expected
    rows = csv.DictReader(io.StringIO(b"".join(table.streaming_content).decode("utf-8-sig")))
    assert len(list(rows)) == expected


@pytest.mark.parametrize("text", ["tràmit", "sol.licitud", "llicències", "collegi"])
def test_the_procedures_api_counts_what_the_search_page_counted(client, corpus, text):
    answer = client.get(reverse("api:procedure-list"), {"q": text}).json()

    assert answer["count"] == section_totals(text)["procedures"] == EXPECTED[text]["procedures"]


def test_the_api_lists_procedures_best_first_and_calls_as_their_list_does(client, corpus):
    procedures = client.get(reverse("api:procedure-list"), {"q": "tramit"}).json()["results"]
    calls = client.get(reverse("api:call-list"), {"q": "tramit"}).json()["results"]

    assert [p["title"] for p in procedures] == listed(client, section_url("procedures", "tramit"))[
        1
    ]
    assert [c["title"] for c in calls] == listed(client, section_url("calls", "tramit"))[1]


def test_a_reference_typed_whole_or_in_part_finds_its_call_first(client, corpus):
    # Not the factory's "2026/OP-NNN", which would sooner or later collide.
    CallFactory(reference="2025/BORSA-071", title="Una altra", summary="Concurs.", text="")

    assert section_totals("2025/BORSA-07")["calls"] == 2
    titles = listed(client, section_url("calls", "2025/BORSA-07"))[1]
    assert titles == ["Tràmit d'admissió a la borsa de treball", "Una altra"]
    assert listed(client, section_url("calls", "borsa-071"))[1] == ["Una altra"]


@pytest.mark.parametrize("text", ["!!!", "·", "-"])
def test_a_query_with_no_word_finds_nothing_anywhere(client, corpus, text):
    assert not search.parse(text)
    assert section_totals(text) == {}
    for url_name in LISTS.values():
        assert listed(client, reverse(url_name), {"q": text})[0] == 0


def test_excluded_words_alone_narrow_a_list(client, corpus):
    everything = listed(client, reverse("tramits:index"))[0]

    count, titles = listed(client, reverse("tramits:index"), {"q": "-tramit"})

    assert 0 < count < everything
    assert "Certificat de convivència" in titles
    assert not [title for title in titles if title.startswith("Tràmit")]


@pytest.mark.parametrize(
    ("url_name", "limit"),
    [("tramits:index", 6), ("convocatories:call-list", 6), ("corporativa:regulation-list", 3)],
)
def test_a_searched_list_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, url_name, limit
):
    ProcedureFactory.create_batch(25)
    for n in range(25):
        CallFactory(title=f"Tràmit {n}")
        RegulationFactory(title=f"Ordenança de tràmits {n}")

    with django_assert_max_num_queries(limit):
        response = client.get(reverse(url_name), {"q": "tràmit"})

    assert response.context["page"].paginator.count == 25
