"""Search everywhere: one box in the header, results grouped by section.

Each section registers a provider (from its own `search.py` module) in
`providers` from its AppConfig.ready() (seu/plugins.py); a provider answers a
parsed query with how many of its pages match and the best few. The matching
itself is written once, here:

- PostgreSQL: full-text search. Two text search configurations (migration
  seu/0002): `seu_catalan` (the `unaccent` dictionary, then `simple`: no stop
  words and no stemming, as PostgreSQL 15 has no Catalan stemmer) and
  `seu_spanish` (`unaccent`, then the Spanish Snowball stemmer). A document is
  read with both, weighted title A, summary B, body C. Every word of the query
  matches as a prefix (`tramit` finds "tràmits"), in Catalan plural and
  singular forms (`llicencies` finds "llicència", see `word_forms`) or by its
  Spanish stem; results are ranked with ts_rank.
- SQLite: every word must start a word of the title, summary or body, after
  both sides are folded by the same Python function (`fold`, registered as the
  SQL function seu_fold); title matches rank first.

On both, the Catalan middle dot does not matter ("sol·licitud", "sol.licitud"
and "sollicitud" are one word), nor do accents or case. The query reads as a
search engine's: `"plaça de la vila"` is a phrase, `-menors` excludes a word,
`festa or fira` accepts either.
"""

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from seu.plugins import Registry

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
HITS_PER_SECTION = 5
SNIPPET_WORDS = 30

CATALAN_CONFIG = "seu_catalan"
SPANISH_CONFIG = "seu_spanish"

# "l·l" (ela geminada) written with the middle dot, its look-alikes, the legacy
# "ŀ" (NFKD makes it "l·") or a full stop, as people type it. The SQL pattern is
# what the documents go through on PostgreSQL (repeated in tauler's migration 0005).
_GEMINATE_L = re.compile(r"([lL])[\u00b7\u2027\u22c5\u0387.]([lL])")
GEMINATE_L_SQL_PATTERN = "([lL])[·.]([lL])"
_WORD = re.compile(r"[^\W_]+")

# Words too common to narrow a search down; dropped unless the query has nothing else.
_STOP_WORDS = "a al als amb de del dels el els en es i la les lo los las per pel pels que un una "
STOP_WORDS = frozenset((_STOP_WORDS + "uns unes o y e the of and").split())

# Catalan and Spanish plural endings and the singular endings they may stand for,
# longest first. A cheap stand-in for a Catalan stemmer (PostgreSQL 15 has none).
_PLURALS = (
    ("ques", ("ca", "que")),
    ("gues", ("ga", "gue")),
    ("ces", ("ca", "c", "z", "ce")),
    ("ges", ("ja", "ge", "g")),
    ("ns", ("",)),
    ("es", ("a", "e", "")),
    ("os", ("o", "")),
    ("s", ("",)),
)
_MIN_FORM_LENGTH = 4


def fold(text: str) -> str:
    """`text` as the search compares it: no accents, no middle dot, lower case.

    Used on both sides: on the query, and (as the SQL function seu_fold on
    SQLite) on the documents.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = _GEMINATE_L.sub(r"\1\2", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


@functools.lru_cache(maxsize=4096)
def fold_words(text: str | None) -> str:
    """The folded words of `text`, each preceded by a space: `LIKE '% word%'`
    then finds a word by its beginning, as PostgreSQL's prefix matching does.

    Cached: SQLite calls it for every row, field and word of a search, and a
    council's texts change rarely."""
    if not text:
        return " "
    return " " + " ".join(_WORD.findall(fold(text))) + " "


def word_forms(word: str) -> tuple[str, ...]:
    """`word` and the singular forms its plural ending may stand for.

    >>> word_forms("llicencies")
    ('llicencies', 'llicencia', 'llicencie')
    """
    forms = [word]
    if not word.isalpha():
        return tuple(forms)
    for ending, replacements in _PLURALS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            for replacement in replacements:
                form = stem + replacement
                if len(form) >= _MIN_FORM_LENGTH and form not in forms:
                    forms.append(form)
            break
    return tuple(forms)


