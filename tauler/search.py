"""Text search over the notices of the board.

The matching is the site-wide search's (seu/search.py), the same on the
board's archive, its search feed and the search of the whole seu: accents,
case and the Catalan middle dot do not matter (`placa` finds "Plaça",
`collegi` finds "col·legi"), every word matches by its beginning and in
singular or plural, and the query is written as people write it in a search
engine: `placa vila`, `"plaça de la vila"`, `obres -menors`, `gual or guals`.

On PostgreSQL it is full-text search over a stored, weighted search document
(title and case reference A, text C; migration 0005) with a GIN index, so a
search reads it rather than computing it row by row. On SQLite every word
must begin a word of the title, the text or the case reference.

On both, a case reference typed whole or by its beginning finds its notices,
and so does any part of one typed as one word with a digit in it (`0042-urb` finds
"2025/0042-URB", which full-text parsing does not split that way); an exact
one comes first.
"""

from django.db.models import Case, Func, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from seu import search

# What migration 0004's document took off (kept: that migration and its
# reversal use them, and a test checks they agree). `seu.search.fold` does
# this job now.
ACCENTED = "àáâäèéêëìíîïòóôöùúûüçñÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜÇÑ·"
PLAIN = "aaaaeeeeiiiioooouuuucnAAAAEEEEIIIIOOOOUUUUCN"
_PLAIN_TABLE = str.maketrans(ACCENTED[: len(PLAIN)], PLAIN, ACCENTED[len(PLAIN) :])

MAX_QUERY_LENGTH = search.MAX_QUERY_LENGTH


def plain(text: str) -> str:
    """`text` without the accents the index leaves out."""
    return text.translate(_PLAIN_TABLE)


class NoticeSearchDocument(Func):
    """The stored search document of a notice (PostgreSQL only).

    A generated column (migration 0005) holds the weighted document of the
    title, the case reference and the text, read with seu.search's
    configurations, and a GIN index covers it; a search reads it rather than
    computing it row by row.
    """

    template = '"tauler_notice"."search_document"'

    def __init__(self, **extra):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField(), **extra)


def notices_matching(queryset: QuerySet, text: str) -> QuerySet:
    """The notices of `queryset` that match `text`, best first, then newest.

    Empty text leaves the queryset as it is; text with no word to search for
    (punctuation, say) can still be the beginning of a case reference.
    """
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    query = search.parse(text)
    if not text:
        return queryset
    # A piece of a reference ("0042-urb") is one word with a digit; anything else
    # keeps to the prefix, which the index tauler_notice_case_reference_prefix serves.
    if " " not in text and any(character.isdigit() for character in text):
        reference = Q(case_reference__icontains=text)
    else:
        reference = Q(case_reference__istartswith=text)
    if not query:
        return queryset.filter(reference).order_by("-start_at", "-id")
    queryset, match = search.matching(
        queryset,
        query,
        title=["title", "case_reference"],
        body=["text"],
        document=NoticeSearchDocument(),
    )
    return (
        queryset.filter(match | reference)
        .alias(
            reference_first=Case(
                When(case_reference__iexact=text, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-reference_first", "-search_rank", "-start_at", "-id")
    )


# --- The notice board in the search of the whole seu ------------------------------


def _run(query: search.Query, limit: int):
    from django.utils import timezone

    from tauler.models import Notice

    notices = notices_matching(Notice.objects.public(at=timezone.now()), query.text)
    total, rows = search.top(notices.only("title", "text", "start_at", "year", "sequence"), limit)
    label = str(Notice._meta.app_config.verbose_name)
    return total, [
        search.Hit(
            title=notice.title,
            url=notice.get_absolute_url(),
            snippet=search.snippet(query, notice.text),
            date=notice.start_at,
            section=label,
        )
        for notice in rows
    ]


def _more_url(query: search.Query) -> str:
    from django.urls import reverse
    from django.utils.http import urlencode

    return reverse("tauler:archive") + "?" + urlencode({"q": query.text})


# Registered by TaulerConfig.ready() as "notices".
PROVIDER = search.Provider(label=_("Notice board"), run=_run, more_url=_more_url, order=20)
