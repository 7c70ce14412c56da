"""The daily sealed statement of the log's head: the log's anchor outside the
database. Issued once per official day, verifiable by its code like any
document of the seu, listed publicly, and what shows a cut or rewritten log
that the chain alone cannot show."""

import hashlib
import json
import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from documents.choices import DocumentKind
from documents.models import IssuedDocument
from documents.seal import validate_sealed_pdf
from tauler import services
from tauler.models import LogHeadStatement, PublicationLogEntry
from tests.tauler._helpers_views import T0, Clock, madrid
from tests.tauler.factories import notice_on_display, publisher_get

pytestmark = pytest.mark.django_db

LOG = PublicationLogEntry._meta.db_table


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, T0)


@pytest.fixture
def board(clock):
    """Three notices on display and one cancelled: five entries."""
    notices = [notice_on_display(documents=1), notice_on_display(), notice_on_display()]
    services.notice_cancel(notice=notices[1], by=publisher_get(), reason="Duplicat.")
    assert PublicationLogEntry.objects.count() == 4
    return notices


@pytest.fixture
def owner():
    """Raw SQL past the append-only trigger, as the table's owner could."""

    def run(sql, params=()):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {LOG} DISABLE TRIGGER tauler_log_append_only")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run


def head() -> PublicationLogEntry:
    return PublicationLogEntry.objects.order_by("-sequence").first()


