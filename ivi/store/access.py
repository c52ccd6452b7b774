"""What every part of the store shares: the connection, and turning SQLite errors into ours."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

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


def plain(error: sqlite3.Error) -> str:
    """SQLite's message, with what it means for the car where SQLite's words are terse."""
    message = str(error)
    if "locked" in message or "busy" in message:
        return f"{message}: another program is writing to it"
    if "readonly" in message:
        return f"it is read-only ({message})"
    return message


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
