"""The periodic jobs: one list, run by beat or by cron through seu_jobs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seu.celery import app
from seu.schedule import JOBS, beat_schedule


def test_every_job_is_a_task_the_worker_knows():
    app.loader.import_default_modules()
    assert {job.task for job in JOBS} <= set(app.tasks)


def test_beat_and_cron_run_the_same_jobs_at_the_same_times():
    schedule = beat_schedule()
    out = StringIO()
    call_command("seu_jobs", "crontab", stdout=out)
    lines = out.getvalue().splitlines()

    assert lines[0] == "CRON_TZ=Europe/Madrid"
    assert len(lines) == 1 + len(JOBS) == 1 + len(schedule)
    for job, line in zip(JOBS, lines[1:], strict=True):
        entry = schedule[job.task]
        assert entry["task"] == job.task
        assert entry["schedule"] == app.conf.beat_schedule[job.task]["schedule"]
        assert line.startswith(f"{job.minute} {job.hour} * * *  cd ")
        assert f"manage.py seu_jobs run {job.task}" in line


def test_the_beat_of_the_worker_has_the_schedule():
    app.loader.import_default_modules()
    assert set(app.conf.beat_schedule) == {job.task for job in JOBS}


def test_an_unknown_job_is_refused_by_name():
    with pytest.raises(CommandError, match="No such job: tramits.nothing"):
        call_command("seu_jobs", "run", "tramits.nothing")
