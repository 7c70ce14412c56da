"""The procedure catalogue in the search of the whole seu (seu/search.py)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from seu import search

FIELDS = {"title": ["title"], "summary": ["summary"], "body": ["description", "topic__name"]}


def procedures_matching(queryset, query: search.Query):
    """The procedures of `queryset` that match `query`, best first."""
    return search.search(queryset, query, then="-updated_at", **FIELDS)


def _run(query: search.Query, limit: int):
    from tramits.models import Procedure

    procedures = procedures_matching(Procedure.objects.published(), query)
    total, rows = search.top(
        procedures.only("title", "slug", "summary", "description", "updated_at"), limit
    )
    label = str(_("Procedures"))
    return total, [
        search.Hit(
            title=procedure.title,
            url=procedure.get_absolute_url(),
            snippet=search.snippet(query, procedure.summary, procedure.description),
            date=None,
            section=label,
        )
        for procedure in rows
    ]


def _more_url(query: search.Query) -> str:
    return reverse("tramits:index") + "?" + urlencode({"q": query.text})


# Registered by TramitsConfig.ready() as "procedures".
PROVIDER = search.Provider(label=_("Procedures"), run=_run, more_url=_more_url, order=10)
