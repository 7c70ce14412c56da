"""Finding things: the search of the whole seu, the site map page, and what
crawlers read (robots.txt, sitemap.xml)."""

import posixpath

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from portal.sitemaps import SITE_MAP, SITEMAPS, site_map_sections
from seu import search as engine
from tramits.models import Procedure

# Where a visitor who found nothing can look next.
SUGGESTIONS = (
    "tramits:index",
    "tauler:archive",
    "convocatories:call-list",
    "corporativa:index",
    "site-map",
)


def _suggestions():
    labels = {entry.url_name: entry.label for section in SITE_MAP for entry in section.entries}
    return [{"label": labels[name], "url": reverse(name)} for name in SUGGESTIONS]


@require_safe
def search(request):
    """Every section's best matches for ?q=, grouped by section."""
    query = engine.parse(request.GET.get("q", ""))
    sections = [s for s in engine.search_everywhere(query) if s.total]
    context = {
        "query": query.text,
        "searched": bool(query),
        "sections": sections,
        "total": sum(s.total for s in sections),
        "suggestions": _suggestions(),
    }
    if query and not sections:
        context["generic_request"] = Procedure.objects.published().filter(is_generic=True).first()
    return render(request, "seu/search.html", context)


@require_safe
def site_map(request):
    """Every public page, grouped by section (SITE_MAP)."""
    return render(request, "seu/site_map.html", {"sections": site_map_sections()})


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Crawlers may read every public page, not the back office, accounts or searches."""
    disallowed = ["/" + settings.ADMIN_URL]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            # The account pages share a prefix (compte/): disallow it whole.
            disallowed.append(
                posixpath.commonpath(
                    [reverse("accounts:login"), reverse("accounts:signup")]
                ).rstrip("/")
                + "/"
            )
            disallowed.append(reverse("tramits:submission-list"))
            disallowed.append(reverse("search"))
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in disallowed]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=3600, public=True)
def sitemap_xml(request):
    return sitemap_view(
        request,
        sitemaps=SITEMAPS,
        template_name="seu/sitemap.xml",
        content_type="application/xml; charset=utf-8",
    )
