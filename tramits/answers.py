"""Answers as people read them back: on the review page, the case page and the receipt."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from tramits.choices import FieldKind


def readable(kind: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if kind == FieldKind.YES_NO:
        return {"yes": _("Yes"), "no": _("No")}.get(value, str(value))
    if kind == FieldKind.DATE:
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def draft_rows(procedure, answers: dict) -> list[dict]:
    return [
        {"label": f.label, "value": readable(f.kind, answers.get(f.name))}
        for f in procedure.fields.all()
        if f.kind != FieldKind.FILE
    ]


def submitted_rows(submission) -> list[dict]:
    """From the snapshot taken at registration: the questions as they were asked."""
    return [
        {"label": a["label"], "value": readable(a["kind"], a.get("value"))}
        for a in submission.answers
    ]
