"""manage.py seu_jobs: the periodic jobs of seu.schedule, for councils that use cron.

    seu_jobs list              the jobs, when beat runs them, what each does
    seu_jobs crontab           the same as crontab lines (paste them with crontab -e)
    seu_jobs run TASK [...]    run jobs here, now; `run all` runs every one

With a broker, `make worker` (a Celery worker with beat) runs the same jobs
on the same schedule and none of this is needed.
"""

import logging
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seu.celery import app
from seu.schedule import JOBS, crontab_lines

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Lists, prints as crontab lines, or runs the seu's periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "crontab", "run"])
        parser.add_argument("tasks", nargs="*", metavar="TASK")

    def handle(self, *args, action, tasks, **options):
        if action == "list":
            for job in JOBS:
                self.stdout.write(f"{job.minute:>5} {job.hour:>3}  {job.task:<28} {job.what}")
            return
        if action == "crontab":
            self.stdout.write("CRON_TZ=Europe/Madrid")
            for line in crontab_lines(directory=str(settings.BASE_DIR), python=_python()):
                self.stdout.write(line)
            return
        names = [job.task for job in JOBS] if tasks == ["all"] else tasks
        if not names:
            raise CommandError("Name the jobs to run (seu_jobs list shows them), or 'all'.")
        known = {job.task for job in JOBS}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise CommandError(f"No such job: {', '.join(unknown)}. seu_jobs list shows them.")
        app.loader.import_default_modules()
        failed = []
        for name in names:
            try:
                app.tasks[name].run()
            except Exception:
                logger.exception("The job %s failed", name)
                failed.append(name)
            else:
                self.stdout.write(f"{name}: done")
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)} (the log says why).")


def _python() -> str:
    executable = Path(sys.executable)
    try:
        return str(executable.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(executable)
