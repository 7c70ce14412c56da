"""Registry numbers under load, on PostgreSQL: many entries at the same moment,
each from its own connection, must still get unique numbers without gaps.

SQLite serialises every write, so there is nothing to race there; run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to exercise the locks.
"""

import threading

import pytest
from django.db import connection

from corporativa.models import NumberSeries, YearlyCounter
from tests.accounts.factories import UserFactory
from tramits import services
from tramits.models import RegistryEntry, Submission

# The series this module counts in: corporativa.numbering keeps every series.
Counters = YearlyCounter.objects.filter(series=NumberSeries.REGISTRY_IN)

pytestmark = pytest.mark.postgres

THREADS = 50


def needs_postgresql():
    # Checked inside the test: the connection's vendor is known only once
    # pytest-django has set up the database.
    if connection.vendor != "postgresql":
        pytest.skip("Row locks are only exercised on PostgreSQL.")


@pytest.fixture
def no_receipts(monkeypatch):
    """Receipts and mails happen after the commit and are tested elsewhere;
    sealing fifty PDFs would only make this test slow."""
    from outbox import tasks as outbox_tasks
    from tramits import tasks

    monkeypatch.setattr(tasks.receipt_issue, "run", lambda entry_id: None)
    monkeypatch.setattr(outbox_tasks.deliver, "run", lambda mail_id: None)


def run_at_once(work, arguments):
    """Run `work(argument)` in one thread per argument, all released together."""
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []
    lock = threading.Lock()

    def run(argument):
        try:
            barrier.wait(timeout=30)
            result = work(argument)
            with lock:
                results.append(result)
        except Exception as error:  # noqa: BLE001 - reported by the test below
            with lock:
                errors.append(error)
        finally:
            # Each thread has its own connection; leave none open behind.
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a registration never finished"
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_entries_get_fifty_consecutive_numbers(
    make_draft, no_receipts, settings
):
    needs_postgresql()
    drafts = [make_draft(UserFactory()) for _n in range(THREADS)]

    submissions = run_at_once(
        lambda draft: services.submission_register(draft=draft, device_class="desktop"),
        drafts,
    )

    numbers = sorted(s.number for s in submissions)
    year = int(numbers[0].split("/")[1])
    assert numbers == [f"E/{year}/{n:06d}" for n in range(1, THREADS + 1)]
    assert Submission.objects.count() == THREADS
    sequences = sorted(RegistryEntry.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS + 1))
    assert Counters.get(year=year).last_number == THREADS
    # The time is read after the number's lock: number order is time order.
    times = list(RegistryEntry.objects.order_by("sequence").values_list("registered_at", flat=True))
    assert times == sorted(times)


@pytest.mark.django_db(transaction=True)
def test_the_same_draft_submitted_from_many_tabs_at_once_registers_once(
    make_draft, citizen, no_receipts
):
    needs_postgresql()
    draft = make_draft(citizen)

    submissions = run_at_once(
        lambda _tab: services.submission_register(draft=draft, device_class="desktop"),
        list(range(10)),
    )

    assert len({s.pk for s in submissions}) == 1
    assert Submission.objects.count() == 1
    assert Counters.get().last_number == 1