# --- Reading the query ------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of several, perhaps excluded (`-word`)."""

    words: tuple[str, ...]
    negated: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    """What a visitor typed, read: groups that must all match, each a choice of terms."""

    text: str = ""
    groups: tuple[tuple[Term, ...], ...] = ()

    def __bool__(self) -> bool:
        return any(not term.negated for group in self.groups for term in group)

    @property
    def highlight_words(self) -> tuple[str, ...]:
        """Every folded word form that a snippet marks."""
        words = []
        for group in self.groups:
            for term in group:
                if term.negated:
                    continue
                for word in term.words:
                    words.extend(word_forms(word) if not term.is_phrase else (word,))
        return tuple(dict.fromkeys(words))


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse(text: str | None) -> Query:
    """Read a query as a search engine does; bad input is just fewer terms, never an error."""
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    groups: list[list[Term]] = []
    join_next = False
    count = 0
    for negation, phrase, bare in _TOKEN.findall(text):
        if bare and bare.lower() == "or" and groups:
            join_next = True
            continue
        negated = bool(negation)
        if bare.startswith("-") and len(bare) > 1:
            negated, bare = True, bare[1:]
        words = tuple(w for w in _WORD.findall(fold(phrase or bare)) if len(w) > 1 or w.isdigit())
        if not words:
            continue
        if phrase:
            new_terms = [Term(words, negated)]
        elif negated:
            new_terms = [Term((word,), True) for word in words]
        else:
            new_terms = [Term((word,)) for word in words]
        for term in new_terms:
            if count >= MAX_WORDS:
                break
            count += 1
            if join_next and groups:
                groups[-1].append(term)
                join_next = False
            else:
                groups.append([term])
        join_next = False
    # Drop lone stop words, unless nothing else is left to search for.
    meaningful = [
        g for g in groups if not (len(g) == 1 and g[0].words[0] in STOP_WORDS and not g[0].negated)
    ]
    if any(not t.negated for g in meaningful for t in g):
        groups = meaningful
    return Query(text=text, groups=tuple(tuple(g) for g in groups))


# --- Matching on PostgreSQL ------------------------------------------------------------


class GeminateL(Func):
    """The Catalan "l·l" (or "l.l") of a text column written "ll", as `fold` does."""

    function = "regexp_replace"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(
            Coalesce(expression, Value(""), output_field=TextField()),
            Value(GEMINATE_L_SQL_PATTERN),
            Value(r"\1\2"),
            Value("g"),
            **extra,
        )


def search_document(*, title: Iterable[str], summary: Iterable[str] = (), body: Iterable[str] = ()):
    """The weighted search document of a row, computed on the fly (PostgreSQL)."""
    from django.contrib.postgres.search import SearchVector

    vector = None
    for weight, fields in (("A", title), ("B", summary), ("C", body)):
        for name in fields:
            for config in (CATALAN_CONFIG, SPANISH_CONFIG):
                part = SearchVector(GeminateL(F(name)), config=config, weight=weight)
                vector = part if vector is None else vector + part
    return vector


def _term_tsquery(term: Term):
    from django.contrib.postgres.search import SearchQuery

    if term.is_phrase:
        query = SearchQuery(" ".join(term.words), config=CATALAN_CONFIG, search_type="phrase")
        return ~query if term.negated else query
    word = term.words[0]
    if term.negated:
        return ~SearchQuery(word, config=CATALAN_CONFIG, search_type="plain")
    # Only letters and digits reach here, so the raw syntax cannot break.
    prefixes = " | ".join(f"{form}:*" for form in word_forms(word))
    return SearchQuery(prefixes, config=CATALAN_CONFIG, search_type="raw") | SearchQuery(
        word, config=SPANISH_CONFIG, search_type="plain"
    )


def tsquery(query: Query):
    """The query as a PostgreSQL tsquery expression (combined SearchQuery objects)."""
    combined = None
    for group in query.groups:
        alternatives = None
        for term in group:
            part = _term_tsquery(term)
            alternatives = part if alternatives is None else alternatives | part
        combined = alternatives if combined is None else combined & alternatives
    return combined


