"""Every periodic job of the seu, in one place.

Celery beat runs them (make worker); a council without a broker runs the same
jobs from cron, one line each, as `manage.py seu_jobs crontab` prints them. A
job is a task's name and the minute and hour fields of a crontab (Europe/Madrid):
every job is safe to run late, twice, or at the same time as itself.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    task: str
    minute: str
    hour: str
    what: str


JOBS = [
    Job("outbox.deliver_due", "*", "*", "deliver the mails waiting in the outbox"),
    Job("tramits.receipts_missing", "*/5", "*", "issue the registry receipts still missing"),
    Job(
        "tauler.notices_close",
        "*/10",
        "*",
        "record the end of finished notices, issue their publication certificates",
    ),
    Job("convocatories.alerts_send", "0", "8", "the daily digests of the calls' alerts"),
    Job("tauler.log_verify", "15", "3", "verify the notice board's publication log"),
    Job("estadistiques.rollup", "30", "3", "roll old page views up into aggregates"),
    Job("documents.orphans_delete", "45", "3", "delete stored files that no row refers to"),
    Job("outbox.purge", "0", "4", "forget the text of mails sent long ago"),
    Job("tauler.log_anchor", "55", "23", "the day's sealed statement of the log's head"),
]


def beat_schedule() -> dict:
    from celery.schedules import crontab

    return {
        job.task: {"task": job.task, "schedule": crontab(minute=job.minute, hour=job.hour)}
        for job in JOBS
    }


def crontab_lines(*, directory: str, python: str) -> list[str]:
    return [
        f"{job.minute} {job.hour} * * *  cd {directory} && {python} manage.py seu_jobs run "
        f"{job.task}   # {job.what}"
        for job in JOBS
    ]
