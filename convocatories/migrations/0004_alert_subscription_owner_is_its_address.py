import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Lower


def unlink_other_addresses(apps, schema_editor):
    """Until now a logged-in person who typed in someone else's address was linked
    to that subscription (and, once it was confirmed, to the address's older one).
    Only the account's own address links a subscription to it now."""
    AlertSubscription = apps.get_model("convocatories", "AlertSubscription")
    AlertSubscription.objects.filter(user__isnull=False).annotate(
        address=Lower("email"), account_address=Lower("user__email")
    ).exclude(address=F("account_address")).update(user=None)


class Migration(migrations.Migration):
    dependencies = [
        ("convocatories", "0003_phase_kind_extension"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="alertsubscription",
            name="user",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The account that subscribed, when the person was logged in with this "
                    "very address verified."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="call_alerts",
                to=settings.AUTH_USER_MODEL,
                verbose_name="account",
            ),
        ),
        migrations.RunPython(unlink_other_addresses, migrations.RunPython.noop),
    ]