def _postgresql(queryset, query, *, title, summary, body, document):
    from django.contrib.postgres.search import SearchRank

    if document is None:
        document = search_document(title=title, summary=summary, body=body)
    ts = tsquery(query)
    queryset = queryset.alias(
        search_document=document, search_rank=SearchRank(F("search_document"), ts)
    )
    return queryset, Q(search_document=ts)


# --- Matching on SQLite ---------------------------------------------------------------


class Folded(Func):
    """seu_fold(column): the folded words of a column (SQLite; see `fold_words`)."""

    function = "seu_fold"
    output_field = TextField()


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: give every SQLite connection seu_fold()."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("seu_fold", 1, fold_words, deterministic=True)


def _contains_any(fields: list[str], needle: str) -> Q:
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__contains": needle})
    return q


def _sqlite(queryset, query, *, title, summary, body):
    columns = {"A": [], "B": [], "C": []}
    aliases = {}
    for weight, fields in (("A", title), ("B", summary), ("C", body)):
        for name in fields:
            alias = f"_folded_{len(aliases)}"
            aliases[alias] = Folded(name)
            columns[weight].append(alias)
    every = columns["A"] + columns["B"] + columns["C"]
    match = Q()
    rank = Value(0)
    for group in query.groups:
        alternatives = Q()
        for term in group:
            if term.is_phrase:
                found = _contains_any(every, " " + " ".join(term.words) + " ")
            else:
                found = Q()
                for form in word_forms(term.words[0]) if not term.negated else term.words:
                    found |= _contains_any(every, " " + form)
            if term.negated:
                alternatives |= ~found
                continue
            alternatives |= found
            needles = (
                [" " + " ".join(term.words) + " "]
                if term.is_phrase
                else [" " + form for form in word_forms(term.words[0])]
            )
            whens = []
            for weight, points in (("A", 4), ("B", 2), ("C", 1)):
                if columns[weight]:
                    hit = Q()
                    for needle in needles:
                        hit |= _contains_any(columns[weight], needle)
                    whens.append(When(hit, then=Value(points)))
            rank = rank + Case(*whens, default=Value(0), output_field=IntegerField())
        match &= alternatives
    return queryset.alias(**aliases, search_rank=rank), match


# --- Together --------------------------------------------------------------------------


def matching(
    queryset: QuerySet,
    query: Query,
    *,
    title: Iterable[str],
    summary: Iterable[str] = (),
    body: Iterable[str] = (),
    document: Expression | None = None,
) -> tuple[QuerySet, Q]:
    """(`queryset` with the alias `search_rank`, higher is better; the condition
    that a row matches `query`). Neither filtered nor ordered, so a caller can
    add its own alternatives (a case reference typed whole, say) first.

    `document` is a stored, weighted search document to read on PostgreSQL
    instead of computing one from the fields.

    A query with no word at all (typed as punctuation, say) matches nothing;
    one with only excluded words (`-menors`) matches every row without them.
    """
    if not query.groups:
        return queryset.alias(search_rank=Value(0)), Q(pk__in=[])
    title, summary, body = list(title), list(summary), list(body)
    if connection.vendor == "postgresql":
        return _postgresql(
            queryset, query, title=title, summary=summary, body=body, document=document
        )
    return _sqlite(queryset, query, title=title, summary=summary, body=body)


def search(queryset: QuerySet, query: Query, *, then: str, **fields) -> QuerySet:
    """The rows of `queryset` that match `query`, best first; equals in `then` order
    (a field name, "-" first for descending)."""
    queryset, match = matching(queryset, query, **fields)
    return queryset.filter(match).order_by("-search_rank", then, "pk")


def top(queryset: QuerySet, limit: int = HITS_PER_SECTION) -> tuple[int, list]:
    """(how many rows `queryset` has, its first `limit` rows), in one query."""
    rows = list(queryset.annotate(search_total=Window(Count("pk")))[:limit])
    return (rows[0].search_total if rows else 0), rows


# --- Snippets -----------------------------------------------------------------------------

