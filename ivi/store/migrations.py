"""Every schema change, registered in one place and applied in order, each in a transaction.

The schema version is the number of migrations applied. Append new migrations at the end;
never edit one that has shipped.
"""

import secrets
import sqlite3
from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ivi.core import ledger

migrations = Migrations("ivi")
_known: list[str] = []


def migration(step: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register `step` as the next migration (in the order of this file)."""
    _known.append(step.__name__)
    return migrations()(step)


@migration
def m001_drives_and_consent_ledger(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE drives (
            id INTEGER PRIMARY KEY,
            profile TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT
        )
        """
    )
    db.execute(
        """
        CREATE TABLE consent_ledger (
            id INTEGER PRIMARY KEY,
            profile TEXT NOT NULL,
            feature TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('grant', 'revoke')),
            at TEXT NOT NULL,
            duration TEXT CHECK (duration IN ('drive', '7d', '90d', '365d')),
            drive_id INTEGER REFERENCES drives(id),
            expires_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX consent_ledger_latest ON consent_ledger (profile, feature, id)")


# Columns an entry's hash covers: all but the two hashes themselves.
LEDGER_CONTENT = ("id", "profile", "feature", "action", "at", "duration", "drive_id", "expires_at", "notice_hash")
# Added by m004; hashed only when set, so that entries written before it keep their hashes.
LEDGER_NOTICE_SEEN = ("notice_language", "notice_document")


def append_only(db: Database, table: str, operations: tuple[str, ...] = ("UPDATE", "DELETE")) -> None:
    for operation in operations:
        db.execute(
            f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table}"
            f" BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


@migration
def m002_chained_ledger_receipts_inventory_deletions(db: Database) -> None:
    # Consents given before notices had versions carry none, so they no longer count and the
    # driver is asked again under the current notice.
    db.execute("ALTER TABLE consent_ledger ADD COLUMN notice_hash TEXT")
    db.execute("ALTER TABLE consent_ledger ADD COLUMN prev_hash TEXT")
    db.execute("ALTER TABLE consent_ledger ADD COLUMN hash TEXT")
    db.execute("CREATE TABLE ledger_head (one INTEGER PRIMARY KEY CHECK (one = 1), last_id INTEGER, last_hash TEXT)")
    previous = ledger.GENESIS
    last_id = 0
    for row in list(db.query(f"SELECT {', '.join(LEDGER_CONTENT)} FROM consent_ledger ORDER BY id")):
        if row["id"] != last_id + 1:
            raise sqlite3.IntegrityError(f"consent_ledger entry #{row['id']} does not follow #{last_id}")
        digest = ledger.unkeyed_hash(previous, row)
        db.execute("UPDATE consent_ledger SET prev_hash = ?, hash = ? WHERE id = ?", [previous, digest, row["id"]])
        previous, last_id = digest, row["id"]
    db.execute("INSERT INTO ledger_head VALUES (1, ?, ?)", [last_id, previous])
    append_only(db, "consent_ledger")

    db.execute("ALTER TABLE drives ADD COLUMN gear TEXT NOT NULL DEFAULT 'P' CHECK (gear IN ('P', 'R', 'N', 'D'))")
    db.execute("ALTER TABLE drives ADD COLUMN speed_kmh REAL NOT NULL DEFAULT 0 CHECK (speed_kmh >= 0)")
    db.execute(
        """
        CREATE TABLE receipts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('notice_shown', 'choice')),
            at TEXT NOT NULL,
            profile TEXT NOT NULL,
            drive_id INTEGER REFERENCES drives(id),
            language TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('display', 'cli')),
            gear TEXT NOT NULL,
            speed_kmh REAL NOT NULL,
            notices TEXT NOT NULL,
            choices TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX receipts_by_profile ON receipts (profile, id)")
    append_only(db, "receipts")
    db.execute(
        """
        CREATE TABLE kept_data (
            id INTEGER PRIMARY KEY,
            category TEXT NOT NULL,
            feature TEXT NOT NULL,
            profile TEXT NOT NULL,
            drive_id INTEGER REFERENCES drives(id),
            first_at TEXT NOT NULL,
            last_at TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count > 0),
            bytes INTEGER NOT NULL CHECK (bytes >= 0)
        )
        """
    )
    db.execute("CREATE INDEX kept_data_by_profile ON kept_data (profile, category)")
    db.execute(
        """
        CREATE TABLE deletion_requests (
            id INTEGER PRIMARY KEY,
            profile TEXT NOT NULL,
            category TEXT NOT NULL,
            features TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            deadline TEXT NOT NULL
        )
        """
    )
    append_only(db, "deletion_requests")


