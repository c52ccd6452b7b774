"""Every schema change, registered in one place and applied in order, each in a transaction.

The schema version is the number of migrations applied. Append new migrations at the end;
never edit one that has shipped.
"""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("ivi")


@migrations()
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


def schema_version(db: Database) -> int:
    """The version of a database: how many migrations it has had."""
    return len(migrations.applied(db))