def verify_problems(*args) -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError, match="found, listed above"):
        call_command("tauler_verify", *args, stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


def verify_output(*args) -> str:
    out = StringIO()
    call_command("tauler_verify", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


# --- Issuing ------------------------------------------------------------------------


def test_a_statement_states_the_head_and_is_a_sealed_issued_document(board):
    statement, issued = services.log_anchor()

    assert issued
    last = head()
    assert (statement.day, statement.sequence, statement.hash) == (
        T0.date(),
        last.sequence,
        last.hash,
    )
    assert statement.stated_at == T0
    document = statement.document
    assert document.kind == DocumentKind.LOG_HEAD_STATEMENT
    assert document.language == "ca"
    assert document.related is None and document.owner is None
    data = document.file.read()
    assert hashlib.sha256(data).hexdigest() == document.sha256
    check = validate_sealed_pdf(data)
    assert check.intact and check.valid


def test_a_statement_is_issued_once_per_official_day(board, clock):
    first, issued = services.log_anchor()
    notice_on_display()  # the log grows during the day

    clock.set(madrid(2026, 11, 3, 23, 59))
    again, issued_again = services.log_anchor()

    assert issued and not issued_again
    assert again.pk == first.pk and again.sequence == 4
    assert IssuedDocument.objects.filter(kind=DocumentKind.LOG_HEAD_STATEMENT).count() == 1

    # 00:30 in Madrid is still 23:30 of the day before in UTC: a new official day.
    clock.set(madrid(2026, 11, 4, 0, 30))
    second, issued_second = services.log_anchor()

    assert issued_second
    assert second.day == madrid(2026, 11, 4).date()
    assert (second.sequence, second.hash) == (5, head().hash)
    assert LogHeadStatement.objects.count() == 2


def test_the_statement_names_the_one_before_it(board, clock, monkeypatch):
    from tauler import statements

    first, _issued = services.log_anchor()
    said = {}
    original = statements.statement_content

    def spy(**kwargs):
        said.update(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(statements, "statement_content", spy)
    clock.set(T0 + timedelta(days=1))
    services.log_anchor()

    assert said["previous"] == first
    text = "\n".join(
        str(value)
        for section in original(**said).sections
        for value in [*section.paragraphs, *(v for _label, v in section.rows)]
    )
    assert f"entry #{first.sequence} (CSV {first.document.csv_display})" in text
    assert said["hash"] in text


def test_a_statement_of_an_empty_log(db, clock):
    statement, _issued = services.log_anchor()

    assert (statement.sequence, statement.hash) == (0, services.GENESIS_HASH)
    assert "none issued yet" not in verify_output()


def test_no_statement_is_issued_while_the_chain_is_broken(board, owner, caplog):
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    owner(f"UPDATE {LOG} SET data = %s{cast} WHERE sequence = 2", [json.dumps({})])

    with (
        caplog.at_level(logging.ERROR, logger="tauler.services"),
        pytest.raises(ValidationError, match="fails its verification at entry #2"),
    ):
        services.log_anchor()

    assert LogHeadStatement.objects.count() == 0
    assert not IssuedDocument.objects.filter(kind=DocumentKind.LOG_HEAD_STATEMENT).exists()
    assert "entry #2 is broken" in caplog.text


def test_the_orm_refuses_to_change_or_delete_a_statement(board):
    statement, _issued = services.log_anchor()

    with pytest.raises(PermissionError):
        statement.save()
    with pytest.raises(PermissionError):
        statement.delete()
    with pytest.raises(PermissionError):
        LogHeadStatement.objects.update(sequence=1)
    with pytest.raises(PermissionError):
        LogHeadStatement.objects.all().delete()


# --- Verifiable by its code, listed publicly ------------------------------------------


def test_a_statement_is_verified_at_the_seus_verification_page(board, client):
    statement, _issued = services.log_anchor()
    document = statement.document

    found = client.get(reverse("documents:verify"), {"codi": document.csv.lower()})
    assert found.status_code == 302 and found.url == document.get_absolute_url()

    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    assert "Statement of the publication log&#x27;s head" in page.content.decode()
    assert document.csv_display in page.content.decode()

    download = client.get(document.get_download_url())
    body = b"".join(download.streaming_content)
    assert download.status_code == 200
    assert hashlib.sha256(body).hexdigest() == document.sha256


def test_the_statements_are_listed_publicly_newest_first(board, client, clock):
    first, _issued = services.log_anchor()
    notice_on_display()
    clock.set(T0 + timedelta(days=1))
    second, _issued = services.log_anchor()

    response = client.get(reverse("tauler:log-statements"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Daily statements of the publication log" in content
    assert "2 statements, newest first" in content
    assert content.index("04/11/2026") < content.index("03/11/2026")
    for statement in (second, first):
        document = statement.document
        assert statement.hash in content
        assert f"#{statement.sequence}" in content
        assert f'href="{document.get_absolute_url()}"' in content
        assert f'href="{document.get_download_url()}"' in content
        assert document.csv_display in content


def test_the_statements_list_as_json_and_csv(board, client):
    statement, _issued = services.log_anchor()
    url = reverse("tauler:log-statements")

    data = json.loads(b"".join(client.get(url, {"format": "json"}).streaming_content))
    rows = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode().splitlines()

    assert data["count"] == 1
    [row] = data["statements"]
    assert row["day"] == "2026-11-03"
    assert (row["sequence"], row["hash"]) == (statement.sequence, statement.hash)
    assert row["csv"] == statement.document.csv_display
    assert row["pdf_url"].endswith(statement.document.get_download_url())
    assert rows[0] == "day,stated_at,sequence,hash,csv,verification_url,pdf_url"
    assert statement.hash in rows[1]


def test_the_statements_page_without_statements_says_so(db, client):
    response = client.get(reverse("tauler:log-statements"))
    assert response.status_code == 200
    assert "No statement has been issued yet." in response.content.decode()


def test_the_statements_page_costs_a_bounded_number_of_queries(
    board, client, clock, django_assert_max_num_queries
):
    for day in range(5):
        clock.set(T0 + timedelta(days=day))
        services.log_anchor()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("tauler:log-statements")).status_code == 200


def test_the_publication_log_links_to_the_statements(db, client):
    content = client.get(reverse("tauler:publication-log")).content.decode()
    assert f'href="{reverse("tauler:log-statements")}"' in content


# --- What a statement shows that the chain cannot ------------------------------------


def test_cutting_the_end_of_the_log_shows_against_the_last_statement(board, owner):
    statement, _issued = services.log_anchor()
    owner(f"DELETE FROM {LOG} WHERE sequence >= %s", [3])

    assert services.log_verify() is None  # what remains is a perfect chain
    found = verify_problems()

    assert (
        f"Head statement of 03/11/2026 (CSV {statement.document.csv_display}): entry #4, "
        "which it states, is missing from the log"
    ) in found


def test_cutting_the_end_and_writing_on_shows_against_the_last_statement(board, owner):
    statement, _issued = services.log_anchor()
    owner(f"DELETE FROM {LOG} WHERE sequence >= %s", [3])
    notice_on_display()
    notice_on_display()  # entries #3 and #4 again, with other hashes

    assert services.log_verify() is None
    assert (
        f"Head statement of 03/11/2026 (CSV {statement.document.csv_display}): entry #4 "
        "no longer has the hash it states"
    ) in verify_problems()


def test_a_chain_rewritten_and_rehashed_shows_against_the_last_statement(board, owner):
    """A forger changes entry #2 and recomputes every hash after it: the chain holds."""
    statement, _issued = services.log_anchor()
    entries = list(PublicationLogEntry.objects.order_by("sequence"))
    previous = entries[0].hash
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    for entry in entries[1:]:
        if entry.sequence == 2:
            entry.data = {**entry.data, "title": "Un altre títol"}
        entry.previous_hash = previous
        entry.hash = entry.compute_hash()
        owner(
            f"UPDATE {LOG} SET data = %s{cast}, previous_hash = %s, hash = %s WHERE id = %s",
            [json.dumps(entry.data), entry.previous_hash, entry.hash, entry.pk],
        )
        previous = entry.hash

    assert services.log_verify() is None
    assert (
        f"Head statement of 03/11/2026 (CSV {statement.document.csv_display}): entry #4 "
        "no longer has the hash it states"
    ) in verify_problems()


def test_no_statement_anchors_a_log_cut_below_an_earlier_one(board, owner, clock):
    services.log_anchor()
    owner(f"DELETE FROM {LOG} WHERE sequence = %s", [4])
    clock.set(T0 + timedelta(days=1))

    with pytest.raises(ValidationError, match="no longer holds what an earlier statement"):
        services.log_anchor()
    assert LogHeadStatement.objects.count() == 1


def test_verify_names_a_statement_whose_sealed_pdf_was_swapped(board):
    statement, _issued = services.log_anchor()
    document = statement.document
    with open(document.file.path, "wb") as file:
        file.write(b"%PDF-1.4 not the sealed statement")

    assert verify_problems() == [
        f"Head statement of 03/11/2026 (CSV {document.csv_display}): its sealed PDF is "
        "missing or no longer matches its fingerprint"
    ]


def test_verify_reports_the_latest_statement(board, clock):
    services.log_anchor()
    clock.set(T0 + timedelta(days=1))
    latest, _issued = services.log_anchor()

    out = verify_output()

    assert (
        "Statements of the log's head compared with the log: 2; the latest, of 04/11/2026, "
        f"states entry #4 (CSV {latest.document.csv_display})."
    ) in out


def test_verify_checks_an_entry_stated_by_a_statement_kept_elsewhere(board, owner):
    last = head()
    expect = f"{last.sequence}:{last.hash}"
    assert "Publication log intact" in verify_output("--expect", expect)

    owner(f"DELETE FROM {LOG} WHERE sequence = %s", [last.sequence])

    assert verify_problems("--expect", expect)[-1] == (
        f"Entry #{last.sequence} is missing from the log or does not have the hash {last.hash}"
    )
    with pytest.raises(CommandError, match="--expect takes SEQUENCE:HASH"):
        call_command("tauler_verify", "--expect", "4:abc", stdout=StringIO())


# --- The command for cron ---------------------------------------------------------------


def test_the_anchor_command_is_idempotent_per_day(board):
    out = StringIO()
    call_command("tauler_anchor", stdout=out)
    call_command("tauler_anchor", stdout=out)

    statement = LogHeadStatement.objects.get()
    first, second = out.getvalue().splitlines()
    assert first == (
        f"Statement of 03/11/2026 issued: entry #4, hash {statement.hash}, "
        f"CSV {statement.document.csv_display}."
    )
    assert second == first.replace(" issued:", " already issued:")


def test_the_anchor_command_fails_on_a_broken_log(board, owner):
    owner(f"DELETE FROM {LOG} WHERE sequence = %s", [2])

    with pytest.raises(CommandError, match="entry #2"):
        call_command("tauler_anchor", stdout=StringIO())
    assert not LogHeadStatement.objects.exists()
