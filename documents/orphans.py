"""Files on the disk that no row refers to: found, and deleted once they are old.

Every stored file belongs to a row (a draft's file, an attachment, an issued
document, a published PDF, a photo). One without a row is what a change that
failed part way left behind (documents.files removes most as they happen), a
`.part` file of a write a crash interrupted, or a health-check probe whose
delete failed. Nobody can reach them, and some hold personal data: they go.

A file being uploaded right now has no row yet either, so only files older
than a day (by default) are touched. Only the folders of the local storages
are walked (the private storage's and the default one's), symbolic links are
never followed, and nothing outside those folders is ever deleted.
"""

import logging
import os
import stat
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.utils import timezone

from documents.files import file_fields
from documents.storage import private_storage

logger = logging.getLogger(__name__)

OLDER_THAN = timedelta(days=1)


def orphans_find(*, older_than: timedelta = OLDER_THAN, now: datetime | None = None) -> list[str]:
    """The paths of the files orphans_delete would delete, deleting nothing."""
    return _orphans(older_than=older_than, now=now, delete=False)


def orphans_delete(*, older_than: timedelta = OLDER_THAN, now: datetime | None = None) -> list[str]:
    """Delete the stored files no row refers to, last modified more than
    `older_than` before `now`; return their absolute paths."""
    deleted = _orphans(older_than=older_than, now=now, delete=True)
    if deleted:
        logger.info("Deleted %s stored files that no row refers to", len(deleted))
    return deleted


def _orphans(*, older_than: timedelta, now: datetime | None, delete: bool) -> list[str]:
    cutoff = ((now or timezone.now()) - older_than).timestamp()
    referenced = _referenced_paths()
    found = []
    for root in _roots():
        # fwalk with dir_fd: each file is examined and deleted relative to its
        # folder, never through a path a symbolic link could redirect.
        for folder, _dirs, files, folder_fd in os.fwalk(root, follow_symlinks=False):
            for filename in files:
                path = os.path.join(folder, filename)
                try:
                    info = os.stat(filename, dir_fd=folder_fd, follow_symlinks=False)
                except FileNotFoundError:
                    continue
                if not stat.S_ISREG(info.st_mode) or info.st_mtime >= cutoff:
                    continue
                if path in referenced:
                    continue
                if delete:
                    try:
                        os.unlink(filename, dir_fd=folder_fd)
                    except FileNotFoundError:
                        continue
                    except OSError:
                        logger.exception("Could not delete the orphan file %s", path)
                        continue
                found.append(path)
    return found


def _local(storage) -> bool:
    return isinstance(storage, FileSystemStorage)


def _roots() -> list[str]:
    """The local storages' folders that exist, none inside another."""
    roots = sorted(
        {
            os.path.realpath(storage.location)
            for storage in (private_storage(), default_storage)
            if _local(storage) and os.path.isdir(storage.location)
        }
    )
    return [
        root
        for root in roots
        if not any(_inside(root, other) for other in roots if other != root) and _safe(root)
    ]


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _safe(root: str) -> bool:
    """A MEDIA_ROOT set by mistake to the project's folder, or one above it,
    would hold the code itself: such a folder is never walked."""
    if _inside(os.path.realpath(settings.BASE_DIR), root):
        logger.error("Not looking for orphan files in %s: the project itself is there", root)
        return False
    return True


def _referenced_paths() -> set[str]:
    """The real path of every file a row of a local storage's file field names.

    One query (a UNION of the file columns), so every table is read at the same
    moment: a registration that moves a draft's file to an attachment is seen
    before or after, never half-way (the file then looking unreferenced).
    """
    locations = []
    querysets = []
    for model, field in file_fields():
        if not _local(field.storage):
            continue
        querysets.append(
            model._base_manager.exclude(**{field.attname: ""})
            .filter(**{f"{field.attname}__isnull": False})
            .order_by()
            .annotate(
                storage_index=models.Value(len(locations), output_field=models.IntegerField())
            )
            .values_list(field.attname, "storage_index")
        )
        locations.append(os.path.realpath(field.storage.location))
    if not querysets:
        return set()
    union = querysets[0].union(*querysets[1:], all=True)
    return {
        os.path.normpath(os.path.join(locations[index], name))
        for name, index in union.iterator(chunk_size=5000)
    }
