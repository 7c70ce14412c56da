"""How a list of notices is narrowed down: the archive page, its JSON and CSV,
and the API's /notices apply the same `NoticeFilters`.

The pages read it from their Catalan query string (`from_page_query`: a value
that cannot be read is no filter); the API reads its own English parameters
(and refuses a value it cannot read) into the same object.
"""

from dataclasses import dataclass
from datetime import datetime

from tauler.choices import PUBLIC_STATES, NoticeState
from tauler.search import MAX_QUERY_LENGTH, notices_matching


def _integer(value: str | None, *, minimum: int, maximum: int) -> int | None:
    """An integer within bounds, or None for anything else (a bad filter is no filter)."""
    if value and value.isascii() and value.isdigit() and minimum <= int(value) <= maximum:
        return int(value)
    return None


@dataclass(frozen=True)
class NoticeFilters:
    query: str = ""
    category: str = ""  # a slug
    department: str = ""  # a slug
    year: int | None = None  # of the start of the display, in the official time
    month: int | None = None
    state: str = ""  # one of PUBLIC_STATES
    pinned: bool | None = None

    @classmethod
    def from_page_query(cls, data) -> "NoticeFilters":
        """The archive's filters, from its query string (`q`, `categoria`,
        `departament`, `any`, `mes`, `estat`)."""
        state = data.get("estat", "")
        return cls(
            query=" ".join(data.get("q", "").split())[:MAX_QUERY_LENGTH],
            category=data.get("categoria", "").strip()[:120],
            department=data.get("departament", "").strip()[:200],
            year=_integer(data.get("any"), minimum=1, maximum=9999),
            month=_integer(data.get("mes"), minimum=1, maximum=12),
            state=state if state in PUBLIC_STATES else "",
        )

    @property
    def active(self) -> bool:
        return any(
            (self.query, self.category, self.department, self.year, self.month, self.state)
        ) or (self.pinned is not None)

    def apply(self, notices, *, at: datetime):
        """The public `notices` that pass, best match first when there is a text
        query (the board's own search), else the newest first."""
        if self.state == NoticeState.ON_DISPLAY:
            notices = notices.on_display(at=at)
        elif self.state == NoticeState.FINISHED:
            notices = notices.finished(at=at)
        elif self.state == NoticeState.CANCELLED:
            notices = notices.cancelled()
        if self.category:
            notices = notices.filter(category__slug=self.category)
        if self.department:
            notices = notices.filter(department__slug=self.department)
        # The year and month of the start, in the official time (Europe/Madrid).
        if self.year:
            notices = notices.filter(start_at__year=self.year)
        if self.month:
            notices = notices.filter(start_at__month=self.month)
        if self.pinned is not None:
            notices = notices.filter(is_pinned=self.pinned)
        if self.query:
            return notices_matching(notices, self.query)
        return notices.order_by("-start_at", "-id")
