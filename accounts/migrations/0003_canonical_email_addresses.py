"""Stored addresses in their canonical spelling (NFKC, case folded), so that the
log-in compares them exactly (see accounts/addresses.py). An address whose
canonical spelling another account already holds is left as it is and logged."""

import logging
import unicodedata

from django.db import migrations

logger = logging.getLogger(__name__)


def canonical(value):
    # A copy of accounts.addresses.canonical_email as it was when this ran.
    folded = unicodedata.normalize("NFKC", (value or "").strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for pk, email in User.objects.values_list("pk", "email").iterator():
        spelling = canonical(email)
        if spelling == email:
            continue
        if User.objects.filter(email=spelling).exclude(pk=pk).exists():
            logger.warning("Account %s keeps its address: its canonical spelling is taken", pk)
            continue
        User.objects.filter(pk=pk).update(email=spelling)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_ratelimit_counter")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
