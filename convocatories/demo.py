"""Demo content for Convocatòries: about twenty calls of Mollet del Vallès.

The calls are in demo_data/calls.toml (council data, in Catalan). Dates are
relative to the day the demo is loaded, so there are always calls open,
upcoming, under way, resolved and one cancelled. Everything goes through
convocatories.services, as staff would do it.

Idempotent: a call whose reference exists is left as it is (a published call
never changes), so running it again adds nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from convocatories import services
from convocatories.choices import PeriodMode
from convocatories.models import Call
from corporativa.business_days import OFFICIAL_TZ, official_today
from corporativa.models import Department
from documents.demo import demo_pdf
from seu.demo import demo_data
from tramits.models import Procedure, ProcedureField, Topic

_DATA = demo_data("convocatories", "calls")
JOB_PROCEDURE = _DATA["job_procedure"]
FUNDING_PROCEDURE = _DATA["funding_procedure"]
DEPARTMENTS = {d["slug"]: d for d in _DATA["departments"]}


# --- The procedures to apply through ---------------------------------------------


def _field(spec: dict) -> dict:
    """A form field of the data file as the model wants it: choices one per line."""
    field = {"kind": "text", "required": True, "help_text": "", **spec}
    if "choices" in field:
        field["choices"] = "\n".join(field["choices"])
    return field


PROCEDURES = [
    {**spec, "fields": [_field(field) for field in spec["fields"]]} for spec in _DATA["procedures"]
]


def _department(slug: str) -> Department:
    spec = DEPARTMENTS[slug]
    department = Department.objects.filter(Q(slug=slug) | Q(name=spec["name"])).first()
    if department is None:
        department = Department.objects.create(
            slug=slug, name=spec["name"], email=spec["email"], phone=spec["phone"]
        )
    return department


def _procedures() -> dict[str, Procedure]:
    spec = _DATA["topic"]
    topic = Topic.objects.filter(Q(slug=spec["slug"]) | Q(name=spec["name"])).first()
    if topic is None:
        topic = Topic.objects.create(slug=spec["slug"], name=spec["name"], order=spec["order"])
    result = {}
    for spec in PROCEDURES:
        procedure = Procedure.objects.filter(slug=spec["slug"]).first()
        if procedure is None:
            procedure = Procedure(slug=spec["slug"])
        values = {
            "title": spec["title"],
            "summary": spec["summary"],
            "description": spec["description"],
            "topic": topic,
            "department": _department(spec["department"]),
            "for_citizens": True,
            "for_businesses": spec.get("businesses", False),
            "for_associations": spec.get("associations", False),
            "who_can_apply": spec["who_can_apply"],
            "requirements": spec["requirements"],
            "documents": spec["documents"],
            "fees": spec["fees"],
            "resolution_deadline": spec["deadline"],
            "resolution_deadline_unit": spec["deadline_unit"],
            "silence_effect": spec["silence"],
            "legal_basis": spec["legal_basis"],
            "available_online": True,
            "in_person": True,
            "is_permanent": True,
            "is_published": True,
        }
        for name, value in values.items():
            setattr(procedure, name, value)
        procedure.full_clean()
        procedure.save()
        for order, field_spec in enumerate(spec["fields"], start=1):
            form_field = procedure.fields.filter(name=field_spec["name"]).first()
            form_field = form_field or ProcedureField(procedure=procedure)
            for name, value in {"order": order * 10, **field_spec}.items():
                setattr(form_field, name, value)
            form_field.full_clean()
            form_field.save()
        result[spec["slug"]] = procedure
    return result


# --- The calls ------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPhase:
    kind: str
    day: int  # days from today
    text: str = ""
    title: str = ""
    ends: int | None = None
    starts: time | None = None
    place: str = ""
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoCall:
    reference: str
    slug: str
    kind: str
    title: str
    department: str
    summary: str
    text: str
    # (first day, last day) from today, or ("bd", publication day, business days).
    period: tuple
    job: tuple = ()  # position, group, post type, places, system
    funding: tuple = ()  # budget, maximum, beneficiaries, BDNS code
    resolved: int | None = None  # day it was resolved, from today
    cancelled: tuple | None = None  # (day, public reason)
    phases: tuple[DemoPhase, ...] = field(default_factory=tuple)
    documents: tuple[str, ...] = ()
    online: bool = True


def _phase(spec: dict, *, day: int, ends: int | None) -> DemoPhase:
    return DemoPhase(
        spec["kind"],
        day,
        spec.get("text", ""),
        title=spec.get("title", ""),
        ends=ends,
        starts=spec.get("starts"),
        place=spec.get("place", ""),
        documents=tuple(spec.get("documents", ())),
    )


def _phases(spec: dict) -> tuple[DemoPhase, ...]:
    """A call's phases: its own (or templates of the data file), then the usual steps
    of a selection, counted from the day its application period closed."""
    phases = []
    for phase in spec.get("phases", ()):
        if "use" in phase:
            phase = {**_DATA["phase_templates"][phase["use"]], **phase}
        phases.append(_phase(phase, day=phase["day"], ends=phase.get("ends")))
    steps = spec.get("job_steps")
    if steps:
        closed = steps["closed"]
        for step in _DATA["job_steps"][: steps["steps"]]:
            ends = closed + step["ends_after"] if "ends_after" in step else None
            phases.append(_phase(step, day=closed + step["after"], ends=ends))
    return tuple(phases)


def _call(spec: dict) -> DemoCall:
    period = spec["period"]
    if "business_days" in period:
        period = ("bd", period["published"], period["business_days"])
    else:
        period = (period["opens"], period["closes"])
    job = spec.get("job")
    funding = spec.get("funding")
    cancelled = spec.get("cancelled")
    return DemoCall(
        spec["reference"],
        spec["slug"],
        spec["kind"],
        spec["title"],
        spec["department"],
        spec["summary"],
        spec["text"],
        period,
        job=(
            (job["position"], job["group"], job["post_type"], job["places"], job["selection"])
            if job
            else ()
        ),
        funding=(
            (
                Decimal(funding["budget"]),
                Decimal(funding["maximum"]),
                funding["beneficiaries"],
                funding["bdns_code"],
            )
            if funding
            else ()
        ),
        resolved=spec.get("resolved"),
        cancelled=(cancelled["day"], cancelled["reason"]) if cancelled else None,
        phases=_phases(spec),
        documents=tuple(spec.get("documents", ())),
        online=spec.get("online", True),
    )


DEMO_CALLS = [_call(spec) for spec in _DATA["calls"]]


# --- The PDFs --------------------------------------------------------------------------


def call_pdf(*, title: str, call: DemoCall, department: str, day: date) -> bytes:
    """A one-page PDF for a document of a call, laid out like the council's own."""
    return demo_pdf(
        title=title,
        header=[department, f"Expedient {call.reference}"],
        body=[
            ("Heading1", title),
            ("Heading3", call.title),
            ("BodyText", call.summary),
            0.3,
            ("BodyText", call.text),
        ],
        day=day,
    )


