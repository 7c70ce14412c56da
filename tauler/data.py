"""A public notice as data: one shape for the open-data API (/api/v1/notices,
documented in api/schema.py) and for the board's own JSON and CSV, which
give the same notice a little flatter (`export_row`).

Give `notice_data` notices loaded by `notices_for_data`, so a list costs the
same few queries whatever its length.
"""

from datetime import datetime

from seu.exports import document_data, local_iso, named
from tauler.choices import PUBLIC_STATES
from tauler.models import Notice

# The states of the open data's `state`, as the API's schema lists them.
NOTICE_STATES = tuple(state.value for state in PUBLIC_STATES)

# The board's JSON and CSV: their fields, in this order (a stable format).
EXPORT_FIELDS = (
    "number",
    "title",
    "category",
    "department",
    "case_reference",
    "state",
    "start",
    "end",
    "business_days",
    "natural_days",
    "permanent",
    "pinned",
    "url",
    "documents",
    "cancelled_reason",
)
EXPORT_DOCUMENT_FIELDS = ("title", "sha256", "size", "url")


def notices_for_data(queryset):
    """What `notice_data` reads, loaded in two queries for any number of notices."""
    return queryset.select_related("category", "department", "corrects").prefetch_related(
        "documents"
    )


def notice_data(notice: Notice, *, base_url: str, at: datetime | None = None) -> dict:
    """A published notice as open data. `at` fixes the moment its state is read
    at, so every notice of one answer is judged by the same clock."""
    return {
        "number": notice.number,
        "title": notice.title,
        "text": notice.text,
        "category": named(notice.category),
        "department": named(notice.department),
        "case_reference": notice.case_reference,
        "state": notice.state_at(at),
        "start": local_iso(notice.start_at),
        "end": local_iso(notice.end_at),
        "business_days": notice.period_business_days,
        "natural_days": notice.natural_days,
        "permanent": notice.is_permanent,
        "pinned": notice.is_pinned,
        "corrects": notice.corrects.number if notice.corrects_id else None,
        "cancelled": local_iso(notice.cancelled_at),
        "cancelled_reason": notice.cancel_reason if notice.cancelled_at else None,
        "url": base_url + notice.get_absolute_url(),
        "documents": [
            document_data(document, base_url=base_url) for document in notice.documents.all()
        ],
    }


def export_row(data: dict) -> dict:
    """`notice_data`'s notice as the board's JSON and CSV give it: the category and
    the department by name, no text, no correction or cancellation time."""
    row = {field: data[field] for field in EXPORT_FIELDS}
    row["category"] = data["category"]["name"]
    row["department"] = data["department"]["name"]
    row["documents"] = [
        {field: document[field] for field in EXPORT_DOCUMENT_FIELDS}
        for document in data["documents"]
    ]
    return row
