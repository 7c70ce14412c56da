"""Demo content for the procedure catalogue: departments, topics and procedures.

The texts are in demo_data/catalogue.toml (council data, in Catalan); this
module loads them, creating or refreshing each record by its slug.
"""

from django.db import transaction
from django.db.models import Q

from accounts.models import Assurance
from corporativa.models import Department
from seu.demo import demo_data
from tramits.models import Procedure, ProcedureField, Topic

_DATA = demo_data("tramits", "catalogue")
FIELD_DEFAULTS = {
    "kind": "text",
    "required": True,
    "help_text": "",
    "choices": (),
    "allowed_types": "pdf",
    "max_size_mb": 10,
}


def _field(spec: dict) -> dict:
    """A form field as the model wants it: defaults filled in, choices one per line."""
    if "use" in spec:
        spec = {**_DATA["common_fields"][spec["use"]], **spec}
        del spec["use"]
    field = {**FIELD_DEFAULTS, **spec}
    field["choices"] = "\n".join(field["choices"])
    return field


DEMO_DEPARTMENTS = _DATA["departments"]
DEMO_TOPICS = _DATA["topics"]
DEMO_PROCEDURES = [
    {**spec, "fields": [_field(field) for field in spec["fields"]]} for spec in _DATA["procedures"]
]


def _department(slug, name, email, phone):
    # Another section's demo may have made the same department first, under
    # the same name: reuse it rather than clash on the unique name.
    department = Department.objects.filter(Q(slug=slug) | Q(name=name)).first() or Department(
        slug=slug
    )
    department.name, department.email, department.phone = name, email, phone
    department.full_clean()
    department.save()
    return department


def _topic(slug, name, order):
    topic = Topic.objects.filter(Q(slug=slug) | Q(name=name)).first() or Topic(slug=slug)
    topic.name, topic.order = name, order
    topic.full_clean()
    topic.save()
    return topic


def _procedure(spec, topics, departments):
    window = spec.get("window")  # first and last day of a seasonal procedure
    values = {
        "title": spec["title"],
        "summary": spec["summary"],
        "description": spec["description"],
        "topic": topics[spec["topic"]],
        "department": departments[spec["department"]],
        "for_citizens": spec.get("citizens", True),
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
        "available_online": spec.get("online", True),
        "in_person": True,
        "channel_notes": spec.get("channel_notes", ""),
        "is_permanent": window is None,
        "open_from": window[0] if window else None,
        "open_until": window[1] if window else None,
        "is_generic": spec.get("generic", False),
        # Requests are signed (Llei 39/2015 art. 11.2): signing needs an
        # accredited identification, substantial at least.
        "signature_required": spec.get("signature", False),
        "min_assurance": Assurance.SUBSTANTIAL if spec.get("signature") else Assurance.LOW,
        "is_published": True,
    }
    procedure = Procedure.objects.filter(slug=spec["slug"]).first()
    if procedure is None and values["is_generic"]:
        # There can be only one generic request: refresh the one staff made.
        procedure = Procedure.objects.filter(is_generic=True).first()
    procedure = procedure or Procedure(slug=spec["slug"])
    for name, value in values.items():
        setattr(procedure, name, value)
    procedure.full_clean()
    procedure.save()

    # The form is replaced by the listed fields: a field dropped from the list
    # goes, and the rest are updated in place (drafts keep their answers).
    names = [f["name"] for f in spec["fields"]]
    procedure.fields.exclude(name__in=names).delete()
    for order, field_spec in enumerate(spec["fields"], start=1):
        form_field = procedure.fields.filter(name=field_spec["name"]).first() or ProcedureField(
            procedure=procedure, name=field_spec["name"]
        )
        for name, value in {**field_spec, "order": order * 10}.items():
            setattr(form_field, name, value)
        form_field.full_clean()
        form_field.save()
    return procedure


@transaction.atomic
def seed_procedures() -> int:
    """Create or refresh the demo catalogue; returns how many procedures it holds."""
    departments = {d["slug"]: _department(**d) for d in DEMO_DEPARTMENTS}
    topics = {
        t["slug"]: _topic(t["slug"], t["name"], order)
        for order, t in enumerate(DEMO_TOPICS, start=1)
    }
    for spec in DEMO_PROCEDURES:
        _procedure(spec, topics, departments)
    return len(DEMO_PROCEDURES)
