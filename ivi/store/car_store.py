"""The car's store: drives, the consent ledger, receipts, kept data, deletion requests, the
egress log and the car's identity, in one SQLite file.

Opening refuses, in one line, anything it cannot trust to record a revoke: a file that is
not a database, one it cannot write (read-only or locked), one written by a newer ivi, and
one whose ledger was changed outside the program. Callers fail closed on that refusal.
"""

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from ivi.core.drive import Drive
from ivi.core.motion import Gear, Motion
from ivi.core.text import Text
from ivi.store.access import Access, iso, parse_time, plain
from ivi.store.deletions_table import DeletionRequests
from ivi.store.egress_table import EgressLog
from ivi.store.errors import LedgerBroken, StoreUnavailable
from ivi.store.inventory_table import Inventory
from ivi.store.ledger_table import ConsentLedger
from ivi.store.migrations import code_schema_version, migrations, schema_version, unknown_migrations
from ivi.store.receipts_table import ReceiptBook

BUSY_TIMEOUT_S = 2.0  # how long to wait for another writer before calling the store locked


def open_store(
    path: str | Path, *, create: bool = True, check_ledger: bool = True, busy_timeout_s: float = BUSY_TIMEOUT_S
) -> "CarStore":
    """Open and migrate the store at `path`, creating it if absent and `create` is set."""
    path = Path(path)
    if path.is_dir():
        raise StoreUnavailable(str(path), Text("it is a folder, not a database file"))
    if not path.parent.is_dir():
        raise StoreUnavailable(str(path), Text("folder %(folder)s does not exist", folder=str(path.parent)))
    if not create and not path.exists():
        raise StoreUnavailable(str(path), Text("no such database (nothing has been recorded yet)"))
    try:
        connection = sqlite3.connect(str(path), timeout=busy_timeout_s)
    except sqlite3.Error as error:
        raise StoreUnavailable(str(path), plain(error)) from None
    try:
        store = CarStore(Database(connection), path)
        _prepare(store.db, path)
        if check_ledger and (broken := store.ledger.check()):
            raise LedgerBroken(str(path), broken)
    except sqlite3.Error as error:
        connection.close()
        raise StoreUnavailable(str(path), plain(error)) from None
    except StoreUnavailable:
        connection.close()
        raise
    return store


def _prepare(db: Database, path: Path) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    # A revoke that a power cut could undo would bring collection back: commit durably.
    db.execute("PRAGMA synchronous = FULL")
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a non-database fails here
    if newer := unknown_migrations(db):
        raise StoreUnavailable(
            str(path),
            Text(
                "it was written by a newer ivi (schema %(theirs)s, this ivi knows %(ours)s; unknown migration %(name)s)",
                theirs=schema_version(db),
                ours=code_schema_version(),
                name=newer[0],
            ),
        )
    # A store that cannot take a write cannot record a revoke either: find out now. Taking the
    # write lock finds another writer; a write rolled back finds a read-only file (in WAL mode
    # the lock alone succeeds even then).
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("CREATE TABLE _ivi_write_probe (x)")
    finally:
        db.execute("ROLLBACK")
    if db.journal_mode != "wal":
        db.enable_wal()
    migrations.apply(db)


class CarStore:
    def __init__(self, db: Database, path: Path):
        self.db = db
        self.path = path
        self._access = Access(db, path)
        self.ledger = ConsentLedger(self._access)
        self.receipts = ReceiptBook(self._access)
        self.inventory = Inventory(self._access)
        self.deletions = DeletionRequests(self._access)
        self.egress = EgressLog(self._access)

    def close(self) -> None:
        self.db.close()

    @property
    def schema_version(self) -> int:
        with self._access.guard():
            return schema_version(self.db)

    def identity(self) -> tuple[str, bytes]:
        """The car's VIN and the secret that keys its pseudonyms."""
        with self._access.guard():
            vin, secret = self.db.execute("SELECT vin, secret FROM car_identity").fetchone()
        return vin, bytes.fromhex(secret)

    def transaction(self):
        """All writes inside commit together or not at all; nested blocks become savepoints."""
        return self._access.transaction()

    # drives

    def current_drive(self) -> Drive | None:
        with self._access.guard():
            rows = list(self.db.query("SELECT * FROM drives WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1"))
        return _drive(rows[0]) if rows else None

    def start_drive(self, profile: str, at: datetime) -> Drive:
        with self.transaction():
            cursor = self.db.execute("INSERT INTO drives (profile, started_at) VALUES (?, ?)", [profile, iso(at)])
        return Drive(cursor.lastrowid, profile, at)

    def end_drive(self, drive: Drive, at: datetime) -> Drive:
        with self.transaction():
            self.db.execute("UPDATE drives SET ended_at = ? WHERE id = ?", [iso(at), drive.id])
        return Drive(drive.id, drive.profile, drive.started_at, at)

    def motion(self, drive: Drive) -> Motion:
        with self._access.guard():
            row = self.db.execute("SELECT gear, speed_kmh FROM drives WHERE id = ?", [drive.id]).fetchone()
        return Motion(Gear(row[0]), row[1])

    def set_motion(self, drive: Drive, motion: Motion) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE drives SET gear = ?, speed_kmh = ? WHERE id = ?",
                [motion.gear.value, motion.speed_kmh, drive.id],
            )


def _drive(row: dict) -> Drive:
    return Drive(row["id"], row["profile"], parse_time(row["started_at"]), parse_time(row["ended_at"]))
