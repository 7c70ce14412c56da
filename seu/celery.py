"""The Celery application of the seu: `celery -A seu worker --beat` (make worker).

Its settings are the CELERY_* names of seu.settings; the tasks are each app's
tasks.py, found by name, and the periodic ones are seu.schedule.JOBS.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seu.settings")

app = Celery("seu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _beat_schedule(sender, **kwargs):
    from seu.schedule import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
