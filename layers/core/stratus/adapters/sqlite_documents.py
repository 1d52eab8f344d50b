"""A SQLite table of JSON documents (pydantic records) keyed by id, with the few columns its
queries filter and sort on beside each document.

Updates read and write inside one BEGIN IMMEDIATE transaction, so a conditional update is
atomic across processes sharing the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from ..ports import Conflict, NotFound
from .sqlite_db import SqliteDatabase

Record = TypeVar("Record", bound=BaseModel)


class DocumentTable(Generic[Record]):
    def __init__(
        self,
        db: SqliteDatabase,
        table: str,
        model: type[Record],
        key_column: str,
        columns: Callable[[Record], tuple[Any, ...]],
    ) -> None:
        """``key_column`` is also the record's field of that name; ``columns`` gives the
        row's values before the document, the key first, in table order."""
        self._db = db
        self._table = table
        self._model = model
        self._key_column = key_column
        self._columns = columns

    def _write(self, c: sqlite3.Connection, record: Record, *, insert: bool) -> None:
        row = (*self._columns(record), record.model_dump_json())
        verb = "INSERT" if insert else "REPLACE"
        marks = ", ".join("?" * len(row))
        c.execute(f"{verb} INTO {self._table} VALUES ({marks})", row)

    def insert(self, record: Record) -> None:
        try:
            with self._db.transaction() as c:
                self._write(c, record, insert=True)
        except sqlite3.IntegrityError as exc:
            raise Conflict(getattr(record, self._key_column)) from exc

    def get(self, key: str) -> Record | None:
        rows = self._db.query(
            f"SELECT data FROM {self._table} WHERE {self._key_column} = ?", (key,)
        )
        return self._model.model_validate_json(rows[0][0]) if rows else None

    def select(self, where: str, params: tuple[Any, ...], order_by: str) -> list[Record]:
        rows = self._db.query(
            f"SELECT data FROM {self._table} WHERE {where} ORDER BY {order_by}", params
        )
        return [self._model.model_validate_json(row[0]) for row in rows]

    def update(
        self,
        key: str,
        changes: Mapping[str, Any],
        holds: Callable[[Record], bool] | None = None,
    ) -> Record | None:
        """The record with ``changes`` applied; None (and nothing written) when ``holds``
        says no. Raises NotFound when there is no such record."""
        with self._db.transaction() as c:
            row = c.execute(
                f"SELECT data FROM {self._table} WHERE {self._key_column} = ?", (key,)
            ).fetchone()
            if row is None:
                raise NotFound(key)
            record = self._model.model_validate_json(row[0])
            if holds is not None and not holds(record):
                return None
            updated = self._model.model_validate({**record.model_dump(), **changes})
            self._write(c, updated, insert=False)
            return updated
