"""Work that follows a change, done after its transaction commits.

`after_commit(task, *args)` asks for a Celery task once the current
transaction has committed: never for a change that was rolled back, and never
before the rows the task reads are visible to a worker. With a broker the
task is queued; without one (a development run) it runs here, in this
process, right after the commit. Either way nothing it does can turn the
change into an error: a failure is logged, and the periodic sweep
(seu.schedule) finds what was left undone, because every task is written to
find its work in the database and to do it once.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def broker_configured() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def after_commit(task, *args) -> None:
    transaction.on_commit(partial(dispatch, task, *args))


def dispatch(task, *args) -> None:
    """Queue the task, or run it here when there is no broker."""
    if not broker_configured():
        run_here(task, *args)
        return
    try:
        task.apply_async(args=args)
    except Exception:
        logger.exception("Could not queue %s%r: the sweep will do it", task.name, args)


def run_here(task, *args) -> None:
    try:
        task.run(*args)
    except Exception:
        logger.exception("%s%r failed here: the sweep will try again", task.name, args)
