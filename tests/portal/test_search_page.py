"""The search page (/cerca/) and the search box in the header of every page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from convocatories.models import Call
from tests.tauler.factories import notice_on_display
from tests.tramits.factories import DepartmentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def get(client, q=None):
    url = reverse("search")
    return client.get(url, {"q": q} if q is not None else {})


def test_every_page_has_the_search_box_in_its_header(client):
    content = client.get(reverse("home")).content.decode()
    header = content.split("</header>")[0]
    form = re.search(r'<form class="site-search"[^>]*>.*?</form>', header, re.S).group(0)
    assert f'action="{reverse("search")}"' in form
    assert 'method="get"' in form
    assert 'name="q"' in form
    assert '<label for="site-search-q"' in form


def test_results_are_grouped_by_section_with_the_query_kept(client):
    ProcedureFactory(title="Llicència d'obres menors", summary="Per fer obres a casa.")
    notice_on_display(title="Llicència ambiental del taller", text="Informació pública.")

    response = get(client, "llicencia")

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="llicencia"' in content
    assert "2 results for «llicencia»" in content
    procedures = content.index('id="results-procedures"')
    notices = content.index('id="results-notices"')
    assert procedures < content.index("<mark>Llicència</mark> d&#x27;obres menors") < notices
    assert notices < content.index("<mark>Llicència</mark> ambiental del taller")
    assert 'id="results-calls"' not in content  # no match there: no empty group
    assert '<meta name="robots" content="noindex">' in content


def test_a_large_group_links_to_the_sections_own_search(client):
    for n in range(7):
        ProcedureFactory(title=f"Ajut número {n} per al lloguer")

    content = get(client, "lloguer").content.decode()

    assert content.count("Ajut número") == 5
    link = reverse("tramits:index") + "?q=lloguer"
    assert f'<a href="{link}">See all 7 results in Procedures</a>' in content


def test_an_empty_query_explains_and_suggests(client):
    content = get(client).content.decode()
    assert "<h1>Search the seu</h1>" in content
    assert "Browse the seu" in content
    assert reverse("tramits:index") in content
    assert "results for" not in content
    assert "Nothing found" not in content


def test_no_results_says_so_and_suggests(client):
    ProcedureFactory(generic=True)
    content = get(client, "xyzzy").content.decode()
    assert "Nothing found for «xyzzy»" in content
    assert "Browse the seu" in content
    assert (
        'href="/en/tramits/instancia-generica/"><span lang="ca">Instància genèrica</span></a>'
        in content
    )


def test_the_echoed_query_and_the_snippets_are_escaped(client):
    ProcedureFactory(
        title="Llicència <b>d'obres</b>",
        summary='<img src=x onerror="alert(1)"> llicència de <script>alert(2)</script>',
    )

    content = get(client, "llicencia").content.decode()
    assert "<mark>llicència</mark>" in content
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert "<b>d'obres</b>" not in content
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in content

    content = get(client, '"><script>alert(3)</script>').content.decode()
    assert "<script>alert" not in content
    assert 'value="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in content


def test_the_search_page_answers_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    department = DepartmentFactory()
    for n in range(8):
        ProcedureFactory(title=f"Llicència {n}", department=department)
        notice_on_display(title=f"Llicència ambiental {n}")
        Call.objects.create(
            kind="job",
            reference=f"2026/OP-{n:03d}",
            slug=f"llicencia-{n}",
            title=f"Llicència {n} de la convocatòria",
            department=department,
            summary="Convocatòria.",
            published_at=timezone.now() - timedelta(days=1),
        )
    from seu.search import providers

    # One query per section (its matches, counted by a window over them), and
    # at most two more that any page may make (the council's record, cached).
    with django_assert_max_num_queries(len(providers) + 2):
        response = get(client, "llicencia")
    assert response.content.decode().count("See all 8 results") == 3


def test_a_head_request_is_answered_and_a_post_is_not(client):
    assert client.head(reverse("search"), {"q": "x"}).status_code == 200
    assert client.post(reverse("search"), {"q": "x"}).status_code == 405


@pytest.mark.parametrize("language", ["ca", "es"])
def test_the_search_page_answers_in_each_language(client, language):
    from django.utils import translation

    with translation.override(language):
        url = reverse("search")
    assert url == f"/{language}/cerca/"
    content = client.get(url, {"q": "res"}).content.decode()
    assert f'<html lang="{language}">' in content
