"""Job and grant calls in the search of the whole seu (seu/search.py)."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from seu import search

FIELDS = {
    "title": ["title", "reference"],
    "summary": ["summary", "position"],
    "body": ["text", "beneficiaries"],
}


def calls_matching(queryset, query: search.Query):
    """The calls of `queryset` that match `query`, best first, then the newest:
    here and on the list of calls (convocatories.filters.CallFilters).

    A reference typed whole or in part (`2026/OP-007`, `OP-007`: text with a
    digit) finds its calls too, on every database (PostgreSQL's parser reads
    a reference as one file-path token, not as words), and an exact one comes
    first.
    """
    queryset, match = search.matching(queryset, query, **FIELDS)
    text = query.text
    if any(character.isdigit() for character in text):
        match |= Q(reference__icontains=text)
    return (
        queryset.filter(match)
        .alias(
            reference_first=Case(
                When(reference__iexact=text, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-reference_first", "-search_rank", "-published_at", "pk")
    )


def _run(query: search.Query, limit: int):
    from convocatories.models import Call

    calls = calls_matching(Call.objects.published(), query)
    total, rows = search.top(
        calls.only("title", "slug", "reference", "summary", "text", "published_at"), limit
    )
    label = str(_("Calls"))
    return total, [
        search.Hit(
            title=call.title,
            url=call.get_absolute_url(),
            snippet=search.snippet(query, call.summary, call.text),
            date=call.published_at,
            section=label,
        )
        for call in rows
    ]


def _more_url(query: search.Query) -> str:
    return reverse("convocatories:call-list") + "?" + urlencode({"q": query.text})


# Registered by ConvocatoriesConfig.ready() as "calls".
PROVIDER = search.Provider(label=_("Calls"), run=_run, more_url=_more_url, order=30)
