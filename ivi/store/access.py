"""What every part of the store shares: the connection, and turning SQLite errors into ours."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from ivi.core.text import Text
from ivi.store.errors import StoreUnavailable


@dataclass(frozen=True)
class Access:
    db: Database
    path: Path

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Any SQLite failure becomes `StoreUnavailable`: one thing to catch, one reason to fail closed."""
        try:
            yield
        except sqlite3.Error as error:
            raise StoreUnavailable(str(self.path), plain(error)) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; nested blocks become savepoints."""
        with self.guard(), self.db.atomic():
            yield


def plain(error: sqlite3.Error) -> Text:
    """What SQLite's error means for the car, in words we can translate; SQLite's own words
    (English, from the library) follow in brackets for whoever debugs it."""
    message = str(error)
    if "locked" in message or "busy" in message:
        return Text("another program is writing to it (%(sqlite)s)", sqlite=message)
    if "readonly" in message:
        return Text("it is read-only (%(sqlite)s)", sqlite=message)
    if "not a database" in message:
        return Text("it is not a database (%(sqlite)s)", sqlite=message)
    return Text("SQLite cannot use it (%(sqlite)s)", sqlite=message)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
