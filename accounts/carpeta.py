"""What other parts of the seu show in La meva carpeta.

The accounts app never imports the sections (dependencies point one way): a
section registers a card in its AppConfig.ready()::

    register_section("submissions", template="tramits/carpeta_submissions.html",
                     context=lambda request: {...})

The carpeta has three places, `submissions`, `receipts` and `subscriptions`;
each shows an honest empty state until a section fills it. `context` gets the
request and must only read what belongs to request.user.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

PLACES = ("submissions", "receipts", "subscriptions")

_sections: dict[str, tuple[str, Callable]] = {}


def register_section(place: str, *, template: str, context: Callable) -> None:
    if place not in PLACES:
        raise ImproperlyConfigured(f"La meva carpeta has no place called '{place}'.")
    if place in _sections:
        raise ImproperlyConfigured(f"La meva carpeta's '{place}' is already filled.")
    _sections[place] = (template, context)


def sections_for(request) -> dict[str, dict]:
    return {
        place: {"template": template, **context(request)}
        for place, (template, context) in _sections.items()
    }
