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
from collections.abc import Callable, Iterator, Sequence
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
        self._conn.executescript(schema)
        self._local = threading.local()  # per thread: its reader, and transaction depth
        # writes that must not wait: no busy timeout, used only under the writer's lock
        self._at_once: sqlite3.Connection | None = None
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()  # not the writer's: a reader never waits for it

    def _connect(self, busy_timeout_ms: int = 30_000) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            isolation_level=None,
            check_same_thread=False,
            timeout=busy_timeout_ms / 1000,
        )
        conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # per connection: in WAL mode, commits are durable across a crash of this process
        # and ordered; only a power loss may lose the last ones
        conn.execute("PRAGMA synchronous=NORMAL")
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

    def write_at_once(self, sql: str, params: tuple[Any, ...] = ()) -> bool:
        """``write`` if it needs no waiting; False, having written nothing, if it would wait:
        another thread of this process holds the writer's lock, or another process holds the
        file's write lock. For a caller on an event loop, which must not block on either,
        but for whom a statement of tens of microseconds is cheaper than a hand-off to a
        thread. Inside this thread's transaction it is refused (it would not be part of it)."""
        return self.write_all_at_once(sql, [params])

    def write_all_at_once(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> bool:
        """``write_at_once`` of one statement for each of ``rows``, in one transaction: all
        of them or, on an error (re-raised) or where it would wait (False), none. One commit
        writes each page the rows share once (rows of one table share most of theirs)."""
        if int(getattr(self._local, "depth", 0)) or not self._lock.acquire(blocking=False):
            return False
        try:
            if self.path == ":memory:":  # one connection, and no other process
                conn = self._conn
            else:
                if self._at_once is None:
                    self._at_once = self._connect(busy_timeout_ms=0)
                conn = self._at_once
            if len(rows) == 1:  # one statement commits alone
                return self._at_once_or_busy(lambda: conn.execute(sql, rows[0]))
            if not self._at_once_or_busy(lambda: conn.execute("BEGIN IMMEDIATE")):
                return False
            try:
                conn.executemany(sql, rows)
            except BaseException:  # rolled back, then re-raised
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return True
        finally:
            self._lock.release()

    @staticmethod
    def _at_once_or_busy(statement: Callable[[], object]) -> bool:
        try:
            statement()
        except sqlite3.OperationalError as exc:
            primary = exc.sqlite_errorcode & 0xFF  # SQLITE_BUSY_SNAPSHOT and the like too
            if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                return False
            raise
        return True

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
            if self._at_once is not None:
                self._at_once.close()
            self._conn.close()
