"""The registry's counters move to corporativa.YearlyCounter (series "registry-in"),
the one gapless yearly counter of the seu; each year keeps its last number."""

from django.db import migrations

SERIES = "registry-in"


def forwards(apps, schema_editor):
    RegistryCounter = apps.get_model("tramits", "RegistryCounter")
    YearlyCounter = apps.get_model("corporativa", "YearlyCounter")
    for counter in RegistryCounter.objects.all():
        YearlyCounter.objects.update_or_create(
            series=SERIES, year=counter.year, defaults={"last_number": counter.last_number}
        )


def backwards(apps, schema_editor):
    RegistryCounter = apps.get_model("tramits", "RegistryCounter")
    YearlyCounter = apps.get_model("corporativa", "YearlyCounter")
    for counter in YearlyCounter.objects.filter(series=SERIES):
        RegistryCounter.objects.update_or_create(
            year=counter.year, defaults={"last_number": counter.last_number}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tramits", "0002_resolution_suspension"),
        ("corporativa", "0004_yearly_counter"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="RegistryCounter"),
    ]
