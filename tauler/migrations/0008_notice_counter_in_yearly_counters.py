"""The notice board's counters move to corporativa.YearlyCounter (series "notices"),
the one gapless yearly counter of the seu; each year keeps its last number."""

from django.db import migrations

SERIES = "notices"


def forwards(apps, schema_editor):
    NoticeCounter = apps.get_model("tauler", "NoticeCounter")
    YearlyCounter = apps.get_model("corporativa", "YearlyCounter")
    for counter in NoticeCounter.objects.all():
        YearlyCounter.objects.update_or_create(
            series=SERIES, year=counter.year, defaults={"last_number": counter.last_number}
        )


def backwards(apps, schema_editor):
    NoticeCounter = apps.get_model("tauler", "NoticeCounter")
    YearlyCounter = apps.get_model("corporativa", "YearlyCounter")
    for counter in YearlyCounter.objects.filter(series=SERIES):
        NoticeCounter.objects.update_or_create(
            year=counter.year, defaults={"last_number": counter.last_number}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tauler", "0007_append_only_truncate"),
        ("corporativa", "0004_yearly_counter"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="NoticeCounter"),
    ]
