"""A disk that refuses writes, for tests, the way a real one does.

`storage_unwritable(folder)` makes every folder under `folder` read-only, so
the kernel refuses new files (PermissionError). Root ignores folder
permissions, and tests may run as root: there it falls back to
`writes_stop_at(limit)`, which has the kernel fail a write part way once a
file reaches `limit` bytes (RLIMIT_FSIZE: EFBIG, as a full disk fails it with
ENOSPC). Either way the failure comes from the operating system, not from a
patched Python function. Keep what the test posts smaller than 2.5 MB, so
Django holds uploads in memory and only the storage writes to the disk.
"""

import contextlib
import resource
import signal
import stat
import uuid
from pathlib import Path


@contextlib.contextmanager
def writes_stop_at(limit: int):
    """Any write of this process past `limit` bytes into a file fails (EFBIG)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    # The kernel sends SIGXFSZ, which would kill the test run; ignored, the
    # write returns the error instead.
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@contextlib.contextmanager
def folders_read_only(folder: Path):
    folders = [folder, *(path for path in folder.rglob("*") if path.is_dir())]
    modes = {path: stat.S_IMODE(path.stat().st_mode) for path in folders}
    for path in folders:
        path.chmod(0o555)
    try:
        yield
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def _writable(folder: Path) -> bool:
    probe = folder / f"probe-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return False
    probe.unlink()
    return True


@contextlib.contextmanager
def storage_unwritable(folder: Path, *, limit: int = 64 * 1024):
    """New files under `folder` cannot be written: read-only folders, or for
    root, writes that fail once a file reaches `limit` bytes (so post more)."""
    folder.mkdir(parents=True, exist_ok=True)
    with folders_read_only(folder):
        if not _writable(folder):
            yield
            return
    with writes_stop_at(limit):
        yield


def files_under(folder: Path) -> list[Path]:
    """Every file under `folder`, hidden ones included, however small."""
    if not folder.exists():
        return []
    return sorted(path for path in folder.rglob("*") if not path.is_dir())
