"""The parts of the site-wide search that need no database: folding, reading
the query, word forms and snippets (seu/search.py)."""

import importlib

import pytest

from seu import search


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Tràmit", "tramit"),
        ("LLICÈNCIA", "llicencia"),
        ("Sol·licitud", "sollicitud"),
        ("SOL·LICITUD", "sollicitud"),
        ("sol.licitud", "sollicitud"),
        ("coŀlegi", "collegi"),  # the legacy ŀ character
        ("Plaça Núñez", "placa nunez"),
        ("final. La", "final. la"),  # a full stop between sentences stays
    ],
)
def test_fold_takes_off_accents_case_and_the_middle_dot(typed, folded):
    assert search.fold(typed) == folded


def test_fold_words_lays_words_out_for_a_prefix_like():
    assert search.fold_words("L'Ajuntament: sol·licitud d'ajuts!") == (
        " l ajuntament sollicitud d ajuts "
    )
    assert search.fold_words(None) == " "


def test_word_forms_give_catalan_and_spanish_singulars():
    assert "llicencia" in search.word_forms("llicencies")
    assert "subvencio" in search.word_forms("subvencions")
    assert "tramit" in search.word_forms("tramits")
    assert "solicitud" in search.word_forms("solicitudes")
    assert "placa" in search.word_forms("places")
    assert search.word_forms("obres") == ("obres", "obra", "obre")  # never "obr"
    assert search.word_forms("2026") == ("2026",)


def test_parse_reads_words_phrases_exclusions_and_or():
    query = search.parse('  llicència  "plaça de la vila" -menors festa OR fira ')
    assert query.text == 'llicència "plaça de la vila" -menors festa OR fira'
    assert query.groups == (
        (search.Term(("llicencia",)),),
        (search.Term(("placa", "de", "la", "vila")),),
        (search.Term(("menors",), negated=True),),
        (search.Term(("festa",)), search.Term(("fira",))),
    )


def test_parse_drops_elisions_and_stop_words_but_not_a_lone_one():
    assert search.parse("llicència d'obres de la casa").groups == (
        (search.Term(("llicencia",)),),
        (search.Term(("obres",)),),
        (search.Term(("casa",)),),
    )
    assert search.parse("de").groups == ((search.Term(("de",)),),)


@pytest.mark.parametrize("typed", ["", "   ", "-menors", "' , ; !", '""', "- -"])
def test_a_query_with_nothing_to_find_is_empty(typed):
    assert not search.parse(typed)


def test_parse_bounds_the_query():
    query = search.parse("paraula " * 100)
    assert len(query.text) <= search.MAX_QUERY_LENGTH
    assert sum(len(group) for group in query.groups) <= search.MAX_WORDS


def test_snippet_marks_the_matching_words_whatever_their_accents():
    query = search.parse("sollicitud llicencies")
    html = search.snippet(query, "Per presentar la sol·licitud d'una llicència d'obres.")
    assert html == (
        "Per presentar la <mark>sol·licitud</mark> d&#x27;una <mark>llicència</mark> d&#x27;obres."
    )


def test_snippet_quotes_the_first_text_that_matches_around_the_match():
    query = search.parse("padró")
    long_text = " ".join(["paraula"] * 50) + " del padró municipal " + " ".join(["fi"] * 50)
    html = search.snippet(query, "Resum sense res", long_text, words=10)
    assert html.startswith("… ")
    assert "<mark>padró</mark>" in html
    assert html.endswith(" …")
    assert len(html.split()) < 20


def test_snippet_escapes_html_in_the_text():
    query = search.parse("llicencia")
    html = search.snippet(query, '<img src=x onerror="alert(1)"> llicència <script>x</script>')
    assert "<img" not in html and "<script" not in html
    assert "&lt;img" in html and "<mark>llicència</mark>" in html


def test_snippet_of_markdown_reads_as_text():
    query = search.parse("horari")
    html = search.snippet(query, "## Horari\n\n* **Matins**: [de 9 a 14 h](/horari/)")
    assert html == "<mark>Horari</mark> Matins: de 9 a 14 h"


def test_the_notice_search_column_uses_the_configurations_of_the_search():
    migration = importlib.import_module("tauler.migrations.0005_notice_search_document_weighted")
    assert migration.CONFIGS == (search.CATALAN_CONFIG, search.SPANISH_CONFIG)
    assert migration.GEMINATE_L_SQL_PATTERN == search.GEMINATE_L_SQL_PATTERN
    configurations = importlib.import_module("seu.migrations.0002_search_configurations")
    created = " ".join(configurations.CREATE)
    assert f"CONFIGURATION {search.CATALAN_CONFIG} " in created
    assert f"CONFIGURATION {search.SPANISH_CONFIG} " in created


def test_every_section_registers_a_provider():
    keys = [key for key, _provider in search.providers_in_order()]
    assert keys[:3] == ["procedures", "notices", "calls"]
