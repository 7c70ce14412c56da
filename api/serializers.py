"""One JSON shape per public object, shared by the API and any page that
offers the same data as JSON. The shapes are documented in api/schema.py.

Give them objects loaded with the QuerySets below (`notices_for_api`,
`procedures_for_api`) so a list costs the same few queries whatever its length.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from convocatories.calendars import period_days
from convocatories.choices import CallKind, CallStatus
from convocatories.models import Call
from tauler.choices import NoticeState
from tauler.models import Notice
from tramits.models import Procedure


def _datetime(value: datetime | None) -> str | None:
    """ISO 8601 with the offset of Europe/Madrid, as the board shows it."""
    return timezone.localtime(value).isoformat() if value is not None else None


def _named(obj) -> dict:
    return {"slug": obj.slug, "name": obj.name}


def notices_for_api(queryset):
    """What `notice_data` reads, loaded in two queries for any number of notices."""
    return queryset.select_related("category", "department", "corrects").prefetch_related(
        "documents"
    )


def procedures_for_api(queryset):
    return queryset.with_list_data()


def notice_data(notice: Notice, *, base_url: str, at: datetime | None = None) -> dict:
    """A published notice as open data. `at` fixes the moment its state is read
    at, so every notice of one answer is judged by the same clock."""
    return {
        "number": notice.number,
        "title": notice.title,
        "text": notice.text,
        "category": _named(notice.category),
        "department": _named(notice.department),
        "case_reference": notice.case_reference,
        "state": notice.state_at(at),
        "start": _datetime(notice.start_at),
        "end": _datetime(notice.end_at),
        "business_days": notice.period_business_days,
        "natural_days": notice.natural_days,
        "permanent": notice.is_permanent,
        "pinned": notice.is_pinned,
        "corrects": notice.corrects.number if notice.corrects_id else None,
        "cancelled": _datetime(notice.cancelled_at),
        "cancelled_reason": notice.cancel_reason if notice.cancelled_at else None,
        "url": base_url + notice.get_absolute_url(),
        "documents": [
            {
                "title": document.title,
                "size": document.size,
                "sha256": document.sha256,
                "url": base_url + document.get_absolute_url(),
            }
            for document in notice.documents.all()
        ],
    }


# The states a public notice can be in: drafts and scheduled notices are never public.
NOTICE_STATES = (
    NoticeState.ON_DISPLAY.value,
    NoticeState.FINISHED.value,
    NoticeState.CANCELLED.value,
)

# The audiences a procedure is for, by the name `Procedure.objects.for_audience` takes.
AUDIENCES = ("citizens", "businesses", "associations")


def procedure_audiences(procedure: Procedure) -> list[str]:
    return [audience for audience in AUDIENCES if getattr(procedure, f"for_{audience}")]


def procedure_data(procedure: Procedure, *, base_url: str) -> dict:
    return {
        "slug": procedure.slug,
        "title": procedure.title,
        "summary": procedure.summary,
        "topic": _named(procedure.topic),
        "department": _named(procedure.department),
        "audiences": procedure_audiences(procedure),
        "available_online": procedure.available_online,
        "in_person": procedure.in_person,
        "fees": procedure.fees,
        "resolution_deadline": {
            "value": procedure.resolution_deadline,
            "unit": procedure.resolution_deadline_unit,
        },
        "silence_effect": procedure.silence_effect,
        "url": base_url + procedure.get_absolute_url(),
    }


# --- Calls (convocatòries) -------------------------------------------------------------

# The statuses a published call can be in, as `Call.status_at` names them.
CALL_STATUSES = (
    CallStatus.UPCOMING.value,
    CallStatus.OPEN.value,
    CallStatus.IN_PROGRESS.value,
    CallStatus.RESOLVED.value,
    CallStatus.CANCELLED.value,
)
CALL_KINDS = tuple(CallKind.values)


def calls_for_api(queryset):
    """What `call_data` reads, loaded in three queries for any number of calls."""
    return queryset.select_related("department", "procedure").prefetch_related(
        "phases", "documents"
    )


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def _money(value) -> str | None:
    return f"{value:.2f}" if value is not None else None


def _call_document(document, *, base_url: str) -> dict:
    return {
        "title": document.title,
        "size": document.size,
        "sha256": document.sha256,
        "url": base_url + document.get_absolute_url(),
    }


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
        "department": _named(call.department),
        "summary": call.summary,
        "text": call.text,
        "application_period": (
            {
                "first_day": days[0].isoformat(),
                "last_day": days[1].isoformat(),
                "closes": _datetime(call.closes_at),
            }
            if days
            else None
        ),
        "published": _datetime(call.published_at),
        "resolved": _datetime(call.resolved_at),
        "cancelled": _datetime(call.cancelled_at),
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
                "published": _datetime(phase.published_at),
                "documents": [
                    _call_document(d, base_url=base_url)
                    for d in documents
                    if d.phase_id == phase.pk
                ],
            }
            for phase in call.phases.all()
            if at is None or phase.published_at <= at
        ],
        "documents": [
            _call_document(d, base_url=base_url) for d in documents if d.phase_id is None
        ],
        "url": base_url + call.get_absolute_url(),
        "calendar": base_url + reverse("convocatories:call-calendar", args=[call.slug]),
    }
