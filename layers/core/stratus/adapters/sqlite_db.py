"""One SQLite database file in WAL mode, shared by threads.

Every store on the embedded default (runs, learned scripts, browser sessions) opens the
same file through this. Writes that must be atomic across threads and processes run in
``transaction()`` (BEGIN IMMEDIATE): read, check, write, commit, on one connection under a
lock. A read outside a transaction goes through its thread's own connection and takes no
lock: in WAL mode readers never wait for the writer, so a key lookup on the event loop does
not wait behind a run being stored in the thread pool. Each read sees every write committed
before it began. An in-memory database has one connection for everything.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class SqliteDatabase:
    def __init__(self, path: str | Path, schema: str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = self._connect()
        if self.path != ":memory:":
            Path(self.path).chmod(0o600)  # keys, runs and what they typed: the owner's only
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(schema)
        self._local = threading.local()  # per thread: its reader, and transaction depth
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()  # not the writer's: a reader never waits for it

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def _reader(self) -> sqlite3.Connection | None:
        """This thread's read connection; None in memory, or inside this thread's
        transaction (whose reads must see its own writes)."""
        if self.path == ":memory:" or int(getattr(self._local, "depth", 0)):
            return None
        reader = getattr(self._local, "reader", None)
        if reader is None:
            reader = self._connect()
            with self._readers_lock:
                self._readers.append(reader)
            self._local.reader = reader
        return reader

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        reader = self._reader()
        if reader is not None:
            return reader.execute(sql, params).fetchall()
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def write(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        """One statement, atomic on its own (SQLite commits it alone; inside this thread's
        transaction it is part of that): the writer's lock is held for one call into SQLite
        instead of three (BEGIN, the statement, COMMIT), each of which gives up the GIL and
        waits to get it back while other writers queue."""
        with self._lock:
            self._conn.execute(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._local.depth = getattr(self._local, "depth", 0) + 1
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:  # rolled back, then re-raised
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            finally:
                self._local.depth -= 1

    def close(self) -> None:
        with self._lock, self._readers_lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
            self._conn.close()
