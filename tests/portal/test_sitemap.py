"""sitemap.xml, robots.txt and the site map page (portal/sitemaps.py)."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation

from convocatories.models import Call
from portal.sitemaps import SITE_MAP
from tests.tauler.factories import notice_finished, notice_on_display
from tests.tramits.factories import DepartmentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # well-formed XML, or this raises
    assert root.tag == f"{{{NS['s']}}}urlset"
    return {
        url.find("s:loc", NS).text: url
        for url in root.findall("s:url", NS)  # keyed by address
    }


def absolute(path):
    return f"http://testserver{path}"


def in_language(code, name, **kwargs):
    with translation.override(code):
        return reverse(name, kwargs=kwargs or None)


def test_sitemap_lists_every_public_page_in_every_language_with_alternates(client):
    urls = sitemap(client)

    for code in LANGUAGES:
        home = urls[absolute(in_language(code, "home"))]
        links = {link.get("hreflang"): link.get("href") for link in home.findall("x:link", NS)}
        assert links == {
            **{lang: absolute(in_language(lang, "home")) for lang in LANGUAGES},
            "x-default": absolute(in_language(settings.LANGUAGE_CODE, "home")),
        }
    assert absolute(in_language("es", "tauler:publication-log")) in urls
    assert absolute(in_language("ca", "search")) not in urls  # search results: not indexed


def test_sitemap_lists_what_is_published_with_its_last_change(client):
    published = ProcedureFactory(slug="padro")
    hidden = ProcedureFactory(slug="esborrany", unpublished=True)
    on_display = notice_on_display()
    finished = notice_finished()
    call = Call.objects.create(
        kind="job",
        reference="2026/OP-001",
        slug="auxiliar",
        title="Auxiliar administratiu",
        department=DepartmentFactory(),
        summary="Una plaça.",
        published_at=timezone.now() - timedelta(days=1),
    )
    Call.objects.create(
        kind="job",
        reference="2026/OP-002",
        slug="no-publicada",
        title="Encara no",
        department=DepartmentFactory(),
        summary="Esborrany.",
    )

    urls = sitemap(client)

    def url_of(obj, code="ca"):
        with translation.override(code):
            return absolute(obj.get_absolute_url())

    for code in LANGUAGES:
        assert url_of(published, code) in urls
        assert url_of(on_display, code) in urls
        assert url_of(call, code) in urls
    assert url_of(hidden) not in urls
    assert url_of(finished) not in urls
    assert absolute("/ca/convocatories/no-publicada/") not in urls
    lastmod = urls[url_of(published)].find("s:lastmod", NS).text
    assert lastmod.startswith(timezone.localtime(published.updated_at).date().isoformat())


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert f"Disallow: /{settings.ADMIN_URL}" in lines
    for code in LANGUAGES:
        assert f"Disallow: /{code}/compte/" in lines
        assert f"Disallow: {in_language(code, 'search')}" in lines
        assert f"Disallow: {in_language(code, 'tramits:submission-list')}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # Nothing public is disallowed.
    for public in ("/ca/", "/ca/tramits/", "/ca/tauler/", "/ca/informacio/"):
        assert f"Disallow: {public}" not in lines


# --- The site map page ---------------------------------------------------------------

# Pages without arguments that are not for the site map, and why.
NOT_IN_SITE_MAP = {
    "tramits:submission-list": "a citizen's own applications (log-in required)",
    "convocatories:alerts-sent": "the confirmation shown after subscribing",
    "convocatories:alerts-manage": "a citizen's own alerts (log-in required)",
}
PRIVATE_NAMESPACES = {"accounts", "admin", "api", "estadistiques"}
DATA_SUFFIXES = (".json", ".csv", ".ics", ".xml", ".txt")


def _pages_without_arguments(patterns, namespace=None, prefix="", localised=False):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _pages_without_arguments(
                pattern.url_patterns,
                pattern.namespace or namespace,
                prefix + str(pattern.pattern),
                localised or isinstance(pattern.pattern, LocalePrefixPattern),
            )
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield localised, name, prefix + str(pattern.pattern)


def public_pages():
    for localised, name, path in _pages_without_arguments(get_resolver().url_patterns):
        if not localised or name.split(":")[0] in PRIVATE_NAMESPACES:
            continue
        if "feed" in name or path.endswith(DATA_SUFFIXES) or name in NOT_IN_SITE_MAP:
            continue
        yield name


def test_every_public_page_is_in_the_site_map():
    listed = {entry.url_name for section in SITE_MAP for entry in section.entries}
    pages = set(public_pages())
    assert "tauler:archive" in pages and "corporativa:privacy" in pages  # the walk works
    assert pages - listed == set(), "add these pages to portal.sitemaps.SITE_MAP"
    assert listed - pages == set(), "SITE_MAP names pages that are not public"


def test_the_site_map_page_links_every_entry(client):
    response = client.get(reverse("site-map"))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1>") == 1
    for section in SITE_MAP:
        assert f">{section.label}</h2>" in content
        for entry in section.entries:
            assert f'<a href="{reverse(entry.url_name)}">{entry.label}</a>' in content


def test_every_page_links_the_site_map_from_its_footer(client):
    content = client.get(reverse("home")).content.decode()
    footer = content.split('<footer class="site-footer">')[1]
    assert f'<a href="{reverse("site-map")}">' in footer


def test_the_site_map_reads_nothing_more_than_a_static_page(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for name in ("corporativa:legal-notice", "site-map"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(queries))
    assert counts[1] <= counts[0]
