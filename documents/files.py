"""Stored files and the transactions that refer to them.

A file is written to the disk before the row that names it, and the disk
knows nothing of the database's rollbacks: a request that fails after its
upload was stored (a database restarting, a rule broken later in the same
service) would leave the file behind with no row. `files_deleted_on_rollback`
closes that gap:

    with files_deleted_on_rollback():
        services.draft_save(draft=draft, answers=answers, files=files)

While the block runs, the project's storages (documents.storage) tell it the
names they save. When the block ends and no transaction is open any more, a
file whose transaction committed stays; any other is deleted unless a row
refers to it after all. Blocks nest: an inner block that ends inside a
transaction leaves the decision to the outer one. A block that ends inside a
transaction nobody else guards (a test's, say) deletes nothing, and the
periodic job (documents.orphans) removes whatever is left.

The rows that refer to the files must be written inside the block.
"""

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import Storage
from django.db import DatabaseError, models, transaction

logger = logging.getLogger(__name__)

_local = threading.local()


@dataclass(eq=False)
class _Saved:
    storage: Storage
    name: str
    in_transaction: bool
    committed: bool = False


def _guards() -> list[list[_Saved]]:
    if not hasattr(_local, "guards"):
        _local.guards = []
    return _local.guards


def file_saved(storage: Storage, name: str) -> None:
    """Called by a storage once `name` is written whole: the innermost active
    block records it, and learns when its transaction commits."""
    guards = _guards()
    if not guards:
        return
    saved = _Saved(storage, name, in_transaction=transaction.get_connection().in_atomic_block)
    if saved.in_transaction:
        # Discarded if the transaction, or the savepoint the file was saved in,
        # rolls back: so a file without the mark was never committed, or the
        # callbacks before this one failed (hence the check of the rows below).
        transaction.on_commit(lambda: setattr(saved, "committed", True), robust=True)
    guards[-1].append(saved)


@contextlib.contextmanager
def files_deleted_on_rollback() -> Iterator[None]:
    """Delete the files saved in the block that no committed row refers to once
    the block and its transaction are over. Also a decorator."""
    guards = _guards()
    saved: list[_Saved] = []
    guards.append(saved)
    try:
        yield
    finally:
        guards.pop()
        pending = [entry for entry in saved if not entry.committed]
        if pending:
            if transaction.get_connection().in_atomic_block:
                # The transaction may still commit or roll back: not ours to say.
                if guards:
                    guards[-1].extend(pending)
            else:
                for entry in pending:
                    _delete_unless_referenced(entry)


def _delete_unless_referenced(entry: _Saved) -> None:
    try:
        referenced = name_is_referenced(entry.name)
    except DatabaseError:
        # The database does not answer (restarting, say). A file saved in a
        # transaction that never committed has no row; one saved outside a
        # transaction may have, and the periodic job will look again.
        logger.warning("Could not check whether %s is referred to", entry.name, exc_info=True)
        referenced = not entry.in_transaction
    if referenced:
        return
    try:
        entry.storage.delete(entry.name)
    except OSError:
        logger.exception("Could not delete %s, saved by a change that rolled back", entry.name)
    else:
        logger.info("Deleted %s, saved by a change that rolled back", entry.name)


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every file field (images included) of every installed concrete model."""
    return [
        (model, field)
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def name_is_referenced(name: str) -> bool:
    """Whether any row of any file field holds `name` (in whatever storage: the
    names the storages make are unique, and keeping a file is the safe side)."""
    return any(
        model._base_manager.filter(**{field.attname: name}).exists()
        for model, field in file_fields()
    )