# A word as `fold` sees it: letters and digits, with a geminate l's dot inside.
_TEXT_WORD = re.compile(r"(?:[^\W_]|(?<=[lL])[\u00b7\u2027\u22c5\u0387.](?=[lL]))+")
# Markdown's marks: block starts (headings, quotes, list items), emphasis, links.
_MARKDOWN = re.compile(
    r"(?m)^[ \t]{0,3}(?:#{1,6}|>|[*+-]|\d+[.)])[ \t]+|\*{1,3}|`+|!?\[([^\]]*)\]\([^)]*\)"
)


def _unmark(match: re.Match) -> str:
    if match.group(1) is not None:  # a link: its text
        return match.group(1)
    return "" if match.group()[0] in "*`" else " "


def plain_text(text: str | None) -> str:
    """Markdown or plain text as one line of words to quote."""
    if not text:
        return ""
    text = _MARKDOWN.sub(_unmark, text)
    return " ".join(text.split())


def _matches(word: str, forms: tuple[str, ...]) -> bool:
    folded = "".join(_WORD.findall(fold(word)))
    return any(folded.startswith(form) for form in forms)


def snippet(query: Query, *texts: str | None, words: int = SNIPPET_WORDS) -> SafeString:
    """Some words of the first text where the query matches (else of the first
    text), escaped, with the matching words in <mark>."""
    forms = query.highlight_words
    candidates = [plain_text(t) for t in texts if t]
    if not candidates:
        return mark_safe("")
    chosen, start = candidates[0], None
    for text in candidates:
        for m in _TEXT_WORD.finditer(text):
            if _matches(m.group(), forms):
                chosen, start = text, m.start()
                break
        if start is not None:
            break
    spans = [m.span() for m in _TEXT_WORD.finditer(chosen)]
    first = 0
    if start is not None:
        index = next(i for i, span in enumerate(spans) if span[0] == start)
        first = max(0, index - 8)
    window = spans[first : first + words]
    if not window:
        return mark_safe("")
    begin = 0 if first == 0 else window[0][0]
    end = len(chosen) if first + words >= len(spans) else window[-1][1]
    pieces = ["… " if begin else ""]
    cursor = begin
    for a, b in window:
        pieces.append(escape(chosen[cursor:a]))
        word = chosen[a:b]
        pieces.append(f"<mark>{escape(word)}</mark>" if _matches(word, forms) else escape(word))
        cursor = b
    pieces.append(escape(chosen[cursor:end]))
    if end < len(chosen):
        pieces.append(" …")
    return mark_safe("".join(pieces))  # every piece of text above is escaped


# --- The registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    snippet: SafeString
    date: date | datetime | None
    section: str
    title_html: SafeString = field(default_factory=SafeString)  # the title, matches marked


@dataclass
class SectionResults:
    key: str
    label: str
    total: int
    hits: list[Hit]
    more_url: str | None = None
    more_label: str = ""

    @property
    def has_more(self) -> bool:
        return self.more_url is not None and self.total > len(self.hits)


@dataclass(frozen=True)
class Provider:
    """One section of the results: `run(query, limit)` returns (total, hits);
    `more_url(query)` is the section's own search for the same words, or None.
    Registered in `providers` under the section's key (`"notices"`)."""

    label: object  # a lazy translation
    run: Callable[[Query, int], tuple[int, list[Hit]]]
    more_url: Callable[[Query], str | None] = field(default=lambda query: None)
    order: int = 100


providers: Registry[Provider] = Registry("search providers")


def providers_in_order() -> list[tuple[str, Provider]]:
    """(key, provider) of every section of the results, in the order the page shows them."""
    return sorted(providers.items(), key=lambda item: (item[1].order, item[0]))


def search_everywhere(query: Query, *, limit: int = HITS_PER_SECTION) -> list[SectionResults]:
    """Every section's results for `query`, in the sections' order (empty ones included)."""
    results = []
    if not query:
        return results
    for key, provider in providers_in_order():
        total, hits = provider.run(query, limit)
        hits = [replace(hit, title_html=snippet(query, hit.title, words=1000)) for hit in hits]
        results.append(
            SectionResults(
                key=key,
                label=str(provider.label),
                total=total,
                hits=hits,
                more_url=provider.more_url(query) if total else None,
            )
        )
    return results
