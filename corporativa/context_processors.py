from django.utils.functional import SimpleLazyObject

from corporativa.business_days import official_now
from corporativa.models import Council


def council(request):
    """What every page shows of its owner: the council and the official time."""
    # The owner's record (or settings.SEU_COUNCIL until there is one), cached:
    # no query per page once it has been read, and none at all for a page that
    # never shows it (the admin's), as it is only read when a template asks.
    owner = SimpleLazyObject(Council.objects.current)
    return {
        "council_name": SimpleLazyObject(lambda: owner.name),
        "council": owner,
        "official_now": official_now(),
    }
