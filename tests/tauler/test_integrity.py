"""The board against its log: what someone with the database's or the disk's
rights could change below the admin, and how tauler_verify and the document
download find it.

Every tampering here goes through raw SQL or the file system, as such a person
would; on PostgreSQL the append-only trigger is disabled inside the test's
transaction (the rollback restores it), as the table's owner could.
"""

import hashlib
import json
import logging
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from corporativa.business_days import OFFICIAL_TZ
from tauler import services
from tauler.choices import LogEvent
from tauler.models import PUBLISHED_FIELDS, Notice, PublicationLogEntry, text_sha256, utc_text
from tests.tauler.factories import (
    CategoryFactory,
    NoticeFactory,
    notice_on_display,
    pdf_bytes,
    publisher_get,
)

pytestmark = pytest.mark.django_db

LOG = PublicationLogEntry._meta.db_table
NOTICES = Notice._meta.db_table


def raw(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def verify() -> tuple[str, list[str]]:
    """tauler_verify's stdout and its stderr lines, when it passes."""
    out, err = StringIO(), StringIO()
    call_command("tauler_verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue().splitlines()


def problems() -> list[str]:
    """The problems tauler_verify names on stderr, one a line, when it fails."""
    err = StringIO()
    with pytest.raises(CommandError, match="found, listed above"):
        call_command("tauler_verify", stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


def publish_as_before_field_hashes(notice: Notice) -> Notice:
    """Publish a draft as the board did before the PUBLISHED entry held field
    hashes: what production logs already hold (data version 1)."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        now = notice.start_at
        notice.year = timezone.localtime(now, OFFICIAL_TZ).year
        notice.sequence, notice.number = services._number_take(notice.year)
        notice.end_at = services.end_of_period(
            start_at=notice.start_at, business_days_count=notice.period_business_days
        )
        notice.published_at = now
        notice.published_by = publisher_get()
        notice.save()
        data = {
            **services._period_data(notice),
            "title": notice.title,
            "documents": [
                {"title": d.title, "sha256": d.sha256, "size": d.size}
                for d in notice.documents.all()
            ],
        }
        services.log_append(notice=notice, event=LogEvent.PUBLISHED, data=data, at=now)
    return notice


@pytest.fixture
def board():
    """Three notices on display, the first with two documents, the second cancelled."""
    first = notice_on_display(documents=2, case_reference="2026/0042-URB")
    second = notice_on_display()
    services.notice_cancel(notice=second, by=publisher_get(), reason="Duplicat.")
    third = notice_on_display(documents=1)
    return first, second, third


@pytest.fixture
def owner():
    """Raw SQL past the append-only trigger, as the table's owner could."""
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")
        raw(f"ALTER TABLE {LOG} DISABLE TRIGGER tauler_log_append_only")
    return raw


# --- What a publication states ------------------------------------------------------


def test_a_publication_states_a_hash_of_every_published_field_and_document(board):
    first = board[0]
    entry = first.log_entries.get(event=LogEvent.PUBLISHED)

    assert entry.data["version"] == 2 == entry.data_version
    fields = entry.data["fields"]
    assert set(fields) == set(PUBLISHED_FIELDS)
    assert fields["text"] == hashlib.sha256(first.text.encode()).hexdigest()
    assert fields["case_reference"] == text_sha256("2026/0042-URB")
    assert fields["start_at"] == text_sha256(utc_text(first.start_at))
    assert entry.data["documents"] == [
        {"id": d.pk, "title": d.title, "sha256": d.sha256, "size": d.size}
        for d in first.documents.all()
    ]
    assert services.log_verify() is None


def test_verify_passes_and_says_what_it_compared(board):
    out, err = verify()

    assert err == []
    assert out.splitlines() == [
        "Publication log intact: 4 entries.",
        "Published notices compared with the log: 3.",
        "Documents compared with the log and with their stored files: 3.",
        "Statements of the log's head: none issued yet.",
    ]


def test_entries_written_before_the_field_hashes_still_verify_on_what_they_hold(board):
    old = publish_as_before_field_hashes(NoticeFactory(documents=1))
    entry = old.log_entries.get()
    assert entry.data_version == 1 and "fields" not in entry.data

    out, err = verify()

    assert err == []
    assert "Publication log intact: 5 entries." in out
    assert "Published notices compared with the log: 4." in out
    assert (
        "1 of them were published before the log held a hash of each field: they were "
        "compared only on what their entry holds (number, title, start, period, "
        "cancellation and documents), not on their text, case reference, category or "
        "department." in out
    )
    assert "Documents compared with the log and with their stored files: 4." in out


def test_an_old_entry_still_shows_a_changed_title_or_document(board):
    old = publish_as_before_field_hashes(NoticeFactory(documents=1))
    document = old.documents.get()
    raw(f"UPDATE {NOTICES} SET title = %s, text = %s WHERE id = %s", ["Altre", "Altre", old.pk])
    raw("UPDATE tauler_noticedocument SET sha256 = %s WHERE id = %s", ["f" * 64, document.pk])

    found = problems()

    entry = old.log_entries.get().sequence
    name = f"Notice {old.number}: document {document.pk} “{document.title}”"
    # The text changed too, but the entry never held it.
    assert found == [
        f"Notice {old.number}: its title does not match the log (entry #{entry})",
        f"{name}: its row's SHA-256 differs from the log (entry #{entry})",
        f"{name}: its stored file differs from its row",
    ]


# --- Tampering with notices -----------------------------------------------------------


NOTICE_TAMPERING = {
    "text": ("text", lambda n: "Un altre text.", "its text does not match the log"),
    "case-reference": (
        "case_reference",
        lambda n: "2026/9999-URB",
        "its case reference does not match the log",
    ),
    "title": ("title", lambda n: "Un altre títol", "its title does not match the log"),
    "start": (
        "start_at",
        lambda n: n.start_at + timedelta(hours=1),
        "its start of publication does not match the log",
    ),
    "end": (
        "end_at",
        lambda n: n.end_at + timedelta(days=5),
        "its end of publication does not match the log",
    ),
    "published-at": (
        "published_at",
        lambda n: n.published_at - timedelta(days=1),
        "its moment of publication does not match the log",
    ),
    "number": ("number", lambda n: "2026/000099", "its number does not match the log"),
}


def _db_value(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


@pytest.mark.parametrize(
    ("column", "value", "expected"), NOTICE_TAMPERING.values(), ids=NOTICE_TAMPERING.keys()
)
def test_verify_names_each_notice_field_changed_by_raw_sql(board, column, value, expected):
    first = board[0]
    changed = _db_value(value(first))
    assert raw(f"UPDATE {NOTICES} SET {column} = %s WHERE id = %s", [changed, first.pk]) == 1

    found = problems()

    assert services.log_verify() is None  # the chain itself holds: only the notice changed
    label = f"Notice {Notice.objects.get(pk=first.pk).number}: "
    assert f"{label}{expected} (entry #1)" in found
    assert all(line.startswith(label) for line in found), found


def test_verify_names_a_notice_moved_to_another_category(board):
    first = board[0]
    other = CategoryFactory()
    raw(f"UPDATE {NOTICES} SET category_id = %s WHERE id = %s", [other.pk, first.pk])

    assert problems() == [f"Notice {first.number}: its category does not match the log (entry #1)"]


def test_verify_names_a_cancellation_undone_or_made_by_raw_sql(board):
    first, second, _third = board
    raw(f"UPDATE {NOTICES} SET cancelled_at = NULL, cancel_reason = '' WHERE id = %s", [second.pk])
    raw(
        f"UPDATE {NOTICES} SET cancelled_at = start_at, cancel_reason = 'x' WHERE id = %s",
        [first.pk],
    )

    assert problems() == [
        f"Notice {first.number}: it is cancelled, but the log has no entry of its cancellation",
        f"Notice {second.number}: the log records its cancellation (entry #3), but it is "
        "not cancelled",
    ]


def test_verify_names_a_publication_missing_from_the_log(board, owner):
    third = board[2]
    owner(f"DELETE FROM {LOG} WHERE notice_id = %s", [third.pk])

    assert problems() == [
        f"Notice {third.number}: it is published, but the log has no entry of its publication"
    ]


# --- Tampering with documents and files ---------------------------------------------


def test_verify_names_a_document_row_whose_hash_was_changed(board):
    document = board[0].documents.first()
    raw("UPDATE tauler_noticedocument SET sha256 = %s WHERE id = %s", ["0" * 64, document.pk])

    name = f"Notice {board[0].number}: document {document.pk} “{document.title}”"
    assert problems() == [
        f"{name}: its row's SHA-256 differs from the log (entry #1)",
        f"{name}: its stored file differs from its row",
    ]


def test_verify_names_a_stored_file_swapped_on_disk(board):
    document = board[2].documents.get()
    with open(document.file.path, "wb") as file:
        file.write(pdf_bytes("Un altre document"))

    name = f"Notice {board[2].number}: document {document.pk} “{document.title}”"
    assert problems() == [
        f"{name}: its stored file differs from its row",
        f"{name}: its stored file differs from the log (entry #4)",
    ]


def test_verify_names_a_swapped_file_whose_row_was_made_to_match(board):
    """The forger rewrites the row's hash too: only the log still tells."""
    document = board[2].documents.get()
    forged = pdf_bytes("Un altre document")
    with open(document.file.path, "wb") as file:
        file.write(forged)
    raw(
        "UPDATE tauler_noticedocument SET sha256 = %s, size = %s WHERE id = %s",
        [hashlib.sha256(forged).hexdigest(), len(forged), document.pk],
    )

    name = f"Notice {board[2].number}: document {document.pk} “{document.title}”"
    assert problems() == [
        f"{name}: its row's size differs from the log (entry #4)",
        f"{name}: its row's SHA-256 differs from the log (entry #4)",
        f"{name}: its stored file differs from the log (entry #4)",
    ]


def test_verify_names_a_deleted_document_row_and_a_missing_file(board):
    first = board[0]
    gone, kept = first.documents.all()
    raw("DELETE FROM tauler_noticedocument WHERE id = %s", [gone.pk])
    kept.file.storage.delete(kept.file.name)

    assert problems() == [
        f"Notice {first.number}: document {gone.pk} “{gone.title}” of entry #1 has no row",
        f"Notice {first.number}: document {kept.pk} “{kept.title}”: its stored file is missing",
    ]


def test_verify_fails_with_a_non_zero_exit_status(board, capsys):
    raw(f"UPDATE {NOTICES} SET text = 'x' WHERE id = %s", [board[0].pk])
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "tauler_verify"])

    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert f"Notice {board[0].number}: its text does not match the log (entry #1)" in err
    assert "1 problem found, listed above." in err


# --- The download re-hashes ------------------------------------------------------------


def test_a_genuine_document_is_served(board, client):
    document = board[2].documents.get()

    response = client.get(document.get_absolute_url())

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    assert int(response["Content-Length"]) == document.size


def _swap(document, content: bytes) -> None:
    with open(document.file.path, "wb") as file:
        file.write(content)


def test_a_swapped_file_is_refused_with_a_page_and_an_error_for_the_staff(board, client, caplog):
    document = board[2].documents.get()
    forged = pdf_bytes("Document fals")
    _swap(document, forged)

    with caplog.at_level(logging.ERROR, logger="tauler.views"):
        response = client.get(document.get_absolute_url())

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "no-cache" in response["Cache-Control"]
    content = response.content.decode()
    assert "This document cannot be served" in content
    assert "The council has been alerted" in content
    assert document.sha256 in content
    assert forged not in response.content
    assert board[2].get_absolute_url() in content
    [record] = [r for r in caplog.records if r.name == "tauler.views"]
    assert record.levelno == logging.ERROR
    message = record.getMessage()
    assert f"Document {document.pk}" in message and board[2].number in message
    assert "stored file's SHA-256" in message


def test_a_swapped_file_whose_row_was_made_to_match_is_refused(board, client, caplog):
    document = board[2].documents.get()
    forged = pdf_bytes("Document fals")
    _swap(document, forged)
    raw(
        "UPDATE tauler_noticedocument SET sha256 = %s WHERE id = %s",
        [hashlib.sha256(forged).hexdigest(), document.pk],
    )

    response = client.get(document.get_absolute_url())

    assert response.status_code == 410
    assert forged not in response.content
    assert "row's SHA-256 differs from entry #4" in caplog.text


def test_a_document_whose_entry_was_rewritten_is_refused(board, client, owner, caplog):
    """The forger also changes the hash the PUBLISHED entry states: its own hash breaks."""
    document = board[2].documents.get()
    forged = pdf_bytes("Document fals")
    _swap(document, forged)
    digest = hashlib.sha256(forged).hexdigest()
    raw("UPDATE tauler_noticedocument SET sha256 = %s WHERE id = %s", [digest, document.pk])
    entry = board[2].log_entries.get()
    data = {**entry.data, "documents": [{**entry.data["documents"][0], "sha256": digest}]}
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    owner(f"UPDATE {LOG} SET data = %s{cast} WHERE id = %s", [json.dumps(data), entry.pk])

    response = client.get(document.get_absolute_url())

    assert response.status_code == 410
    assert "entry #4 does not match its hash" in caplog.text


def test_a_missing_file_is_refused_with_the_same_page(board, client):
    document = board[2].documents.get()
    document.file.storage.delete(document.file.name)

    response = client.get(document.get_absolute_url())

    assert response.status_code == 410
    assert "This document cannot be served" in response.content.decode()


def test_a_document_of_an_entry_written_before_the_field_hashes_is_served(client):
    old = publish_as_before_field_hashes(NoticeFactory(start_at=timezone.now(), documents=1))
    document = old.documents.get()

    response = client.get(document.get_absolute_url())
    assert response.status_code == 200

    _swap(document, pdf_bytes("Document fals"))
    assert client.get(document.get_absolute_url()).status_code == 410


# --- The database refuses TRUNCATE ----------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        f"TRUNCATE {LOG}",
        f"TRUNCATE {NOTICES} CASCADE",
        "TRUNCATE tauler_logheadstatement",
    ],
    ids=["log", "notices-cascade", "statements"],
)
def test_postgresql_refuses_to_truncate_the_log(board, sql):
    if connection.vendor != "postgresql":
        pytest.skip("The triggers exist only on PostgreSQL.")
    services.log_anchor()
    before = PublicationLogEntry.objects.count()
    # TRUNCATE waits for no deferred foreign key check of the test's own inserts.
    raw("SET CONSTRAINTS ALL IMMEDIATE")

    with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"), transaction.atomic():
        raw(sql)

    assert PublicationLogEntry.objects.count() == before
    assert verify()[1] == []


@pytest.mark.postgres
def test_postgresql_refuses_to_change_or_delete_a_statement(board):
    if connection.vendor != "postgresql":
        pytest.skip("The triggers exist only on PostgreSQL.")
    services.log_anchor()
    for sql in (
        "UPDATE tauler_logheadstatement SET sequence = 1",
        "DELETE FROM tauler_logheadstatement",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(sql)


def test_a_swapped_file_is_mailed_to_the_admins(board, client, settings, mailoutbox):
    settings.ADMINS = [("Informàtica", "informatica@mollet.example")]
    document = board[2].documents.get()
    _swap(document, pdf_bytes("Document fals"))

    client.get(document.get_absolute_url())

    [alert] = [m for m in mailoutbox if "informatica@mollet.example" in m.to]
    assert "ERROR" in alert.subject
    assert board[2].number in alert.subject + alert.body
