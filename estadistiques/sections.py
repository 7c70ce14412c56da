"""The section of the seu a page belongs to, from its URL path: the one place that says it.

Paths are resolved with the site's own URL configuration, so a page that an
app adds later lands in that app's section without a change here:

- the home page (`/ca/`, `/es/`, `/en/`) is "home";
- a page of the apps `tramits`, `corporativa`, `convocatories` and `tauler`
  (their URL namespaces) is in their section;
- anything else (the citizen's account, document verification, unknown
  paths) is "other".

Every language prefix of settings.LANGUAGES maps the same way. Live recording
and the log importer both call section_for_path(), so they always agree.

is_staff_only_path() names the pages that are never page views because only
staff read them and they would count their own readers (STAFF_ONLY_PAGES: the
statistics dashboard and its CSV); estadistiques.rules applies it.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

from estadistiques.choices import Section

NAMESPACE_SECTIONS = {
    "tramits": Section.TRAMITS,
    "corporativa": Section.CORPORATE,
    "convocatories": Section.CONVOCATORIES,
    "tauler": Section.TAULER,
}
URL_NAME_SECTIONS = {"home": Section.HOME}
# (URL namespace, URL name) of staff-only pages that are not page views.
STAFF_ONLY_PAGES = {
    ("estadistiques", "dashboard"),
    ("estadistiques", "dashboard-csv"),
}


def path_language(path: str) -> str | None:
    """The language code a path starts with (`/es/tramits/` -> "es"), or None."""
    prefix = path[1:].split("/", 1)[0]
    for code, _name in settings.LANGUAGES:
        if prefix == code:
            return code
    return None


@lru_cache(maxsize=8192)
def _resolved(path: str) -> tuple[str, str] | None:
    """(first URL namespace or "", URL name) of a path of the site, or None."""
    language = path_language(path)
    if language is None:
        return None
    # i18n_patterns only match the prefix of the active language.
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return (match.app_names[0] if match.app_names else "", match.url_name or "")


def section_for_path(path: str) -> str:
    resolved = _resolved(path)
    if resolved is None:
        return Section.OTHER.value
    namespace, url_name = resolved
    if namespace:
        return NAMESPACE_SECTIONS.get(namespace, Section.OTHER).value
    return URL_NAME_SECTIONS.get(url_name, Section.OTHER).value


def is_staff_only_path(path: str) -> bool:
    return _resolved(path) in STAFF_ONLY_PAGES
