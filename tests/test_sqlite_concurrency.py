"""`make run`'s embedded SQLite database holds concurrent writers without "database is locked".

The web process and the worker write to one file at once. With SQLite's defaults (rollback
journal, DEFERRED transactions) two transactions that read and then write fail at once with
"database is locked" instead of waiting; the demo configuration must make them queue.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.utils import OperationalError

CLIENTS = 8
SECONDS = 3.0


def demo_database(path) -> dict:
    """The settings' own SQLite configuration, pointed at a file of the test's."""
    config = {**settings.DATABASES["default"], "NAME": str(path)}
    config.setdefault("TIME_ZONE", None)
    config.setdefault("AUTOCOMMIT", True)
    config.setdefault("CONN_HEALTH_CHECKS", False)
    return config


pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the demo configuration is SQLite's; this run is on another database",
)


def test_demo_database_is_sqlite_with_wal_and_immediate_transactions():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.fixture
def demo_connections(tmp_path, django_db_blocker):
    """Aliases `client-0`..`client-7` on one fresh file with the demo configuration."""
    config = demo_database(tmp_path / "portal.sqlite3")
    aliases = [f"client-{number}" for number in range(CLIENTS)]
    for alias in aliases:
        connections.settings[alias] = config
    with django_db_blocker.unblock():
        yield aliases
        for alias in aliases:
            connections[alias].close()
    for alias in aliases:
        connections.settings.pop(alias, None)


def test_eight_clients_reading_and_writing_see_no_locked_database(demo_connections):
    setup = connections[demo_connections[0]]
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    setup.close()

    errors: list[Exception] = []
    done = [0] * CLIENTS
    deadline = time.monotonic() + SECONDS

    def client(number: int) -> None:
        connection = connections[demo_connections[number]]
        try:
            while time.monotonic() < deadline:
                # Browse (a read on its own), then pay (read, then write in one transaction:
                # the pattern that fails at once under DEFERRED transactions).
                with connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                    value = cursor.fetchone()[0]
                    time.sleep(0.001)
                    cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
                done[number] += 1
        except OperationalError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert all(done), done
    with connections[demo_connections[0]].cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        assert cursor.fetchone()[0] == sum(done)  # no lost update either
