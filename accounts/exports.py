"""What the seu holds about a person, as one JSON document (GDPR, article 15 and 20).

Each part of the seu contributes its own section through a small registry, so
the accounts app never imports the sections (dependencies point one way).
An exporter is a callable that takes the user and returns data that
`json.dumps` accepts (dates as ISO 8601 strings); it must only return what
belongs to that user. A section registers it when Django starts, in its
AppConfig.ready()::

    # tramits/apps.py
    class TramitsConfig(AppConfig):
        def ready(self):
            from accounts.exports import register_exporter
            from tramits.exports import submissions_for_export

            register_exporter("submissions", submissions_for_export)

`submissions` starts as an empty list here so the document always has it;
the procedures app replaces that placeholder. Any other name may be
registered once; registering a name twice is a mistake and raises.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from accounts.models import User

Exporter = Callable[[User], Any]

_exporters: dict[str, Exporter] = {}
_placeholders: set[str] = set()

RESERVED = {"format", "generated_at", "controller", "profile"}


def register_exporter(name: str, exporter: Exporter) -> None:
    """Add a section called `name` to every person's export."""
    if name in RESERVED:
        raise ImproperlyConfigured(f"'{name}' is a reserved section of the data export.")
    if name in _exporters and name not in _placeholders:
        raise ImproperlyConfigured(f"The data export already has a section called '{name}'.")
    _exporters[name] = exporter
    _placeholders.discard(name)


def _register_placeholder(name: str, exporter: Exporter) -> None:
    _exporters[name] = exporter
    _placeholders.add(name)


def _iso(value):
    return value.isoformat() if value is not None else None


def profile_for_export(user: User) -> dict:
    """The account itself. The password is kept only as a one-way hash and is left out."""
    return {
        "email": user.email,
        "full_name": user.full_name,
        "id_document_type": user.id_document_type,
        "id_document_number": user.id_document_number,
        "preferred_language": user.preferred_language,
        "email_verified_at": _iso(user.email_verified_at),
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "closed_at": _iso(user.closed_at),
        "is_staff": user.is_staff,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def user_data_export(user: User) -> dict:
    """The whole export: who holds the data, the profile, then every registered section."""
    data = {
        "format": "seu-dades/1",
        "generated_at": timezone.now().isoformat(),
        "controller": settings.SEU_COUNCIL_NAME,
        "profile": profile_for_export(user),
    }
    for name, exporter in _exporters.items():
        data[name] = exporter(user)
    return data


# The procedures app (a later issue) replaces this with the person's submissions.
_register_placeholder("submissions", lambda user: [])
