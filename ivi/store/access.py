"""What every part of the store shares: the connection, write transactions, and turning
SQLite errors into ours."""

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ivi.core.text import Text
from ivi.store.errors import StoreFull, StoreUnavailable


def _nothing() -> None:
    pass


@dataclass
class Hooks:
    """What the car's store does around every write transaction: record stops still pending
    when it begins, and around its commit note the chains' heads in the secure element."""

    begin: Callable[[], None] = _nothing
    committing: Callable[[], AbstractContextManager[None]] = nullcontext


@dataclass
class Access:
    db: Database
    path: Path
    hooks: Hooks = field(default_factory=Hooks)

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Any SQLite failure becomes `StoreUnavailable`: one thing to catch, one reason to fail closed."""
        try:
            yield
        except sqlite3.Error as error:
            raise unavailable(str(self.path), error) from None

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """The rows a read returns, as dicts. Not sqlite-utils' `query`, which wraps each read
        in a savepoint of its own: two more statements on every read of a consent grant."""
        with self.guard():
            cursor = self.db.conn.execute(sql, params)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; a nested block is part of the
        outer one (nothing catches a failure half way and goes on, so no savepoints).

        The outermost block takes the write lock when it begins (BEGIN IMMEDIATE), waiting up
        to the busy timeout for another writer: two writers are serialised, never refused, and
        a transaction never fails half way for want of a lock it could have waited for."""
        with self.guard():
            nested = self.db.conn.in_transaction
        if nested:
            with self.guard():
                yield
            return
        with self.guard():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.hooks.begin()
                yield
                with self.hooks.committing():
                    self.db.execute("COMMIT")
            except BaseException:
                self.db.rollback()
                raise


# What SQLite says when a write finds no room: a full disk, or (WAL) a shared-memory file it
# cannot grow on a full filesystem.
NO_ROOM = {"SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_TRUNCATE"}


def unavailable(path: str, error: sqlite3.Error) -> StoreUnavailable:
    """What SQLite's error means for the car, in words we can translate; SQLite's own words
    (English, from the library) follow in brackets for whoever debugs it."""
    message = str(error)
    if "full" in message or getattr(error, "sqlite_errorname", "") in NO_ROOM:
        return StoreFull(path, Text("the disk is full (%(sqlite)s)", sqlite=message))
    if "locked" in message or "busy" in message:
        return StoreUnavailable(path, Text("another program is writing to it (%(sqlite)s)", sqlite=message))
    if "readonly" in message:
        return StoreUnavailable(path, Text("it is read-only (%(sqlite)s)", sqlite=message))
    if "not a database" in message:
        return StoreUnavailable(path, Text("it is not a database (%(sqlite)s)", sqlite=message))
    return StoreUnavailable(path, Text("SQLite cannot use it (%(sqlite)s)", sqlite=message))


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
