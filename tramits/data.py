"""A published procedure as data: the shape of the open-data API's
/api/v1/procedures (documented in api/schema.py).

Give `procedure_data` procedures loaded by `procedures_for_data`, so a list
costs the same few queries whatever its length.
"""

from seu.exports import named
from tramits.models import Procedure

# The audiences a procedure is for, by the name `Procedure.objects.for_audience` takes.
AUDIENCES = ("citizens", "businesses", "associations")


def procedures_for_data(queryset):
    return queryset.with_list_data()


def procedure_audiences(procedure: Procedure) -> list[str]:
    return [audience for audience in AUDIENCES if getattr(procedure, f"for_{audience}")]


def procedure_data(procedure: Procedure, *, base_url: str) -> dict:
    return {
        "slug": procedure.slug,
        "title": procedure.title,
        "summary": procedure.summary,
        "topic": named(procedure.topic),
        "department": named(procedure.department),
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