def _upload(title: str, call: DemoCall, department: Department, day: date):
    content = call_pdf(title=title, call=call, department=department.name, day=day)
    return SimpleUploadedFile(f"{call.slug}.pdf", content, content_type="application/pdf")


# --- Loading -----------------------------------------------------------------------------


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=OFFICIAL_TZ)


def _load(spec: DemoCall, *, staff, today: date, now: datetime, procedures) -> Call:
    department = _department(spec.department)
    call = Call(
        reference=spec.reference,
        slug=spec.slug,
        kind=spec.kind,
        title=spec.title,
        department=department,
        summary=spec.summary,
        text=spec.text,
    )
    if spec.period[0] == "bd":
        _mode, published, business_days = spec.period
        call.period_mode = PeriodMode.BUSINESS_DAYS
        call.published_on = today + timedelta(days=published)
        call.period_business_days = business_days
        published_at = _at(call.published_on)
    else:
        first, last = spec.period
        call.period_mode = PeriodMode.DATES
        call.opens_on = today + timedelta(days=first)
        call.closes_on = today + timedelta(days=last)
        published_at = _at(call.opens_on - timedelta(days=5))
    published_at = min(published_at, now - timedelta(hours=1))
    if spec.job:
        call.position, call.job_group, call.post_type, call.places, call.selection_system = spec.job
    else:
        call.total_budget, call.max_per_beneficiary, call.beneficiaries, call.bdns_code = (
            spec.funding
        )
    if spec.online:
        call.procedure = procedures[JOB_PROCEDURE if spec.job else FUNDING_PROCEDURE]
    call.full_clean()
    call.save()
    services.call_bases_set(
        call=call, upload=_upload("Bases de la convocatòria", spec, department, published_at.date())
    )
    services.call_publish(call=call, by=staff, at=published_at)
    for order, title in enumerate(spec.documents):
        services.call_document_add(
            call=call,
            title=title,
            upload=_upload(title, spec, department, published_at.date()),
            order=order,
        )
    for phase in spec.phases:
        day = today + timedelta(days=phase.day)
        # A phase is made public on its day; a planned one (an exam date) is announced now.
        at = max(min(_at(day, 10), now - timedelta(minutes=30)), published_at)
        services.call_phase_add(
            call=call,
            by=staff,
            kind=phase.kind,
            date=day,
            title=phase.title,
            ends_on=today + timedelta(days=phase.ends) if phase.ends is not None else None,
            time=phase.starts,
            place=phase.place,
            text=phase.text,
            documents=[(title, _upload(title, spec, department, day)) for title in phase.documents],
            at=at,
        )
    if spec.resolved is not None:
        services.call_resolve(call=call, by=staff, at=_at(today + timedelta(days=spec.resolved)))
    if spec.cancelled is not None:
        day, reason = spec.cancelled
        services.call_cancel(
            call=call, by=staff, reason=reason, at=_at(today + timedelta(days=day), 12)
        )
    return call


def seed_calls(*, staff) -> int:
    """Load the demo calls that are not there yet; returns how many were added.

    `staff` publishes them: a user with the permission convocatories.publish_call.
    """
    today, now = official_today(), timezone.now()
    with transaction.atomic():
        procedures = _procedures()
        existing = set(
            Call.objects.filter(reference__in=[c.reference for c in DEMO_CALLS]).values_list(
                "reference", flat=True
            )
        )
        added = 0
        for spec in DEMO_CALLS:
            if spec.reference in existing:
                continue
            _load(spec, staff=staff, today=today, now=now, procedures=procedures)
            added += 1
    return added
