"""Fixtures of the notice board's back-office, certificate, command and demo tests.

Notices are made by tests/tauler/factories.py, through tauler.services.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from tests.accounts.factories import UserFactory
from tests.tauler.factories import publisher_get


@pytest.fixture
def publisher(db):
    """A superuser: what the factories publish with."""
    return publisher_get()


@pytest.fixture
def tauler_clerk(db):
    """A member of staff in the group "Tauler": every permission of the board but delete."""
    user = UserFactory(email="tauler@mollet.example", full_name="Jordi Vila", is_staff=True)
    user.groups.add(Group.objects.get(name="Tauler"))
    return user


@pytest.fixture
def tauler_admin(client, tauler_clerk):
    client.force_login(tauler_clerk)
    # The admin lives outside the language prefixes: ask for the source strings.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


class RawLog:
    """What an attacker with the database's owner rights could do to the log,
    past the model, the admin and (on PostgreSQL) the append-only trigger."""

    TABLE = "tauler_publicationlogentry"

    def _without_trigger(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Django's foreign keys are deferred: their checks of the rows
                # this test inserted must run before the table can be altered.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {self.TABLE} DISABLE TRIGGER tauler_log_append_only")

    def update_data(self, sequence: int, data: str) -> None:
        self._without_trigger()
        cast = "::jsonb" if connection.vendor == "postgresql" else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.TABLE} SET data = %s{cast} WHERE sequence = %s", [data, sequence]
            )
            assert cursor.rowcount == 1

    def delete(self, sequence: int) -> None:
        self._without_trigger()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.TABLE} WHERE sequence = %s", [sequence])
            assert cursor.rowcount == 1


@pytest.fixture
def raw_log(db):
    """Tamper with the log by raw SQL. On PostgreSQL the trigger is disabled
    inside the test's transaction, so the rollback at the end restores it."""
    return RawLog()
