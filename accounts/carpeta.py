"""What other parts of the seu show in La meva carpeta.

The accounts app never imports the sections (dependencies point one way): a
section registers a card in `cards` from its AppConfig.ready() (seu/plugins.py)::

    carpeta.cards.register(
        "submissions",
        carpeta.Card(template="tramits/carpeta_submissions.html", context=submissions_card),
    )

The carpeta has three places, `submissions`, `receipts` and `subscriptions`;
each shows an honest empty state until a section fills it, and each takes one
card. `context` gets the request and must only read what belongs to request.user.
"""

from collections.abc import Callable
from dataclasses import dataclass

from seu.plugins import Registry

PLACES = ("submissions", "receipts", "subscriptions")


@dataclass(frozen=True)
class Card:
    template: str
    context: Callable[..., dict]


cards: Registry[Card] = Registry("La meva carpeta cards", names=PLACES)


def sections_for(request) -> dict[str, dict]:
    return {
        place: {"template": card.template, **card.context(request)} for place, card in cards.items()
    }
