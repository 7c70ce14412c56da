"""Corporate information in the search of the whole seu and in sitemap.xml:
pages (only public ones), regulations, offices and departments."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from corporativa.search import public_pages
from seu import search
from tests.corporativa.factories import OfficeFactory, PageFactory, RegulationFactory
from tests.tramits.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def sections(text):
    return {s.key: s for s in search.search_everywhere(search.parse(text))}


def test_pages_under_an_unpublished_page_are_not_public():
    top = PageFactory(title="Participació", slug="participacio")
    draft = PageFactory(title="Esborrany", slug="esborrany", is_published=False)
    shown = PageFactory(title="Pressupostos participatius", slug="pressupostos", parent=top)
    hidden = PageFactory(title="Pressupostos en preparació", slug="preparacio", parent=draft)
    deeper = PageFactory(title="Pressupostos annex", slug="annex", parent=hidden)
    # A sibling whose path merely starts like the draft's is not below it.
    lookalike = PageFactory(title="Esborranys antics", slug="esborrany-antic")

    assert set(public_pages()) == {top, shown, lookalike}
    found = sections("pressupostos")["pages"]
    assert [hit.title for hit in found.hits] == ["Pressupostos participatius"]
    assert found.hits[0].url == shown.get_absolute_url()
    assert deeper not in public_pages()


def test_page_bodies_are_searched_as_text_and_quoted_safely():
    PageFactory(
        title="Empadronament",
        summary="",
        body="## Què cal portar\n\nEl **DNI** i un <script>alert(1)</script> contracte de lloguer.",
    )
    hit = sections("contracte lloguer")["pages"].hits[0]
    assert "<script>" not in hit.snippet
    assert "<mark>contracte</mark> de <mark>lloguer</mark>" in hit.snippet
    assert "**" not in hit.snippet and "##" not in hit.snippet


def test_regulations_are_found_accent_insensitively_and_link_to_their_own_search():
    RegulationFactory(title="Ordenança de civisme i convivència", summary="Normes de convivència.")
    RegulationFactory(title="Ordenança fiscal de la taxa de residus", summary="Taxa.")
    RegulationFactory(title="Ordenança retirada", is_published=False)

    found = sections("ordenanca")["regulations"]

    assert found.total == 2
    assert {hit.title for hit in found.hits} == {
        "Ordenança de civisme i convivència",
        "Ordenança fiscal de la taxa de residus",
    }
    assert sections("convivencia")["regulations"].hits[0].date is not None
    assert found.more_url == reverse("corporativa:regulation-list") + "?q=ordenanca"


def test_offices_and_departments_are_found_by_name():
    OfficeFactory(name="Oficina d'Atenció Ciutadana", slug="oac", summary="Registre i padró.")
    DepartmentFactory(name="Serveis Socials", slug="serveis-socials")

    assert sections("atencio ciutadana")["offices"].hits[0].title == "Oficina d'Atenció Ciutadana"
    assert sections("socials")["departments"].hits[0].title == "Serveis Socials"
    assert sections("socials")["offices"].total == 0


def test_sitemap_lists_public_pages_regulations_and_offices(client):
    top = PageFactory(slug="participacio")
    draft = PageFactory(slug="esborrany", is_published=False)
    hidden = PageFactory(slug="amagada", parent=draft)
    regulation = RegulationFactory(slug="civisme")
    repealed_draft = RegulationFactory(slug="no-publicada", is_published=False)
    office = OfficeFactory(slug="oac")

    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {url.find("s:loc", ns).text for url in root.findall("s:url", ns)}

    def loc(obj):
        with translation.override("ca"):
            return "http://testserver" + obj.get_absolute_url()

    assert {loc(top), loc(regulation), loc(office)} <= locations
    assert loc(hidden) not in locations
    assert loc(draft) not in locations
    assert loc(repealed_draft) not in locations
