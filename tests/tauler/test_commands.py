"""tauler_verify finds the first broken entry of the log; tauler_close records
the ends of periods and issues the missing certificates, as often as cron likes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from documents.models import IssuedDocument
from tauler import services
from tauler.certificates import certificate_for
from tauler.choices import LogEvent
from tauler.models import PublicationLogEntry
from tests.tauler.factories import NoticeFactory, notice_finished, notice_on_display

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="The append-only trigger exists on PostgreSQL only."
)


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def verify_failing() -> list[str]:
    """The lines tauler_verify writes to stderr, one a problem, when it fails."""
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("tauler_verify", stdout=StringIO(), stderr=err)
    problems = err.getvalue().splitlines()
    count = len(problems)
    assert str(error.value) == f"{count} problem{'s' if count > 1 else ''} found, listed above."
    return problems


@pytest.fixture
def board():
    """Four notices and six log entries: published ×4, extended, cancelled."""
    first = notice_on_display(documents=1)
    second = notice_on_display()
    services.notice_extend(notice=second, by=second.published_by, business_days_count=30)
    third = NoticeFactory(published=True)
    services.notice_cancel(notice=third, by=third.published_by, reason="Duplicat.")
    NoticeFactory(published=True, documents=2)
    assert PublicationLogEntry.objects.count() == 6
    return first


def test_verify_passes_on_an_empty_log():
    assert run("tauler_verify").splitlines()[0] == "Publication log intact: 0 entries."


def test_verify_passes_on_fresh_data(board):
    assert run("tauler_verify").splitlines()[0] == "Publication log intact: 6 entries."


def test_verify_names_the_first_entry_whose_content_was_changed(board, raw_log):
    entry = PublicationLogEntry.objects.get(sequence=2)
    raw_log.update_data(2, json.dumps({**entry.data, "title": "Un altre títol"}))
    problems = verify_failing()
    assert problems[0] == "Entry #2 is broken: its content does not match its hash"
    # The entry now states another title than the notice's.
    assert f"Notice {entry.notice_number}: its title does not match the log (entry #2)" in problems


def test_verify_fails_with_a_non_zero_exit_status(board, raw_log, capsys):
    raw_log.update_data(4, "{}")
    with pytest.raises(SystemExit) as exit_info:
        # As cron or a shell runs it: the error goes to stderr, the status is not 0.
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", "tauler_verify"])
    assert exit_info.value.code != 0
    assert "Entry #4 is broken" in capsys.readouterr().err


def test_verify_detects_a_deleted_entry_in_the_middle(board, raw_log):
    raw_log.delete(3)
    assert verify_failing()[0] == "Entry #3 is broken: an entry is missing"


def test_verify_detects_a_rewritten_chain_that_no_longer_links(board, raw_log):
    # An attacker who recomputes an entry's own hash still breaks the next link.
    entry = PublicationLogEntry.objects.get(sequence=2)
    entry.data = {**entry.data, "title": "Un altre títol"}
    new_hash = entry.compute_hash()
    with connection.cursor() as cursor:
        raw_log._without_trigger()
        cast = "::jsonb" if connection.vendor == "postgresql" else ""
        cursor.execute(
            f"UPDATE tauler_publicationlogentry SET data = %s{cast}, hash = %s WHERE sequence = 2",
            [json.dumps(entry.data), new_hash],
        )
    assert verify_failing()[0] == "Entry #3 is broken: it does not point to the entry before it"


@on_postgresql
def test_postgresql_refuses_to_update_a_log_entry(board):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE tauler_publicationlogentry SET data = '{}' WHERE sequence = 2")
    assert run("tauler_verify").splitlines()[0] == "Publication log intact: 6 entries."


@on_postgresql
def test_postgresql_refuses_to_delete_a_log_entry(board):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM tauler_publicationlogentry WHERE sequence = 2")
    assert PublicationLogEntry.objects.count() == 6


def test_the_orm_refuses_to_change_or_delete_entries(board):
    entry = PublicationLogEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        PublicationLogEntry.objects.update(data={})
    with pytest.raises(PermissionError):
        PublicationLogEntry.objects.all().delete()


def test_close_records_ends_and_issues_certificates_once():
    finished = [notice_finished(documents=1), notice_finished(days_ago=90)]
    current = notice_on_display()
    out = run("tauler_close")
    assert "Finished notices recorded: 2." in out
    assert "Publication certificates issued: 2." in out
    for notice in finished:
        notice.refresh_from_db()
        assert notice.finished_logged_at is not None
        assert certificate_for(notice) is not None
        assert notice.log_entries.filter(event=LogEvent.FINISHED).count() == 1
    assert certificate_for(current) is None
    entries = PublicationLogEntry.objects.count()

    again = run("tauler_close")
    assert "Finished notices recorded: 0." in again
    assert "Publication certificates issued: 0." in again
    assert PublicationLogEntry.objects.count() == entries
    assert IssuedDocument.objects.count() == 2
    assert run("tauler_verify").splitlines()[0] == f"Publication log intact: {entries} entries."


def test_close_issues_the_certificate_of_an_end_recorded_elsewhere():
    notice = notice_finished()
    # A visit to the notice's page recorded its end; the certificate is still missing.
    services.notice_finish(notice=notice)
    out = run("tauler_close")
    assert "Finished notices recorded: 0." in out
    assert "Publication certificates issued: 1." in out


def test_close_reports_certificates_it_cannot_issue(raw_log):
    notice = notice_finished()
    raw_log.update_data(1, "{}")
    err = StringIO()
    with pytest.raises(CommandError, match="Certificates not issued: 1"):
        call_command("tauler_close", stdout=StringIO(), stderr=err)
    assert notice.number in err.getvalue()
