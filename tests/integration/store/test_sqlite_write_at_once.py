"""Writes that must not wait: stored now, or refused at once with nothing written."""

import sqlite3
import threading
from datetime import UTC, datetime

import pytest

from stratus.adapters.sqlite_db import SqliteDatabase
from stratus.adapters.sqlite_store import SqliteRunStore
from stratus.domain.models import ApiKey
from stratus.ports import Conflict
from tests.contract.store_contract import make_run
from tests.integration.store.held_transaction import transaction_held_open

pytestmark = pytest.mark.integration

USED_AT = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
SCHEMA = "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"
INSERT = "INSERT INTO notes (text) VALUES (?)"


@pytest.fixture
def db(tmp_path):
    database = SqliteDatabase(tmp_path / "at-once.db", SCHEMA)
    yield database
    database.close()


def texts(db: SqliteDatabase) -> list[str]:
    return [row[0] for row in db.query("SELECT text FROM notes ORDER BY id")]


def answer_while_held(db: SqliteDatabase, release) -> bool:
    """write_at_once's answer while another writer holds the lock; the lock is released once
    the call has answered, or after 5 s if it has not: a call that waits for the lock then
    gets it and answers True."""
    answers: list[bool] = []
    caller = threading.Thread(target=lambda: answers.append(db.write_at_once(INSERT, ("mine",))))
    caller.start()
    caller.join(5)
    release()
    caller.join()
    return answers[0]


def test_a_free_database_is_written_at_once(db):
    assert db.write_at_once(INSERT, ("first",)) is True
    assert texts(db) == ["first"]


def test_while_another_thread_holds_a_transaction_nothing_is_written(db):
    def theirs(conn: sqlite3.Connection) -> None:
        conn.execute(INSERT, ("theirs",))

    with transaction_held_open(db.transaction, theirs) as release:
        assert answer_while_held(db, release) is False
    assert texts(db) == ["theirs"]
    assert db.write_at_once(INSERT, ("mine",)) is True


def test_another_process_holding_the_write_lock_is_not_waited_for(db, tmp_path):
    """The ordinary writer's busy timeout (30 s) does not apply."""
    other = sqlite3.connect(tmp_path / "at-once.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert answer_while_held(db, lambda: other.execute("ROLLBACK")) is False
    finally:
        other.close()
    assert texts(db) == []


def test_inside_this_threads_transaction_it_is_refused_rather_than_written_apart(db):
    with db.transaction() as conn:
        conn.execute(INSERT, ("in the transaction",))
        assert db.write_at_once(INSERT, ("apart",)) is False
    assert texts(db) == ["in the transaction"]


def test_an_in_memory_database_is_written_at_once_on_its_one_connection():
    database = SqliteDatabase(":memory:", SCHEMA)
    try:
        assert database.write_at_once(INSERT, ("x",)) is True
        assert texts(database) == ["x"]
    finally:
        database.close()


def test_a_key_use_is_not_waited_for_while_another_process_writes(tmp_path):
    """Marking a key used runs in the request's authentication, on the event loop: with the
    database held by another process it is skipped, not waited for; the next use makes it."""
    store = SqliteRunStore(tmp_path / "stratus.db")
    try:
        key = ApiKey(key_id="ak_u", organization_id="o_u", name="u", digest="du", sealed="s")
        store.put_api_key(key)
        other = sqlite3.connect(tmp_path / "stratus.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        marking = threading.Thread(target=store.mark_api_key_used, args=(key.key_id, USED_AT))
        marking.start()
        marking.join(5)  # a mark that waits for the lock is still waiting here
        other.execute("ROLLBACK")
        other.close()
        marking.join()
        assert store.get_api_key(key.key_id).last_used_at is None
        store.mark_api_key_used(key.key_id, USED_AT)
        assert store.get_api_key(key.key_id).last_used_at == USED_AT
    finally:
        store.close()


def test_a_run_stored_at_once_is_read_back_and_a_second_time_is_a_conflict(tmp_path):
    store = SqliteRunStore(tmp_path / "stratus.db")
    try:
        run = make_run()
        assert store.create_runs_at_once([run]) is True
        assert store.get_run(run.run_id) == run
        with pytest.raises(Conflict):
            store.create_runs_at_once([run])
    finally:
        store.close()


def test_runs_stored_together_are_all_stored_or_none(tmp_path):
    """Several runs in one transaction: all read back; with one that exists already, a
    conflict and none of the others stored; while another process writes, none and False."""
    store = SqliteRunStore(tmp_path / "stratus.db")
    try:
        runs = [make_run() for _ in range(3)]
        assert store.create_runs_at_once(runs) is True
        assert [store.get_run(run.run_id) for run in runs] == runs
        fresh = [make_run(), make_run()]
        with pytest.raises(Conflict):
            store.create_runs_at_once([fresh[0], runs[1], fresh[1]])
        assert [store.get_run(run.run_id) for run in fresh] == [None, None]
        other = sqlite3.connect(tmp_path / "stratus.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            assert store.create_runs_at_once(fresh) is False
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert [store.get_run(run.run_id) for run in fresh] == [None, None]
        assert store.create_runs_at_once(fresh) is True
    finally:
        store.close()
