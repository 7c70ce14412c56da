"""Demo content for corporate information: Mollet del Vallès's local holidays."""

from datetime import date

from django.db import transaction

from corporativa.models import LocalHoliday

_DEMO_NOTE = (
    "Dades de demostració: cal comprovar-les amb l'acord de festes locals "
    "aprovat per l'Ajuntament i publicat al DOGC."
)

# Sant Vicenç (22 January) is the patron saint of Mollet; the second day is a
# Monday of the summer Festa Major, which the town holds in mid-August.
DEMO_LOCAL_HOLIDAYS = [
    (date(2026, 1, 22), "Sant Vicenç, patró de Mollet del Vallès"),
    (date(2026, 8, 17), "Festa local de Mollet del Vallès (Festa Major)"),
    (date(2027, 1, 22), "Sant Vicenç, patró de Mollet del Vallès"),
    (date(2027, 8, 16), "Festa local de Mollet del Vallès (Festa Major)"),
]


@transaction.atomic
def seed_local_holidays() -> int:
    """Create or refresh the demo local holidays; returns how many there are."""
    for day, name in DEMO_LOCAL_HOLIDAYS:
        LocalHoliday.objects.update_or_create(date=day, defaults={"name": name, "note": _DEMO_NOTE})
    return len(DEMO_LOCAL_HOLIDAYS)
