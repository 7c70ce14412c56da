"""Corporate information in the search of the whole seu (seu/search.py): the
pages staff write, the regulations and ordinances, the offices and the
departments, each a section of the results."""

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from seu import search


def public_pages():
    """Published pages with no unpublished page above them (as the page view decides)."""
    from corporativa.models import Page

    hidden_above = (
        Page.objects.filter(is_published=False)
        .alias(
            below=ExpressionWrapper(OuterRef("path"), output_field=CharField()),
            prefix=Concat(F("path"), Value("/")),
        )
        .filter(below__startswith=F("prefix"))
    )
    return Page.objects.published().filter(~Exists(hidden_above))


def _hits(rows, query, label, *, texts, date=None):
    return [
        search.Hit(
            title=str(getattr(row, "title", None) or row.name),
            url=row.get_absolute_url(),
            snippet=search.snippet(query, *(getattr(row, name) for name in texts)),
            date=getattr(row, date) if date else None,
            section=str(label),
        )
        for row in rows
    ]


def _pages(query: search.Query, limit: int):
    pages = search.search(
        public_pages(),
        query,
        then="-updated_at",
        title=["title"],
        summary=["summary"],
        body=["body"],
    )
    total, rows = search.top(pages.only("title", "path", "summary", "body", "updated_at"), limit)
    return total, _hits(rows, query, _("Information pages"), texts=("summary", "body"))


def regulations_matching(queryset, query: search.Query):
    """The regulations of `queryset` that match `query`, best first, then the newest
    approved: here and on the regulations list (corporativa.views)."""
    return search.search(
        queryset,
        query,
        then="-approved_on",
        title=["title"],
        summary=["summary"],
        body=["bulletin_reference"],
    )


def _regulations(query: search.Query, limit: int):
    from corporativa.models import Regulation

    regulations = regulations_matching(Regulation.objects.published(), query)
    total, rows = search.top(
        regulations.only("title", "slug", "summary", "bulletin_reference", "approved_on"), limit
    )
    return total, _hits(
        rows, query, _("Regulations and ordinances"), texts=("summary",), date="approved_on"
    )


def _regulations_url(query: search.Query) -> str:
    return reverse("corporativa:regulation-list") + "?" + urlencode({"q": query.text})


def _offices(query: search.Query, limit: int):
    from corporativa.models import Office

    offices = search.search(
        Office.objects.all(),
        query,
        then="order",
        title=["name"],
        summary=["summary", "address"],
        body=["directions"],
    )
    total, rows = search.top(offices.only("name", "slug", "summary", "address"), limit)
    return total, _hits(rows, query, _("Offices"), texts=("summary", "address"))


def _departments(query: search.Query, limit: int):
    from corporativa.models import Department

    departments = search.search(
        Department.objects.all(),
        query,
        then="name",
        title=["name"],
        summary=["summary"],
        body=["description", "services"],
    )
    total, rows = search.top(
        departments.only("name", "slug", "summary", "description", "services"), limit
    )
    return total, _hits(rows, query, _("Departments"), texts=("summary", "description", "services"))


# Registered by CorporativaConfig.ready() under these keys.
PROVIDERS = {
    "pages": search.Provider(label=_("Information pages"), run=_pages, order=40),
    "regulations": search.Provider(
        label=_("Regulations and ordinances"),
        run=_regulations,
        more_url=_regulations_url,
        order=50,
    ),
    "offices": search.Provider(label=_("Offices"), run=_offices, order=60),
    "departments": search.Provider(label=_("Departments"), run=_departments, order=70),
}
