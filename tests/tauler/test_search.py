"""Text search over notices: full-text on PostgreSQL, word by word on SQLite.

On both databases accents, case and the Catalan middle dot do not matter,
either way ("placa" finds "Plaça", "col·legi" and "collegi" find each other):
the matching is the site-wide search's (seu/search.py; tests/seu/test_search*.py).
"""

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tauler import search
from tauler.models import Notice
from tauler.search import notices_matching
from tests.tauler._helpers_views import category_get, department_get

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


@pytest.fixture
def notice():
    """notice(title, text="", case_reference="", days_ago=0): an unpublished
    notice is enough, the search takes any queryset."""
    category = category_get("edictes")
    department = department_get("secretaria")

    def make(title, text="", case_reference="", days_ago=0):
        return Notice.objects.create(
            title=title,
            text=text,
            case_reference=case_reference,
            category=category,
            department=department,
            start_at=timezone.now() - timedelta(days=days_ago),
            period_business_days=20,
        )

    return make


def titles(text):
    return [n.title for n in notices_matching(Notice.objects.all(), text)]


def test_empty_text_leaves_the_queryset_alone(notice):
    notice("Un")
    notice("Dos")
    queryset = Notice.objects.order_by("title")
    assert notices_matching(queryset, "   ") is queryset


def test_finds_words_in_the_title_the_text_and_the_case_reference(notice):
    notice("Obres al carrer Major")
    notice("Pressupost", text="Exposició pública del pressupost general")
    notice("Edicte", case_reference="2026/0042-URB")
    notice("Res a veure")

    assert titles("carrer") == ["Obres al carrer Major"]
    assert titles("pública") == ["Pressupost"]
    assert titles("2026/0042-URB") == ["Edicte"]
    assert titles("OBRES") == ["Obres al carrer Major"]


def test_every_word_must_match(notice):
    notice("Obres al carrer Major")
    notice("Obres a la plaça")
    assert titles("obres carrer") == ["Obres al carrer Major"]
    assert titles("obres inexistent") == []


def test_a_case_reference_is_found_by_its_beginning(notice):
    notice("Primer", case_reference="2026/0042-URB")
    notice("Segon", case_reference="2026/0043-URB")
    notice("Tercer", case_reference="2025/0042-URB")
    assert sorted(titles("2026/004")) == ["Primer", "Segon"]
    assert titles("2026/0042-urb") == ["Primer"]


def test_an_exact_case_reference_comes_first(notice):
    notice("Esmenta l'expedient 2026/0042-URB al text", days_ago=0)
    notice("L'expedient", case_reference="2026/0042-URB", days_ago=5)
    assert titles("2026/0042-URB")[0] == "L'expedient"


def test_without_a_better_reason_the_newest_comes_first(notice):
    notice("Anunci antic", days_ago=10)
    notice("Anunci nou", days_ago=1)
    assert titles("anunci") == ["Anunci nou", "Anunci antic"]


@on_sqlite
def test_sqlite_ignores_accents_too(notice):
    notice("Obres a la plaça de l'Església")
    assert titles("plaça") == ["Obres a la plaça de l'Església"]
    assert titles("PLACA esglesia") == ["Obres a la plaça de l'Església"]


@on_postgresql
def test_postgresql_ignores_accents_both_ways(notice):
    notice("Obres a la plaça de l'Església")
    notice("Reforma del col·legi Sant Jaume")
    notice("Camí de Can Pèlach", text="Exposició PÚBLICA")
    assert titles("placa esglesia") == ["Obres a la plaça de l'Església"]
    assert titles("PLAÇA") == ["Obres a la plaça de l'Església"]
    assert titles("collegi") == ["Reforma del col·legi Sant Jaume"]
    assert titles("col·legi") == ["Reforma del col·legi Sant Jaume"]
    assert titles("publica cami pelach") == ["Camí de Can Pèlach"]


@on_postgresql
def test_postgresql_reads_the_query_as_a_search_engine_does(notice):
    notice("Obres a la plaça de la Vila")
    notice("Obres menors a la Vila")
    notice("Festa a la plaça")
    assert titles('"plaça de la vila"') == ["Obres a la plaça de la Vila"]
    assert titles("obres -menors") == ["Obres a la plaça de la Vila"]
    assert sorted(titles("festa or menors")) == ["Festa a la plaça", "Obres menors a la Vila"]


@on_postgresql
def test_postgresql_ranks_the_best_match_first(notice):
    notice("Anunci", text="Es parla de subvencions una vegada.", days_ago=0)
    notice(
        "Subvencions a entitats",
        text="Bases de les subvencions. Subvencions per a entitats.",
        days_ago=30,
    )
    assert titles("subvencions") == ["Subvencions a entitats", "Anunci"]


def test_the_search_column_migration_uses_the_accents_of_the_search():
    migration = importlib.import_module("tauler.migrations.0004_notice_search_document_column")
    assert (migration.ACCENTED, migration.PLAIN) == (search.ACCENTED, search.PLAIN)
    assert search.plain("Plaça COL·LEGI Àngel Núñez") == "Placa COLLEGI Angel Nunez"


@on_postgresql
def test_postgresql_uses_the_gin_index(notice):
    category = category_get("edictes")
    department = department_get("secretaria")
    now = timezone.now()
    words = ["obres", "pressupost", "padró", "llicència", "subvenció", "gual", "festa", "taxa"]
    Notice.objects.bulk_create(
        Notice(
            title=f"Anunci {n} sobre {words[n % len(words)]}",
            text=f"Text de l'anunci número {n}. " * 5,
            case_reference=f"2026/{n:05d}-SEC",
            category=category,
            department=department,
            start_at=now - timedelta(minutes=n),
            period_business_days=20,
        )
        for n in range(4000)
    )
    notice("Aprovació de l'ordenança de civisme")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tauler_notice")

    queryset = notices_matching(Notice.objects.all(), "ordenanca civisme")
    # Reading the stored search document is cheap, so on a few thousand rows
    # the planner may rightly prefer a sequential scan: forbid it, to check
    # that the query can use the indexes at all.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = queryset.explain()

    assert [n.title for n in queryset] == ["Aprovació de l'ordenança de civisme"]
    assert "tauler_notice_search_document" in plan, plan
    assert "tauler_notice_case_reference_prefix" in plan, plan
    assert "Seq Scan" not in plan, plan
