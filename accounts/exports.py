"""What the seu holds about a person, as one JSON document (GDPR, article 15 and 20).

Each part of the seu contributes its own section through a registry
(`exporters`, seu/plugins.py), so the accounts app never imports the sections
(dependencies point one way). An exporter is a callable that takes the user
and returns data that `json.dumps` accepts (dates as ISO 8601 strings); it
must only return what belongs to that user. A section registers it when
Django starts, in its AppConfig.ready()::

    # tramits/apps.py
    class TramitsConfig(AppConfig):
        def ready(self):
            from accounts import exports
            from tramits.carpeta import submissions_for_export

            exports.exporters.register("submissions", submissions_for_export)

`submissions` is in every document, an empty list until the procedures app
registers its exporter. A name may be registered once; registering it twice
or registering one of the document's own keys is a mistake and raises.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from seu.plugins import Registry

Exporter = Callable[[User], Any]

RESERVED = {"format", "generated_at", "controller", "profile"}

# Sections every document has, empty until a section registers their exporter.
ALWAYS = ("submissions",)

exporters: Registry[Exporter] = Registry("data export sections", reserved=RESERVED)


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
        **{name: [] for name in ALWAYS},
    }
    for name, exporter in exporters.items():
        data[name] = exporter(user)
    return data
