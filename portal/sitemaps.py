"""What the seu has to show, for people (the site map page) and for crawlers
(sitemap.xml, with every language's address of each page).

SITE_MAP is the one list of the public pages that take no argument, grouped
by section: the site map page shows it, sitemap.xml lists it, and a test
walks every URL pattern to check that no public page is missing from it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convocatories.models import Call
from corporativa.models import Office, Regulation
from corporativa.search import public_pages
from tauler.models import Notice
from tramits.models import Procedure


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: object  # a lazy translation
    in_sitemap_xml: bool = True  # False for pages crawlers should not index


@dataclass(frozen=True)
class Section:
    label: object
    entries: tuple[Entry, ...]


SITE_MAP = (
    Section(
        _("Electronic headquarters"),
        (
            Entry("home", _("Home")),
            Entry("search", _("Search"), in_sitemap_xml=False),
            Entry("site-map", _("Site map")),
            Entry("documents:verify", _("Verify a document")),
        ),
    ),
    Section(_("Procedures"), (Entry("tramits:index", _("Procedure catalogue")),)),
    Section(
        _("Notice board"),
        (
            Entry("tauler:index", _("Notices on display")),
            Entry("tauler:archive", _("Notice archive and search")),
            Entry("tauler:publication-log", _("Publication log")),
            Entry("tauler:log-statements", _("Daily statements of the publication log")),
        ),
    ),
    Section(
        _("Calls"),
        (
            Entry("convocatories:index", _("Job and grant calls")),
            Entry("convocatories:call-list", _("All calls")),
            Entry("convocatories:alerts-subscribe", _("Alerts of new calls")),
        ),
    ),
    Section(
        _("Corporate information"),
        (
            Entry("corporativa:index", _("Corporate information")),
            Entry("corporativa:government", _("Government and councillors")),
            Entry("corporativa:body-list", _("Municipal bodies")),
            Entry("corporativa:department-list", _("Departments and services")),
            Entry("corporativa:office-list", _("Offices and opening hours")),
            Entry("corporativa:regulation-list", _("Regulations and ordinances")),
            Entry("corporativa:page-list", _("Information pages")),
            Entry("corporativa:calendar", _("Calendar of non-business days")),
        ),
    ),
    Section(
        _("Legal information"),
        (
            Entry("corporativa:creation-act", _("Act that created the seu")),
            Entry("corporativa:legal-notice", _("Legal notice")),
            Entry("corporativa:privacy", _("Privacy and data protection")),
            Entry("corporativa:accessibility", _("Accessibility")),
            Entry("corporativa:accessibility-report", _("Report an accessibility problem")),
            Entry("corporativa:identification", _("Accepted identification and signature systems")),
            Entry("corporativa:cookies", _("Cookies")),
            Entry("corporativa:help", _("Help and contact")),
        ),
    ),
)


def site_map_sections():
    """SITE_MAP with each page's address in the active language."""
    return [
        {
            "label": section.label,
            "entries": [{"label": e.label, "url": reverse(e.url_name)} for e in section.entries],
        }
        for section in SITE_MAP
    ]


class _Localised(Sitemap):
    """Every page once per language, each listing the others (hreflang) and x-default."""

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # Django writes x-default as the address without the default language's
        # prefix, but every page here has a prefix (prefix_default_language):
        # x-default is the page in the default language instead.
        for url in urls:
            by_language = {a["lang_code"]: a["location"] for a in url["alternates"]}
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = by_language[settings.LANGUAGE_CODE]
        return urls


class StaticPagesSitemap(_Localised):
    changefreq = "monthly"

    def items(self):
        return [
            entry.url_name
            for section in SITE_MAP
            for entry in section.entries
            if entry.in_sitemap_xml
        ]

    def location(self, item):
        return reverse(item)


class ProceduresSitemap(_Localised):
    changefreq = "monthly"

    def items(self):
        return Procedure.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class NoticesSitemap(_Localised):
    """The notices on display now: the archive is reached through the board itself."""

    changefreq = "daily"

    def items(self):
        return (
            Notice.objects.on_display(at=timezone.now())
            .only("year", "sequence", "start_at", "published_at")
            .order_by("pk")
        )

    def lastmod(self, item):
        # A published notice never changes; it appears on the board at its start.
        return max(item.start_at, item.published_at)


class CallsSitemap(_Localised):
    changefreq = "weekly"

    def items(self):
        return Call.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class CorporatePagesSitemap(_Localised):
    changefreq = "monthly"

    def items(self):
        return public_pages().only("path", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class RegulationsSitemap(_Localised):
    changefreq = "monthly"

    def items(self):
        return Regulation.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class OfficesSitemap(_Localised):
    changefreq = "monthly"

    def items(self):
        return Office.objects.only("slug").order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "procedures": ProceduresSitemap,
    "notices": NoticesSitemap,
    "calls": CallsSitemap,
    "corporate-pages": CorporatePagesSitemap,
    "regulations": RegulationsSitemap,
    "offices": OfficesSitemap,
}
