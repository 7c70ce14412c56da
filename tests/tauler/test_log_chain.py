"""The publication log: append only, hash-chained from a genesis hash, and
verifiable by anyone who recomputes it.

Runs on SQLite and PostgreSQL; what only PostgreSQL does (the trigger that
refuses a raw UPDATE or DELETE, row locks under concurrent writers) is skipped
on SQLite with the reason.
"""

import hashlib
import json
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from tauler import services
from tauler.choices import LogEvent
from tauler.models import Notice, PublicationLogEntry
from tests.tauler.factories import NoticeFactory, publisher_get

MADRID = ZoneInfo("Europe/Madrid")
ACT = datetime(2027, 2, 1, 9, 0, tzinfo=MADRID)  # a Monday
TABLE = PublicationLogEntry._meta.db_table


def needs_postgresql(reason: str) -> None:
    # Checked inside the test: the vendor is known once the database is set up.
    if connection.vendor != "postgresql":
        pytest.skip(reason)


@contextmanager
def trigger_disabled():
    """Let raw SQL through on PostgreSQL, as someone with the owner's rights could."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # ALTER TABLE refuses while the test's inserts have deferred foreign
        # key checks pending: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER tauler_log_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER tauler_log_append_only")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def history(db):
    """Six events: two notices published, one extended, one cancelled, one corrected."""
    by = publisher_get()
    first = NoticeFactory(
        start_at=ACT + timedelta(hours=1),
        period_business_days=5,
        documents=1,
        published=True,
        published__at=ACT,
    )
    second = NoticeFactory(
        start_at=ACT + timedelta(hours=1),
        period_business_days=10,
        published=True,
        published__at=ACT + timedelta(minutes=1),
    )
    services.notice_extend(notice=first, by=by, business_days_count=8, at=ACT + timedelta(hours=2))
    services.notice_cancel(
        notice=second,
        by=by,
        reason="Duplicat de l'anunci 2027/000001; s'hi aplica l'article 109.2.",
        at=ACT + timedelta(hours=3),
    )
    correction = services.notice_correction_draft(original=first, by=by)
    correction.start_at = ACT + timedelta(hours=5)
    correction.save()
    services.notice_publish(notice=correction, by=by, at=ACT + timedelta(hours=4))
    return list(PublicationLogEntry.objects.order_by("sequence"))


def snapshot() -> list[tuple]:
    return list(
        PublicationLogEntry.objects.order_by("sequence").values_list(
            "sequence", "event", "notice_number", "at", "data", "previous_hash", "hash"
        )
    )


# --- The chain --------------------------------------------------------------------


@pytest.mark.django_db
def test_entries_are_chained_from_the_genesis_hash(history):
    assert [(e.sequence, e.event, e.notice_number) for e in history] == [
        (1, LogEvent.PUBLISHED, "2027/000001"),
        (2, LogEvent.PUBLISHED, "2027/000002"),
        (3, LogEvent.EXTENDED, "2027/000001"),
        (4, LogEvent.CANCELLED, "2027/000002"),
        (5, LogEvent.PUBLISHED, "2027/000003"),
        (6, LogEvent.CORRECTED, "2027/000001"),
    ]
    assert history[0].previous_hash == services.GENESIS_HASH == "0" * 64
    for before, entry in zip(history, history[1:], strict=False):
        assert entry.previous_hash == before.hash
    for entry in history:
        assert entry.hash == hashlib.sha256(entry.payload()).hexdigest()
    assert len({entry.hash for entry in history}) == len(history)


@pytest.mark.django_db
def test_the_payload_is_canonical_json_of_what_the_entry_states(history):
    entry = history[3]

    payload = entry.payload()

    assert json.loads(payload) == {
        "sequence": 4,
        "event": "cancelled",
        "notice": "2027/000002",
        "at": "2027-02-01T11:00:00.000000+00:00",
        "data": {"reason": "Duplicat de l'anunci 2027/000001; s'hi aplica l'article 109.2."},
        "previous_hash": history[2].hash,
    }
    # Sorted keys, no spaces, UTF-8 as is: one text for one content.
    assert (
        payload
        == json.dumps(
            json.loads(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    )


@pytest.mark.django_db
def test_log_verify_holds_on_good_data(history):
    assert services.log_verify() is None


@pytest.mark.django_db
def test_log_verify_holds_on_an_empty_log():
    assert services.log_verify() is None


# --- The ORM refuses to change it ---------------------------------------------------


def _save_again():
    entry = PublicationLogEntry.objects.get(sequence=2)
    entry.notice_number = "2027/999999"
    entry.save()


def _bulk_update():
    entry = PublicationLogEntry.objects.get(sequence=2)
    entry.notice_number = "2027/999999"
    PublicationLogEntry.objects.bulk_update([entry], ["notice_number"])


ORM_CHANGES = {
    "save-an-existing-entry": _save_again,
    "save-update-fields": lambda: PublicationLogEntry.objects.get(sequence=2).save(
        update_fields=["data"]
    ),
    "queryset-update": lambda: PublicationLogEntry.objects.filter(sequence=2).update(
        notice_number="2027/999999"
    ),
    "manager-update": lambda: PublicationLogEntry.objects.update(data={}),
    "bulk-update": _bulk_update,
    "delete-an-entry": lambda: PublicationLogEntry.objects.get(sequence=2).delete(),
    "queryset-delete": lambda: PublicationLogEntry.objects.filter(sequence=6).delete(),
    "delete-all": lambda: PublicationLogEntry.objects.all().delete(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("change", ORM_CHANGES.values(), ids=ORM_CHANGES.keys())
def test_the_orm_refuses_to_change_or_delete_an_entry(history, change):
    before = snapshot()

    # In its own savepoint: bulk_update fails inside an atomic block of its own.
    with pytest.raises(PermissionError), transaction.atomic():
        change()

    assert snapshot() == before
    assert services.log_verify() is None


@pytest.mark.django_db
def test_a_notice_with_log_entries_cannot_be_deleted(history):
    with pytest.raises(ProtectedError):
        Notice.objects.get(number="2027/000002").delete()

    assert len(snapshot()) == 6


# --- Tampering is detected ------------------------------------------------------------


def _tamper_notice_number():
    raw(f"UPDATE {TABLE} SET notice_number = %s WHERE sequence = 3", ["2027/000002"])


def _tamper_moment():
    entry = PublicationLogEntry.objects.get(sequence=2)
    raw(f"UPDATE {TABLE} SET at = %s WHERE sequence = 2", [entry.at - timedelta(seconds=1)])


def _tamper_reason():
    data = json.dumps({"reason": "Un altre motiu."})
    raw(f"UPDATE {TABLE} SET data = %s WHERE sequence = 4", [data])


def _tamper_event():
    raw(f"UPDATE {TABLE} SET event = %s WHERE sequence = 6", ["cancelled"])


def _rewrite_and_rehash():
    """A forger who also recomputes the hash of the entry they changed."""
    entry = PublicationLogEntry.objects.get(sequence=3)
    entry.data = {**entry.data, "to": {**entry.data["to"], "business_days": 80}}
    raw(
        f"UPDATE {TABLE} SET data = %s, hash = %s WHERE sequence = 3",
        [json.dumps(entry.data), entry.compute_hash()],
    )


def _remove_an_entry():
    raw(f"DELETE FROM {TABLE} WHERE sequence = 2")


def _swap_two_entries():
    raw(f"UPDATE {TABLE} SET sequence = 100 WHERE sequence = 2")
    raw(f"UPDATE {TABLE} SET sequence = 2 WHERE sequence = 3")
    raw(f"UPDATE {TABLE} SET sequence = 3 WHERE sequence = 100")


TAMPERING = {
    "notice-number": (_tamper_notice_number, 3, "its content does not match its hash"),
    "moment": (_tamper_moment, 2, "its content does not match its hash"),
    "reason": (_tamper_reason, 4, "its content does not match its hash"),
    "event": (_tamper_event, 6, "its content does not match its hash"),
    "rehashed": (_rewrite_and_rehash, 4, "it does not point to the entry before it"),
    "removed": (_remove_an_entry, 2, "an entry is missing"),
    "swapped": (_swap_two_entries, 2, "it does not point to the entry before it"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("tamper", "sequence", "reason"), TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_with_raw_sql_is_detected_at_the_first_broken_entry(
    history, tamper, sequence, reason
):
    with trigger_disabled():
        tamper()

    assert services.log_verify() == services.ChainProblem(sequence, reason)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        f"UPDATE {TABLE} SET notice_number = '2027/999999' WHERE sequence = 2",
        f"UPDATE {TABLE} SET data = '{{}}'",
        f"DELETE FROM {TABLE} WHERE sequence = 6",
        f"DELETE FROM {TABLE}",
    ],
    ids=["update-one", "update-all", "delete-one", "delete-all"],
)
def test_postgresql_refuses_a_raw_update_or_delete(history, sql):
    needs_postgresql("The append-only trigger exists only on PostgreSQL.")
    before = snapshot()

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)

    assert snapshot() == before
    assert services.log_verify() is None


# --- Stable across a round trip -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "at",
    [
        datetime(2027, 3, 28, 3, 30, 15, 123456, tzinfo=MADRID),  # just after the change to CEST
        datetime(2026, 10, 25, 2, 30, 0, 999999, tzinfo=MADRID, fold=1),  # the repeated hour
        datetime(2027, 1, 1, 0, 0, 0, 1, tzinfo=ZoneInfo("UTC")),
        datetime(2027, 6, 30, 23, 59, 59, 500000, tzinfo=ZoneInfo("Asia/Kolkata")),
        datetime(2027, 2, 1, 9, 0, tzinfo=MADRID),  # no microseconds at all
    ],
    ids=["cest", "fold", "utc", "kolkata", "whole-second"],
)
def test_payload_and_hash_survive_a_database_round_trip(at):
    notice = NoticeFactory(start_at=ACT + timedelta(hours=1), published=True, published__at=ACT)
    data = {
        "reason": "Rectificació d'errada: «Plaça de l'Església» — 2ª publicació ✓",
        "documents": [{"title": "Annex Ⅰ.pdf", "sha256": "a" * 64, "size": 123_456_789_012}],
        "business_days": 20,
        "permanent": False,
        "end": None,
        "zeta": {"b": 1, "a": [3, 2, 1]},
    }

    with transaction.atomic():
        written = services.log_append(notice=notice, event=LogEvent.EXTENDED, data=data, at=at)
    read = PublicationLogEntry.objects.get(pk=written.pk)

    assert read.at.timestamp() == at.timestamp()  # (an ambiguous hour never compares equal)
    assert read.payload() == written.payload()
    assert read.compute_hash() == read.hash == written.hash
    assert json.loads(read.payload())["at"] == at.astimezone(ZoneInfo("UTC")).isoformat(
        timespec="microseconds"
    )
    assert services.log_verify() is None


# --- Concurrent writers ---------------------------------------------------------------


def run_at_once(work, arguments):
    """Run `work(argument)` in one thread per argument, all released together."""
    barrier = threading.Barrier(len(arguments))
    errors = []
    lock = threading.Lock()

    def run(argument):
        try:
            barrier.wait(timeout=30)
            work(argument)
        except Exception as error:  # noqa: BLE001 - reported by the test
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer never finished"
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_events_of_different_notices_keep_one_chain():
    needs_postgresql("SQLite serialises every write; row locks are exercised on PostgreSQL.")
    by = publisher_get()
    notices = [
        NoticeFactory(start_at=ACT + timedelta(hours=1), published=True, published__at=ACT)
        for _n in range(12)
    ]

    # Cancelling takes no lock but its own notice's: only the log orders them.
    errors = run_at_once(
        lambda notice: services.notice_cancel(
            notice=notice, by=by, reason="Anul·lat.", at=ACT + timedelta(hours=2)
        ),
        notices,
    )

    assert errors == []
    assert PublicationLogEntry.objects.filter(event=LogEvent.CANCELLED).count() == 12
    sequences = list(PublicationLogEntry.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 25))
    assert services.log_verify() is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_first_entries_written_at_once_keep_one_chain():
    needs_postgresql("SQLite serialises every write; row locks are exercised on PostgreSQL.")
    notices = [NoticeFactory(start_at=ACT + timedelta(hours=1)) for _n in range(8)]
    for n, notice in enumerate(notices, start=1):
        Notice.objects.filter(pk=notice.pk).update(number=f"2027/{n:06d}", year=2027, sequence=n)
        notice.refresh_from_db()

    # An empty log has no last row to lock.
    def append(notice):
        with transaction.atomic():
            services.log_append(notice=notice, event=LogEvent.PUBLISHED, data={}, at=ACT)

    errors = run_at_once(append, notices)

    assert errors == []
    assert PublicationLogEntry.objects.count() == 8
    assert services.log_verify() is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_publications_and_cancellations_keep_numbers_and_chain():
    needs_postgresql("SQLite serialises every write; row locks are exercised on PostgreSQL.")
    by = publisher_get()
    published = [
        NoticeFactory(start_at=ACT + timedelta(hours=1), published=True, published__at=ACT)
        for _n in range(6)
    ]
    drafts = [NoticeFactory(start_at=ACT + timedelta(hours=3)) for _n in range(10)]

    def act(notice):
        if notice.published_at is None:
            services.notice_publish(notice=notice, by=by, at=ACT + timedelta(hours=2))
        else:
            services.notice_cancel(
                notice=notice, by=by, reason="Anul·lat.", at=ACT + timedelta(hours=2)
            )

    errors = run_at_once(act, published + drafts)

    assert errors == []
    numbers = sorted(Notice.objects.exclude(number=None).values_list("number", flat=True))
    assert numbers == [f"2027/{n:06d}" for n in range(1, 17)]
    assert PublicationLogEntry.objects.count() == 6 + 6 + 10
    assert services.log_verify() is None
