"""Generic pages in Markdown: sanitising, the tree, publishing, breadcrumbs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from corporativa.markdown import markdown_to_safe_html
from tests.corporativa.factories import PageFactory

HOSTILE = """
# Títol

Text normal amb **negreta**.

<script>alert('xss')</script>
<img src="x" onerror="alert(1)">
<p onclick="alert(2)" style="color:red">Paràgraf</p>
[enllaç dolent](javascript:alert(3))
<a href="JaVaScRiPt:alert(4)">un altre</a>
<a href="data:text/html;base64,PHNjcmlwdD4=">dades</a>
<iframe src="https://example.com"></iframe>
<style>body { display: none }</style>
<svg onload="alert(5)"></svg>
<form action="https://example.com"><input name="x"></form>
[bo](https://www.aepd.es) i [correu](mailto:dpd@mollet.example)
"""


def test_markdown_keeps_text_structure_and_safe_links():
    html = markdown_to_safe_html(HOSTILE, table_label="Prova")
    assert "<strong>negreta</strong>" in html
    assert 'href="https://www.aepd.es"' in html
    assert 'href="mailto:dpd@mollet.example"' in html
    assert "Paràgraf" in html


@pytest.mark.parametrize(
    "forbidden",
    ["<script", "alert('xss')", "onerror", "onclick", "onload", "style=", "javascript:",
     "JaVaScRiPt", "data:text", "<iframe", "<style", "<svg", "<form", "<input", "<img", "<h1"],
)  # fmt: skip
def test_markdown_drops_everything_dangerous(forbidden):
    html = markdown_to_safe_html(HOSTILE, table_label="Prova")
    assert forbidden.lower() not in html.lower()


def test_a_level_one_heading_becomes_level_two():
    assert markdown_to_safe_html("# Títol", table_label="x") == "<h2>Títol</h2>"


def test_tables_scroll_in_a_labelled_region():
    html = markdown_to_safe_html("| a | b |\n|---|---|\n| 1 | 2 |", table_label='Ajuts "2026"')
    assert (
        '<div class="table-scroll" tabindex="0" role="region" aria-label="Ajuts &quot;2026&quot;"><table>'
        in html
    )
    assert html.count("</table></div>") == 1


def test_empty_body_gives_empty_html():
    assert markdown_to_safe_html("  \n", table_label="x") == ""


@pytest.mark.django_db
def test_the_rendered_html_is_stored_on_save():
    page = PageFactory(body="Hola <script>alert(1)</script>**món**")
    page.refresh_from_db()
    assert "<strong>món</strong>" in page.body_html
    assert "script" not in page.body_html


@pytest.mark.django_db
def test_a_script_in_a_page_body_never_reaches_the_browser(client):
    page = PageFactory(slug="prova", body=HOSTILE)
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    for forbidden in ["<script", "onerror", "onclick", "javascript:", "<iframe", "<style"]:
        assert forbidden not in main.lower()
    assert "<strong>negreta</strong>" in main


@pytest.mark.django_db
def test_paths_follow_the_tree_and_move_with_a_parent():
    parent = PageFactory(slug="serveis-socials")
    child = PageFactory(slug="ajudes", parent=parent)
    grandchild = PageFactory(slug="lloguer", parent=child)
    assert grandchild.path == "serveis-socials/ajudes/lloguer"
    assert grandchild.get_absolute_url() == "/en/informacio/pagines/serveis-socials/ajudes/lloguer/"
    parent.slug = "benestar"
    parent.save()
    grandchild.refresh_from_db()
    assert grandchild.path == "benestar/ajudes/lloguer"


@pytest.mark.django_db
def test_sibling_slugs_must_differ_but_cousins_may_repeat():
    first, second = PageFactory(slug="a"), PageFactory(slug="b")
    PageFactory(slug="ajudes", parent=first)
    PageFactory(slug="ajudes", parent=second).full_clean()
    clash = PageFactory.build(slug="ajudes", parent=first)
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "slug" in error.value.message_dict


@pytest.mark.django_db
def test_a_page_cannot_be_placed_under_its_own_subpage():
    parent = PageFactory(slug="a")
    child = PageFactory(slug="b", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "parent" in error.value.message_dict


@pytest.mark.django_db
def test_page_shows_breadcrumbs_and_published_children(client):
    parent = PageFactory(slug="serveis-socials", title="Serveis socials")
    child = PageFactory(slug="ajudes", title="Ajuts socials", parent=parent)
    PageFactory(slug="gent-gran", title="Gent gran", parent=child)
    PageFactory(slug="esborrany", title="Esborrany amagat", parent=child, is_published=False)
    content = client.get(child.get_absolute_url()).content.decode()
    assert f'href="{parent.get_absolute_url()}" lang="ca">Serveis socials</a>' in content
    assert "Gent gran" in content
    assert "Esborrany amagat" not in content


@pytest.mark.django_db
def test_unpublished_pages_and_pages_under_them_are_not_public(client):
    hidden = PageFactory(slug="amagada", is_published=False)
    below = PageFactory(slug="sota", parent=hidden)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(below.get_absolute_url()).status_code == 404
    outline = client.get(reverse("corporativa:page-list")).content.decode()
    assert below.title not in outline


@pytest.mark.django_db
def test_unknown_page_path_is_404(client):
    PageFactory(slug="a")
    url = reverse("corporativa:page", args=["a/no-existeix"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_page_list_shows_the_tree(client):
    parent = PageFactory(slug="habitatge", title="Habitatge")
    PageFactory(slug="borsa", title="Borsa de lloguer", parent=parent)
    content = client.get(reverse("corporativa:page-list")).content.decode()
    assert content.index("Habitatge") < content.index("Borsa de lloguer")
