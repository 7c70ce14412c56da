"""Search relevance on a small known corpus, on SQLite and on PostgreSQL alike:
accents either way, the Catalan middle dot, prefixes and plurals, every word
required, titles first, and only what the public may see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from convocatories.models import Call
from seu import search
from tests.tauler.factories import NoticeFactory, notice_on_display
from tests.tramits.factories import DepartmentFactory, ProcedureFactory
from tramits.models import Procedure
from tramits.search import procedures_matching

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    """Procedures a council really has, and one unpublished."""
    return {
        "obres": ProcedureFactory(
            title="Sol·licitud de llicència d'obres menors",
            summary="Per fer obres petites a casa o al local.",
            description="Cal presentar el pressupost de les obres.",
        ),
        "padro": ProcedureFactory(
            title="Certificat d'empadronament",
            summary="El document que acredita on vius.",
            description="Tràmit per obtenir el certificat del padró municipal d'habitants.",
        ),
        "lloguer": ProcedureFactory(
            title="Ajuts per al lloguer",
            summary="Subvencions per pagar el lloguer de l'habitatge habitual.",
            description="Per a persones joves i famílies.",
        ),
        "residus": ProcedureFactory(
            title="Bonificació de la taxa de residus",
            summary="Rebaixa de la taxa per a qui composta a casa.",
            description="Si feu obres, la llicència no canvia la taxa.",
        ),
        "sollicitud": ProcedureFactory(
            title="Cessió d'espais municipals",
            summary="Sol.licitud d'una sala per a entitats.",
            description="",
        ),
        "secret": ProcedureFactory(
            title="Llicència encara en preparació", unpublished=True, summary="No publicat."
        ),
    }


def found(text):
    query = search.parse(text)
    return [p.title for p in procedures_matching(Procedure.objects.published(), query)]


def titles_of(corpus, *keys):
    return [corpus[key].title for key in keys]


@pytest.mark.parametrize("typed", ["llicencia", "llicència", "LLICÈNCIA", "Llicencia"])
def test_accents_and_case_do_not_matter(corpus, typed):
    assert found(typed) == titles_of(corpus, "obres", "residus")


def test_accents_typed_find_words_written_without_them(corpus):
    ProcedureFactory(title="Informacio urbanistica", summary="Sense accents a la base de dades.")
    assert found("informació urbanística") == ["Informacio urbanistica"]


@pytest.mark.parametrize("typed", ["sollicitud", "sol·licitud", "sol.licitud", "SOL·LICITUD"])
def test_the_middle_dot_does_not_matter_either_way(corpus, typed):
    assert sorted(found(typed)) == sorted(titles_of(corpus, "obres", "sollicitud"))


def test_a_word_is_found_by_its_beginning(corpus):
    assert found("empadron") == titles_of(corpus, "padro")
    assert found("tramit") == titles_of(corpus, "padro")  # "Tràmit per obtenir..."
    assert found("subvenc") == titles_of(corpus, "lloguer")


def test_a_plural_finds_the_singular_and_back(corpus):
    assert found("llicencies") == titles_of(corpus, "obres", "residus")
    assert found("ajut") == titles_of(corpus, "lloguer")
    assert found("subvencio") == titles_of(corpus, "lloguer")
    assert found("certificats") == titles_of(corpus, "padro")


def test_every_word_must_match(corpus):
    assert found("llicencia menors") == titles_of(corpus, "obres")
    assert found("llicencia inexistent") == []


def test_a_word_in_the_title_ranks_above_one_in_the_body(corpus):
    # "obres" is in the title and body of one, the body only of the other.
    assert found("obres") == titles_of(corpus, "obres", "residus")
    assert found("taxa") == titles_of(corpus, "residus")


def test_phrases_and_exclusions(corpus):
    assert found('"obres menors"') == titles_of(corpus, "obres")
    assert found('"menors obres"') == []
    assert found("llicencia -menors") == titles_of(corpus, "residus")
    assert sorted(found("empadronament or lloguer")) == sorted(
        titles_of(corpus, "padro", "lloguer")
    )


def test_unpublished_procedures_are_never_found(corpus):
    assert corpus["secret"].title not in found("preparacio")
    assert found("preparacio") == []


def test_search_everywhere_groups_by_section_and_counts(corpus):
    notice_on_display(title="Aprovació de la llicència ambiental de l'escola", text="Edicte.")
    NoticeFactory(title="Llicència en esborrany", text="Encara no publicat.")  # a draft
    Call.objects.create(
        kind="job",
        reference="2026/OP-001",
        slug="auxiliar-administratiu",
        title="Una plaça d'auxiliar administratiu",
        department=DepartmentFactory(),
        summary="Procés de selecció per a la llicència de l'oficina.",
        published_at=timezone.now() - timedelta(days=1),
    )
    Call.objects.create(
        kind="job",
        reference="2026/OP-002",
        slug="esborrany",
        title="Llicència d'una convocatòria sense publicar",
        department=DepartmentFactory(),
        summary="Esborrany.",
    )

    sections = search.search_everywhere(search.parse("llicencia"))

    assert [s.key for s in sections][:3] == ["procedures", "notices", "calls"]
    results = {s.key: s for s in sections}
    assert results["procedures"].total == 2
    assert [hit.title for hit in results["procedures"].hits] == titles_of(
        corpus, "obres", "residus"
    )
    assert results["procedures"].hits[0].url == corpus["obres"].get_absolute_url()
    assert results["notices"].total == 1
    assert results["notices"].hits[0].title == "Aprovació de la llicència ambiental de l'escola"
    assert results["calls"].total == 1
    assert results["calls"].hits[0].title == "Una plaça d'auxiliar administratiu"
    assert "<mark>llicència</mark>" in results["calls"].hits[0].snippet


def test_an_empty_query_searches_nothing(corpus, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search.search_everywhere(search.parse("  ")) == []
