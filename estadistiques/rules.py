"""Which requests are page views. Live recording and the log importer share these rules.

A page view is a GET answered 200 with an HTML page, that is:

- not a static or media file, nor any path ending in a file extension of
  something other than a page (.css, .js, .png, .pdf, .xml, .ics...);
- not the back office (settings.ADMIN_URL), the API (/api/), /healthz, the
  benchmark's reference view;
- not a feed or an export: Atom feeds (`/feeds/`), `.ics`, `.json`, `.csv`
  files and `?format=json|csv|ics|atom|rss`;
- not a download of the known document URLs (notice documents and
  certificates, verified documents, attachments, the account's data export);
- not a staff-only page that would count its own readers: the statistics
  dashboard and its CSV (estadistiques.sections.STAFF_ONLY_PAGES);
- not made by a bot (BOT_RE below; an empty user agent counts as a bot).

Live recording also checks the response's Content-Type (text/html); a log has
no Content-Type, so the path rules above carry that for the importer. Keep
them in step with the site's non-HTML URLs.
"""

import re
from functools import lru_cache

from django.conf import settings

from estadistiques.sections import is_staff_only_path

# Crawlers and spiders, uptime monitors, link previews, HTTP libraries and
# headless browsers. "bot" as a word ending, but not the Cubot phone brand.
BOT_RE = re.compile(
    r"(?<!cu)bot(?:\b|[/_-])|crawl|spider|slurp|archiver|scrap|fetch|"
    r"mediapartners|facebookexternalhit|facebot|embedly|preview|whatsapp|"
    r"vkshare|mastodon|flipboardproxy|"
    r"monitor|pingdom|uptime|statuscake|site24x7|nagios|zabbix|icinga|check_http|"
    r"kube-probe|healthcheck|googlehc|datadog|newrelic|"
    r"curl|wget|python|aiohttp|httpx|go-http-client|java/|okhttp|apache-httpclient|"
    r"libwww|lwp-|node-fetch|axios|undici|ruby|php/|guzzle|httpie|postman|insomnia|"
    r"headless|phantomjs|lighthouse|pagespeed|gtmetrix|validator|checklink|"
    r"semrush|ahrefs|petalsearch|bytespider|perplexity",
    re.IGNORECASE,
)

NON_PAGE_EXTENSION_RE = re.compile(
    r"\.(?:css|js|mjs|map|png|jpe?g|gif|svg|ico|webp|avif|bmp|tiff?|woff2?|ttf|otf|eot|"
    r"pdf|zip|gz|br|xml|json|csv|ics|atom|rss|txt|mp3|mp4|webm|ogg|wasm|p12|xlsx?|docx?|odt)$",
    re.IGNORECASE,
)
FEED_PATH_RE = re.compile(r"/feeds?(?:/|$)")
FORMAT_QUERY_RE = re.compile(r"(?:^|&)format=(?:json|csv|ics|atom|rss|xml)(?:&|$)", re.IGNORECASE)
# Views that answer with a file rather than a page (tauler, documents, tramits, accounts).
DOWNLOAD_PATH_RE = re.compile(
    r"/(?:documents/\d+|diligencia|descarrega|fitxers/[^/]+|carpeta/exportar)/$"
)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or BOT_RE.search(user_agent) is not None


@lru_cache(maxsize=1)
def _excluded_prefixes(admin_url, static_url, media_url) -> tuple:
    prefixes = ["/" + admin_url.lstrip("/"), "/api/", "/healthz", "/bench/"]
    for url in (static_url, media_url):
        if url and url.startswith("/") and url != "/":
            prefixes.append(url)
    return tuple(prefixes)


def excluded_prefixes() -> tuple:
    return _excluded_prefixes(settings.ADMIN_URL, settings.STATIC_URL, settings.MEDIA_URL or "")


def is_page_path(path: str, query: str = "") -> bool:
    """Whether a GET of this path (and query string) can be a page view."""
    if path.startswith(excluded_prefixes()):
        return False
    if NON_PAGE_EXTENSION_RE.search(path) or FEED_PATH_RE.search(path):
        return False
    if DOWNLOAD_PATH_RE.search(path):
        return False
    if query and FORMAT_QUERY_RE.search(query):
        return False
    return not is_staff_only_path(path)
