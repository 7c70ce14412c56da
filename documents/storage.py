"""Where uploaded and issued documents are kept: on the disk, whole or not at all.

Issued documents sit under MEDIA_ROOT/documents/<year>/, uploads under
registry/ and drafts/, published PDFs under each section's folder; nothing
serves MEDIA_ROOT over HTTP: the only way out is the views that check who
asks. A project that keeps files elsewhere (S3 through django-storages, say)
names a storage "private" in settings.STORAGES, with private ACLs, and this
module uses it instead.
"""

import contextlib
import errno
import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils._os import safe_makedirs

from documents.files import file_saved

# Link errors of filesystems that have no hard links (some network and FUSE ones).
NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}


class FileNotStoredError(OSError):
    """A file could not be written (a full disk, a folder the seu may not write
    to): nothing of it is left on the disk. Keeps the errno of the cause, so
    code that catches OSError still does."""


class WholeFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage whose files appear whole or not at all.

    Django's writes straight to the final name, so a full disk (ENOSPC) or a
    killed process leaves a partial or zero-byte file that looks like a real
    one. Here the bytes go to a hidden `.<random>.part` file beside it, are
    flushed to the disk, and only then get their name, by a hard link that
    never replaces an existing file; whatever fails on the way removes the
    part file, and the error is a FileNotStoredError. (A part file a crash
    leaves behind is deleted by documents.orphans.) Each saved name is told to
    documents.files, so a transaction that rolls back can take its files with
    it.

    The settings' default storage is this one too (settings.STORAGES).
    """

    def _save(self, name, content):
        try:
            name = self._save_whole(name, content)
        except OSError as error:
            raise FileNotStoredError(*error.args) from error
        file_saved(self, name)
        return name

    def _save_whole(self, name, content) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        self._directory_make(directory)
        part = os.path.join(directory, f".{uuid.uuid4().hex}.part")
        try:
            self._write(part, content)
            if self.file_permissions_mode is not None:
                os.chmod(part, self.file_permissions_mode)
            self._ensure_location_group_id(part)
            while True:
                try:
                    self._publish(part, full_path)
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                else:
                    break
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(part)
        self._directory_sync(directory)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _directory_make(self, directory: str) -> None:
        # As FileSystemStorage._save makes them.
        try:
            if self.directory_permissions_mode is not None:
                safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            else:
                os.makedirs(directory, exist_ok=True)
        except FileExistsError:
            raise FileExistsError(f"{directory} exists and is not a directory.") from None

    @staticmethod
    def _write(path: str, content) -> None:
        # 0o666 and the umask, as Django's own writes; O_EXCL: the name is ours alone.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as out:
            for chunk in content.chunks():
                out.write(chunk.encode() if isinstance(chunk, str) else chunk)
            out.flush()
            # On the disk before the row that names it commits: a power cut must
            # not leave a committed row pointing at an empty file.
            os.fsync(out.fileno())

    def _publish(self, part: str, full_path: str) -> None:
        """Give the written file its name; FileExistsError if the name is taken."""
        if self._allow_overwrite:
            os.replace(part, full_path)
            return
        try:
            os.link(part, full_path)
        except FileExistsError:
            raise
        except OSError as error:
            if error.errno not in NO_HARD_LINKS:
                raise
            # No hard links here: a rename, after a check that leaves a short
            # race, the same one Django's moves of uploaded files have.
            if os.path.lexists(full_path):
                raise FileExistsError(full_path) from None
            os.rename(part, full_path)

    @staticmethod
    def _directory_sync(directory: str) -> None:
        """Make the new name itself durable; some filesystems cannot, which is no error."""
        with contextlib.suppress(OSError):
            fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


class PrivateFileSystemStorage(WholeFileSystemStorage):
    """MEDIA_ROOT on the local disk, without URLs.

    No location is fixed here, so the storage follows MEDIA_ROOT when tests
    change it.
    """

    def url(self, name):
        raise ValueError(
            "Issued documents have no public URL; link to the verification views instead."
        )


def private_storage() -> Storage:
    if "private" in settings.STORAGES:
        return storages["private"]
    return PrivateFileSystemStorage()
