"""Text search over the notices of the board.

On PostgreSQL it is full-text search: the words of the title, the text and
the case reference, with the accents of Catalan and Spanish taken off (with
the built-in `translate`, so neither the `unaccent` extension nor a superuser
is needed) and read with the "simple" configuration (no stemming, no stop
words: a council's texts mix Catalan, Spanish and file numbers). A GIN index on
the stored search document (migration 0004) keeps it fast. The query is
written as people write it in a search engine: `placa vila`, `"plaça de la
vila"`, `obres -menors`, `gual or guals`.

On SQLite, which has neither, every word must appear in the title, the text or
the case reference (case-insensitive for ASCII letters only; accents must be
typed as they are written).

On both, a case reference typed whole or by its beginning finds its notices.
"""

from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When

# Taken off before indexing and before searching, on both sides alike: the
# characters of Catalan and Spanish (and a few neighbours) and the Catalan
# middle dot, so "plaça", "placa" and "PLAÇA" or "col·legi" and "collegi" match.
# Migration 0004 repeats these two strings in its column; a test checks they agree.
ACCENTED = "àáâäèéêëìíîïòóôöùúûüçñÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜÇÑ·"
PLAIN = "aaaaeeeeiiiioooouuuucnAAAAEEEEIIIIOOOOUUUUCN"
_PLAIN_TABLE = str.maketrans(ACCENTED[: len(PLAIN)], PLAIN, ACCENTED[len(PLAIN) :])

SEARCH_CONFIG = "simple"
MAX_QUERY_LENGTH = 200


def plain(text: str) -> str:
    """`text` without the accents the index leaves out."""
    return text.translate(_PLAIN_TABLE)


class NoticeSearchDocument(Func):
    """The stored search document of a notice (PostgreSQL only).

    A generated column (migration 0004) holds to_tsvector over the title, the
    text and the case reference with the accents taken off, and a GIN index
    covers it; a search reads it rather than computing it row by row.
    """

    template = '"tauler_notice"."search_document"'

    def __init__(self, **extra):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField(), **extra)


def notices_matching(queryset: QuerySet, text: str) -> QuerySet:
    """The notices of `queryset` that match `text`, best first, then newest.

    Empty text leaves the queryset as it is.
    """
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not text:
        return queryset
    reference = Q(case_reference__istartswith=text)
    reference_first = Case(
        When(case_reference__iexact=text, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    if connection.vendor == "postgresql":
        return _postgresql(queryset, text, reference, reference_first)
    words = Q()
    for word in text.split():
        words &= (
            Q(title__icontains=word) | Q(text__icontains=word) | Q(case_reference__icontains=word)
        )
    return (
        queryset.filter(words | reference)
        .alias(reference_first=reference_first)
        .order_by("-reference_first", "-start_at", "-id")
    )


def _postgresql(queryset, text, reference, reference_first):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(plain(text), config=SEARCH_CONFIG, search_type="websearch")
    return (
        queryset.alias(search_document=NoticeSearchDocument())
        .filter(Q(search_document=query) | reference)
        .alias(
            reference_first=reference_first,
            rank=SearchRank(F("search_document"), query),
        )
        .order_by("-reference_first", "-rank", "-start_at", "-id")
    )
