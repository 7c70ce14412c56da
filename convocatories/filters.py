"""How the list of calls is narrowed down: the list page, its JSON and CSV, and
the API's /calls apply the same `CallFilters`.

The pages read it from their Catalan query string (`from_page_query`: a value
that cannot be read is no filter); the API reads its own English parameters
(and refuses a value it cannot read) into the same object.
"""

from dataclasses import dataclass
from datetime import datetime

from convocatories.choices import PUBLIC_STATUSES, CallKind, CallStatus
from convocatories.search import calls_matching
from seu import search

MAX_QUERY_LENGTH = search.MAX_QUERY_LENGTH


@dataclass(frozen=True)
class CallFilters:
    query: str = ""
    kind: str = ""  # one of CallKind
    status: str = ""  # one of PUBLIC_STATUSES
    department: str = ""  # a slug

    @classmethod
    def from_page_query(cls, data) -> "CallFilters":
        """The list's filters, from its query string (`q`, `tipus`, `estat`, `departament`)."""
        kind, status = data.get("tipus", ""), data.get("estat", "")
        return cls(
            query=" ".join(data.get("q", "").split())[:MAX_QUERY_LENGTH],
            kind=kind if kind in CallKind.values else "",
            status=status if status in PUBLIC_STATUSES else "",
            department=data.get("departament", "").strip()[:200],
        )

    @property
    def active(self) -> bool:
        return any((self.query, self.kind, self.status, self.department))

    def apply(self, calls, *, at: datetime):
        calls = calls.with_status(self.status, at=at) if self.status else calls.published()
        if self.kind:
            calls = calls.filter(kind=self.kind)
        if self.department:
            calls = calls.filter(department__slug=self.department)
        if self.query:
            # As the search of the whole seu finds and ranks them: best match first.
            return calls_matching(calls, search.parse(self.query))
        if self.status == CallStatus.OPEN:
            return calls.order_by("closes_at", "id")
        if self.status == CallStatus.UPCOMING:
            return calls.order_by("opens_at", "id")
        return calls.order_by("-published_at", "-id")
