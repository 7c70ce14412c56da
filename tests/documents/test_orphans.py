"""The periodic job that deletes stored files no row refers to (documents.orphans)."""

import logging
import os
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from documents import tasks
from documents.orphans import orphans_delete, orphans_find
from documents.storage import private_storage

pytestmark = pytest.mark.django_db

HOUR = 3600


@pytest.fixture
def media(settings) -> Path:
    path = Path(settings.MEDIA_ROOT)
    path.mkdir(parents=True, exist_ok=True)
    return path


def aged(path: Path, *, hours: float) -> Path:
    """`path`, last modified `hours` ago."""
    when = time.time() - hours * HOUR
    os.utime(path, (when, when), follow_symlinks=False)
    return path


def stored(name: str, *, hours: float, storage=None) -> Path:
    """A file saved through a storage of the seu, with no row, `hours` old."""
    storage = storage or private_storage()
    return aged(
        Path(storage.path(storage.save(name, ContentFile(b"%PDF-1.4 orphan")))), hours=hours
    )


def written(path: Path, *, hours: float) -> Path:
    """A file written straight to the disk, not through a storage, `hours` old."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4")
    return aged(Path(os.path.realpath(path)), hours=hours)


@pytest.fixture
def referenced(issue) -> Path:
    """An issued document's sealed PDF, three days old: its row refers to it."""
    return aged(Path(os.path.realpath(issue().file.path)), hours=72)


def test_old_orphans_go_and_referenced_and_recent_files_stay(media, referenced):
    old_upload = stored("drafts/abandoned", hours=30)
    old_probe = stored("healthz/probe", hours=48, storage=default_storage)
    # What a crash in the middle of a write leaves (documents.storage).
    crash_leftover = written(media / "registry" / "ab" / ".0123abcd.part", hours=26)
    uploading_now = stored("drafts/in-progress", hours=0.1)
    from_this_morning = stored("drafts/this-morning", hours=20)

    deleted = orphans_delete()

    assert sorted(deleted) == sorted(str(path) for path in (old_upload, old_probe, crash_leftover))
    for path in (old_upload, old_probe, crash_leftover):
        assert not path.exists()
    for path in (referenced, uploading_now, from_this_morning):
        assert path.exists()


def test_the_age_and_the_moment_can_be_chosen(media):
    recent = stored("drafts/recent", hours=3)

    assert orphans_delete(older_than=timedelta(hours=4)) == []
    later = timezone.now() + timedelta(hours=2)
    assert orphans_delete(older_than=timedelta(hours=4), now=later) == [str(recent)]
    assert not recent.exists()


def test_symbolic_links_are_never_followed_out_of_the_media_folder(media, tmp_path):
    outside = tmp_path / "elsewhere"
    precious = written(outside / "precious.pdf", hours=100)
    (media / "linked-folder").symlink_to(outside, target_is_directory=True)
    (media / "linked-file.pdf").symlink_to(precious)
    aged(media / "linked-file.pdf", hours=100)

    assert orphans_delete() == []
    assert precious.exists()
    assert (media / "linked-file.pdf").is_symlink()


def test_references_are_read_in_one_query_whatever_the_number_of_rows(
    media, issue, django_assert_num_queries
):
    for _ in range(3):
        issue()
    orphan = stored("drafts/abandoned", hours=30)

    with django_assert_num_queries(1):
        found = orphans_find()

    assert found == [str(orphan)]


def test_the_command_lists_without_deleting_on_a_dry_run(media, referenced):
    orphan = stored("drafts/abandoned", hours=30)
    out = StringIO()

    call_command("files_orphans_delete", "--dry-run", stdout=out)

    assert f"would delete {orphan}" in out.getvalue()
    assert "1 orphan files (dry run: nothing deleted)." in out.getvalue()
    assert orphan.exists()
    assert referenced.exists()


def test_the_command_deletes_and_says_what(media, referenced):
    older = stored("drafts/older", hours=3)
    newer = stored("drafts/newer", hours=1)
    out = StringIO()

    call_command("files_orphans_delete", "--older-than", "2", stdout=out)

    assert out.getvalue().splitlines() == [f"deleted {older}", "1 orphan files deleted."]
    assert not older.exists()
    assert newer.exists()
    assert referenced.exists()


def test_the_periodic_task_deletes_and_logs_how_many(media, caplog):
    orphan = stored("drafts/abandoned", hours=30)

    with caplog.at_level(logging.INFO, logger="documents"):
        tasks.orphans_delete.run()

    assert not orphan.exists()
    assert "Orphan files: 1 deleted" in caplog.text


def test_a_media_folder_that_holds_the_project_is_never_walked(media, settings):
    settings.BASE_DIR = media / "project"
    code = written(media / "project" / "manage.py", hours=1000)
    upload = stored("drafts/abandoned", hours=30)

    assert orphans_delete() == []
    assert code.exists()
    assert upload.exists()
