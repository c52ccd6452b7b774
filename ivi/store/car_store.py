"""The car's consent store: drives and the consent ledger in one SQLite file.

Every write is one transaction. Any SQLite failure surfaces as `StoreUnavailable`, so
callers have one thing to catch and the bus one reason to fail closed.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from ivi.core.consent import Action, ConsentEntry
from ivi.core.drive import Drive
from ivi.core.durations import Duration
from ivi.store.errors import StoreUnavailable
from ivi.store.migrations import migrations, schema_version


def open_store(path: str | Path) -> "CarStore":
    """Open (creating if absent) and migrate the store at `path`."""
    path = Path(path)
    if path.is_dir():
        raise StoreUnavailable(str(path), "it is a folder, not a database file")
    if not path.parent.is_dir():
        raise StoreUnavailable(str(path), f"folder {path.parent} does not exist")
    try:
        connection = sqlite3.connect(str(path), timeout=5.0)
    except sqlite3.Error as error:
        raise StoreUnavailable(str(path), str(error)) from None
    try:
        db = Database(connection)
        db.execute("PRAGMA foreign_keys = ON")
        # A revoke that a power cut could undo would bring collection back: commit durably.
        db.execute("PRAGMA synchronous = FULL")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a non-database fails here
        if db.journal_mode != "wal":
            db.enable_wal()
        migrations.apply(db)
    except sqlite3.Error as error:
        connection.close()
        raise StoreUnavailable(str(path), str(error)) from None
    return CarStore(db, path)


class CarStore:
    def __init__(self, db: Database, path: Path):
        self.db = db
        self.path = path

    def close(self) -> None:
        self.db.close()

    @property
    def schema_version(self) -> int:
        with self._guard():
            return schema_version(self.db)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise StoreUnavailable(str(self.path), str(error)) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; nested blocks become savepoints."""
        with self._guard(), self.db.atomic():
            yield

    # drives

    def current_drive(self) -> Drive | None:
        with self._guard():
            rows = list(self.db.query("SELECT * FROM drives WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1"))
        return _drive(rows[0]) if rows else None

    def start_drive(self, profile: str, at: datetime) -> Drive:
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO drives (profile, started_at) VALUES (?, ?)", [profile, at.isoformat()]
            )
        return Drive(cursor.lastrowid, profile, at)

    def end_drive(self, drive: Drive, at: datetime) -> Drive:
        with self.transaction():
            self.db.execute("UPDATE drives SET ended_at = ? WHERE id = ?", [at.isoformat(), drive.id])
        return Drive(drive.id, drive.profile, drive.started_at, at)

    # consent ledger

    def append_consent(self, entry: ConsentEntry) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO consent_ledger (profile, feature, action, at, duration, drive_id, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    entry.profile,
                    entry.feature,
                    entry.action.value,
                    entry.at.isoformat(),
                    entry.duration.value if entry.duration else None,
                    entry.drive_id,
                    entry.expires_at.isoformat() if entry.expires_at else None,
                ],
            )

    def latest_consents(self, profile: str) -> list[ConsentEntry]:
        """The newest ledger entry per feature for `profile`: the driver's current choices."""
        with self._guard():
            rows = self.db.query(
                "SELECT * FROM consent_ledger WHERE id IN"
                " (SELECT max(id) FROM consent_ledger WHERE profile = ? GROUP BY feature) ORDER BY id",
                [profile],
            )
            return [_entry(row) for row in rows]

    def consent_history(self, profile: str) -> list[ConsentEntry]:
        with self._guard():
            rows = self.db.query("SELECT * FROM consent_ledger WHERE profile = ? ORDER BY id", [profile])
            return [_entry(row) for row in rows]


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _drive(row: dict) -> Drive:
    return Drive(row["id"], row["profile"], datetime.fromisoformat(row["started_at"]), _time(row["ended_at"]))


def _entry(row: dict) -> ConsentEntry:
    return ConsentEntry(
        profile=row["profile"],
        feature=row["feature"],
        action=Action(row["action"]),
        at=datetime.fromisoformat(row["at"]),
        duration=Duration(row["duration"]) if row["duration"] else None,
        drive_id=row["drive_id"],
        expires_at=_time(row["expires_at"]),
    )
