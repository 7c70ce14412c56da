"""Stored files are whole or absent: a write that fails leaves nothing, and a
change that rolls back takes the files it stored with it (documents.storage,
documents.files)."""

import errno
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import OperationalError, transaction

from documents.files import files_deleted_on_rollback
from documents.models import IssuedDocument
from documents.storage import FileNotStoredError, private_storage
from tests.documents.failing_disk import files_under, storage_unwritable, writes_stop_at

LIMIT = 64 * 1024
BIG = b"%PDF-1.4\n" + bytes(range(256)) * 1024  # 256 kB: four times what the disk takes


@pytest.fixture
def media(settings) -> Path:
    return Path(settings.MEDIA_ROOT)


# --- A write that fails leaves nothing ---------------------------------------------------


def test_the_disk_failing_part_way_would_leave_a_partial_file_with_django_s_own_storage(media):
    """What the project's storage prevents: Django's writes straight to the final name."""
    plain = FileSystemStorage(location=media)

    with pytest.raises(OSError), writes_stop_at(LIMIT):
        plain.save("drafts/plain", ContentFile(BIG))

    assert [path.stat().st_size for path in files_under(media)] == [LIMIT]


@pytest.mark.parametrize(
    "storage", [private_storage, lambda: default_storage], ids=["private", "default"]
)
def test_a_write_the_disk_stops_part_way_leaves_no_file(media, storage):
    with pytest.raises(FileNotStoredError) as refused, writes_stop_at(LIMIT):
        storage().save("drafts/plan", ContentFile(BIG))

    assert refused.value.errno == errno.EFBIG
    assert files_under(media) == []


def test_a_full_disk_reported_when_the_bytes_are_flushed_leaves_no_file(media):
    # Filesystems that allocate late (ext4, XFS, NFS) may report ENOSPC only then.
    full = OSError(errno.ENOSPC, "No space left on device")
    with (
        pytest.raises(FileNotStoredError) as refused,
        mock.patch("documents.storage.os.fsync", side_effect=full),
    ):
        private_storage().save("drafts/plan", ContentFile(BIG))

    assert refused.value.errno == errno.ENOSPC
    assert isinstance(refused.value, OSError), "callers that catch OSError still do"
    assert files_under(media) == []


def test_an_unwritable_media_folder_leaves_no_file(media):
    with pytest.raises(FileNotStoredError), storage_unwritable(media, limit=LIMIT):
        private_storage().save("documents/2025/receipt.pdf", ContentFile(BIG))

    assert files_under(media) == []


def test_a_stored_file_is_whole_under_its_own_name_and_leaves_no_part_file(media):
    storage = private_storage()

    first = storage.save("drafts/plan", ContentFile(BIG))
    second = storage.save("drafts/plan", ContentFile(b"another plan"))
    text = storage.save("drafts/note.txt", ContentFile("Plànol de situació"))

    assert first == "drafts/plan"
    assert second != first, "an existing file is never replaced"
    assert storage.open(first).read() == BIG
    assert storage.open(second).read() == b"another plan"
    assert storage.open(text).read() == "Plànol de situació".encode()
    assert [path.name for path in files_under(media) if path.name.endswith(".part")] == []


# --- A change that rolls back takes its files with it ---------------------------------------

transactional = pytest.mark.django_db(transaction=True)


@transactional
def test_a_document_whose_transaction_rolls_back_leaves_no_file(issue, media):
    with (
        pytest.raises(OperationalError),
        files_deleted_on_rollback(),
        transaction.atomic(),
    ):
        document = issue()
        assert Path(document.file.path).exists()
        # The database goes away before the caller's change commits.
        raise OperationalError("server closed the connection unexpectedly")

    assert not IssuedDocument.objects.exists()
    assert files_under(media) == []


@transactional
def test_a_sealed_pdf_whose_row_cannot_be_written_leaves_no_file(issue, media):
    restart = OperationalError("terminating connection due to administrator command")
    with (
        pytest.raises(OperationalError),
        mock.patch.object(IssuedDocument, "save", side_effect=restart),
    ):
        issue()

    assert files_under(media) == []


@transactional
def test_a_committed_document_keeps_its_file(issue, media):
    with files_deleted_on_rollback(), transaction.atomic():
        document = issue()

    assert IssuedDocument.objects.get() == document
    assert files_under(media) == [Path(document.file.path)]


@transactional
def test_a_savepoint_that_rolls_back_loses_its_file_and_the_rest_commits(issue, media):
    with files_deleted_on_rollback(), transaction.atomic():
        kept = issue(title="Kept")
        with pytest.raises(OperationalError), transaction.atomic():
            issue(title="Rolled back")
            raise OperationalError("deadlock detected")

    assert list(IssuedDocument.objects.values_list("title", flat=True)) == ["Kept"]
    assert files_under(media) == [Path(kept.file.path)]


@transactional
def test_an_inner_block_leaves_the_decision_to_the_transaction_around_it(media):
    # document_issue guards itself; here the caller's transaction fails after it.
    storage = private_storage()
    with pytest.raises(RuntimeError), files_deleted_on_rollback(), transaction.atomic():
        with files_deleted_on_rollback():
            storage.save("documents/2025/inner.pdf", ContentFile(b"%PDF-1.4"))
        assert len(files_under(media)) == 1, "still inside the transaction: kept for now"
        raise RuntimeError("the caller fails")

    assert files_under(media) == []


@transactional
def test_a_file_whose_row_committed_stays_when_an_earlier_commit_callback_fails(issue, media):
    def fails():
        raise RuntimeError("a callback before ours")

    with files_deleted_on_rollback(), pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(fails)
        document = issue()

    assert IssuedDocument.objects.get() == document
    assert files_under(media) == [Path(document.file.path)]


@pytest.mark.django_db
def test_a_file_whose_transaction_may_still_commit_is_never_deleted(media):
    # The test's own transaction is still open when the block ends.
    storage = private_storage()
    with pytest.raises(RuntimeError), files_deleted_on_rollback():
        storage.save("drafts/plan", ContentFile(b"%PDF-1.4"))
        raise RuntimeError

    assert len(files_under(media)) == 1