@migration
def m003_egress_log_and_car_identity(db: Database) -> None:
    # Every attempt to send data out of the car, allowed or refused (CN-02, CN-15).
    db.execute(
        """
        CREATE TABLE egress_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            profile TEXT,
            drive_id INTEGER REFERENCES drives(id),
            feature TEXT NOT NULL,
            category TEXT NOT NULL,
            endpoint TEXT NOT NULL,
            region TEXT,
            bytes INTEGER NOT NULL CHECK (bytes >= 0),
            allowed INTEGER NOT NULL CHECK (allowed IN (0, 1)),
            reason TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX egress_log_by_profile ON egress_log (profile, id)")
    append_only(db, "egress_log")
    # The car's VIN and the secret its pseudonyms are keyed with (CN-14); neither leaves the car.
    db.execute(
        "CREATE TABLE car_identity (one INTEGER PRIMARY KEY CHECK (one = 1), vin TEXT NOT NULL, secret TEXT NOT NULL)"
    )
    serial = secrets.randbelow(1_000_000)
    db.execute("INSERT INTO car_identity VALUES (1, ?, ?)", [f"LSVSIM2R5P0{serial:06d}", secrets.token_hex(32)])


@migration
def m004_notice_documents(db: Database) -> None:
    # The exact notice text shown, per feature and language, by version; receipts and ledger
    # entries name the version (and language) the driver saw.
    db.execute(
        """
        CREATE TABLE notice_documents (
            version TEXT PRIMARY KEY,
            feature TEXT NOT NULL,
            language TEXT NOT NULL,
            notice_hash TEXT NOT NULL,
            text TEXT NOT NULL
        )
        """
    )
    append_only(db, "notice_documents")
    db.execute("ALTER TABLE receipts ADD COLUMN documents TEXT NOT NULL DEFAULT '{}'")
    for column in LEDGER_NOTICE_SEEN:
        db.execute(f"ALTER TABLE consent_ledger ADD COLUMN {column} TEXT")


@migration
def m005_keyed_chains_and_car_time(db: Database) -> None:
    # The chains become keyed with a secret kept outside this file, and cover the drives too;
    # `ivi.store.sealing` computes the keyed hashes, since the key is not in the database.
    # The unkeyed chain is checked first: a ledger changed before the upgrade is not sealed.
    head = db.execute("SELECT last_id, last_hash FROM ledger_head").fetchone() or (0, ledger.GENESIS)
    previous, last_id = ledger.GENESIS, 0
    for row in list(
        db.query(
            f"SELECT {', '.join(LEDGER_CONTENT + LEDGER_NOTICE_SEEN)}, prev_hash, hash FROM consent_ledger ORDER BY id"
        )
    ):
        content = {c: row[c] for c in LEDGER_CONTENT} | {c: row[c] for c in LEDGER_NOTICE_SEEN if row[c] is not None}
        if (
            row["id"] != last_id + 1
            or row["prev_hash"] != previous
            or ledger.unkeyed_hash(previous, content) != row["hash"]
        ):
            raise sqlite3.IntegrityError(f"consent_ledger entry #{row['id']} was changed before the upgrade")
        previous, last_id = row["hash"], row["id"]
    if (last_id, previous) != tuple(head):
        raise sqlite3.IntegrityError(f"consent_ledger was changed before the upgrade (head #{head[0]})")
    db.execute("DROP TABLE ledger_head")  # the head now lives in the secure element
    db.execute("ALTER TABLE drives ADD COLUMN prev_hash TEXT")
    db.execute("ALTER TABLE drives ADD COLUMN hash TEXT")
    # Where the simulator's clock stood, so that a restarted car goes on from there.
    db.execute(
        "CREATE TABLE car_clock (one INTEGER PRIMARY KEY CHECK (one = 1), at TEXT NOT NULL, ahead_s REAL NOT NULL)"
    )


def unknown_migrations(db: Database) -> list[str]:
    """Migrations a newer ivi applied to this database that this ivi does not know."""
    return [m.name for m in migrations.applied(db) if m.name not in _known]


def schema_version(db: Database) -> int:
    """The version of a database: how many migrations it has had."""
    return len(migrations.applied(db))


def code_schema_version() -> int:
    """The version this ivi migrates databases to."""
    return len(_known)
