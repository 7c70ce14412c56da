"""What the bench scripts that run inside Django share: setup and the demo users.

bench/measure.py, bench/session.py and bench/submission.py are run by
bench/run.py with the benchmark's production environment (DATABASE_URL,
DEBUG=False, ...); this module imports nothing from Django until called.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seu.settings")

    import django

    django.setup()


def demo_citizen():
    """The demo citizen of seed_demo; LookupError when the database lacks them."""
    from accounts.models import User
    from portal.management.commands.seed_demo import DEMO_CITIZEN

    email = DEMO_CITIZEN["email"]
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise LookupError(f"the demo citizen {email} is not in the database (did seed_demo run?)")
    return user


def demo_staff():
    """The demo member of staff of seed_demo (in every section's group); LookupError if missing."""
    from accounts.models import User
    from portal.management.commands.seed_demo import DEMO_STAFF

    email = DEMO_STAFF["email"]
    user = User.objects.filter(email__iexact=email, is_active=True, is_staff=True).first()
    if user is None:
        raise LookupError(f"the demo staff {email} is not in the database (did seed_demo run?)")
    return user


def user_for(name):
    """The user a page of bench/pages.py is loaded as ("citizen" or "staff")."""
    finders = {"citizen": demo_citizen, "staff": demo_staff}
    if name not in finders:
        raise LookupError(f"no demo user called {name!r}")
    return finders[name]()
