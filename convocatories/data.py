"""A published call as data: one shape for the open-data API (/api/v1/calls,
documented in api/schema.py) and for the list's own JSON and CSV
(convocatories/views_public_data.py), whose CSV flattens it (`csv_row`).

Give `call_data` calls loaded by `calls_for_data`, so a list costs the same
few queries whatever its length.
"""

from datetime import datetime

from django.urls import reverse

from convocatories.calendars import period_days
from convocatories.choices import PUBLIC_STATUSES, CallKind, CallStatus
from convocatories.models import Call
from seu.exports import document_data, local_iso, named

# The values of the open data's `status` and `kind`, as the API's schema lists them.
CALL_STATUSES = tuple(status.value for status in CallStatus if status in PUBLIC_STATUSES)
CALL_KINDS = tuple(CallKind.values)

# The list's CSV: its columns, in this order (a stable format).
CSV_FIELDS = (
    "reference",
    "title",
    "kind",
    "status",
    "department",
    "first_day",
    "last_day",
    "closes",
    "published",
    "resolved",
    "cancelled",
    "cancelled_reason",
    "position",
    "group",
    "post_type",
    "places",
    "selection_system",
    "total_budget",
    "max_per_beneficiary",
    "bdns_code",
    "procedure",
    "url",
    "calendar",
    "phases",
    "documents",
)


def calls_for_data(queryset):
    """What `call_data` reads, loaded in three queries for any number of calls."""
    return queryset.select_related("department", "procedure").prefetch_related(
        "phases", "documents"
    )


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def _money(value) -> str | None:
    return f"{value:.2f}" if value is not None else None


def call_data(call: Call, *, base_url: str, at: datetime | None = None) -> dict:
    """A published call as open data; `at` fixes the moment its status is read at."""
    days = period_days(call)
    documents = list(call.documents.all())
    return {
        "slug": call.slug,
        "reference": call.reference,
        "title": call.title,
        "kind": call.kind,
        "status": call.status_at(at),
        "department": named(call.department),
        "summary": call.summary,
        "text": call.text,
        "application_period": (
            {
                "first_day": days[0].isoformat(),
                "last_day": days[1].isoformat(),
                "closes": local_iso(call.closes_at),
            }
            if days
            else None
        ),
        "published": local_iso(call.published_at),
        "resolved": local_iso(call.resolved_at),
        "cancelled": local_iso(call.cancelled_at),
        "cancelled_reason": call.cancel_reason if call.cancelled_at else None,
        "job": (
            {
                "position": call.position,
                "group": call.job_group or None,
                "post_type": call.post_type or None,
                "places": call.places,
                "selection_system": call.selection_system or None,
            }
            if call.is_job
            else None
        ),
        "funding": (
            None
            if call.is_job
            else {
                "total_budget": _money(call.total_budget),
                "max_per_beneficiary": _money(call.max_per_beneficiary),
                "beneficiaries": call.beneficiaries,
                "bdns_code": call.bdns_code,
            }
        ),
        "procedure": (
            {
                "slug": call.procedure.slug,
                "title": call.procedure.title,
                "url": base_url + call.procedure.get_absolute_url(),
            }
            if call.procedure_id
            else None
        ),
        "bases": (
            {
                "size": call.bases_size,
                "sha256": call.bases_sha256,
                "url": base_url + reverse("convocatories:bases-download", args=[call.slug]),
            }
            if call.bases_document
            else None
        ),
        "phases": [
            {
                "kind": phase.kind,
                "title": phase.display_title,
                "date": phase.date.isoformat(),
                "ends_on": _date(phase.ends_on),
                "time": phase.time.strftime("%H:%M") if phase.time else None,
                "place": phase.place,
                "text": phase.text,
                "published": local_iso(phase.published_at),
                "documents": [
                    document_data(d, base_url=base_url) for d in documents if d.phase_id == phase.pk
                ],
            }
            for phase in call.phases.all()
            if at is None or phase.published_at <= at
        ],
        "documents": [document_data(d, base_url=base_url) for d in documents if d.phase_id is None],
        "url": base_url + call.get_absolute_url(),
        "calendar": base_url + reverse("convocatories:call-calendar", args=[call.slug]),
    }


def csv_row(data: dict) -> dict:
    """`call_data`'s call flattened to the CSV's columns."""
    period = data["application_period"] or {}
    job = data["job"] or {}
    funding = data["funding"] or {}
    procedure = data["procedure"] or {}
    return {
        **{key: data[key] for key in ("reference", "title", "kind", "status")},
        "department": data["department"]["name"],
        "first_day": period.get("first_day"),
        "last_day": period.get("last_day"),
        "closes": period.get("closes"),
        **{key: data[key] for key in ("published", "resolved", "cancelled", "cancelled_reason")},
        **{
            key: job.get(key)
            for key in ("position", "group", "post_type", "places", "selection_system")
        },
        **{key: funding.get(key) for key in ("total_budget", "max_per_beneficiary", "bdns_code")},
        "procedure": procedure.get("url"),
        **{key: data[key] for key in ("url", "calendar", "phases", "documents")},
    }
