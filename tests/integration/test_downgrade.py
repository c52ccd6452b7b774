"""A database put back to an older schema is upgraded only if its chain is the one the secure
element noted: a forged unkeyed chain is never sealed with the car's key, and stops noted in
the secure element survive every migration.

The downgrade is done as an intruder who read the source would: schema 4 has the unkeyed
chain (plain SHA-256, no key needed) with its head in `ledger_head`, no hashes on drives and
no `car_clock`; m005 is struck from the list of migrations applied."""

import json
import sqlite3
from pathlib import Path

from helpers import ivi, ok

from ivi.core import ledger
from ivi.store.chains import ledger_content

HEART = "Vehicle.Driver.HeartRate"
FATIGUE = "Vehicle.Driver.FatigueLevel"


def downgrade_to_schema_4(path: Path, *statements: str) -> None:
    """Rewrite the database as ivi's schema 4 would hold it, after `statements` (run with the
    append-only triggers out of the way), its unkeyed chain recomputed to match."""
    with sqlite3.connect(path) as raw:
        raw.row_factory = sqlite3.Row
        triggers = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for trigger in triggers:
            raw.execute(f"DROP TRIGGER {trigger['name']}")
        for statement in statements:
            raw.execute(statement)
        previous, last_id = ledger.GENESIS, 0
        for row in raw.execute("SELECT * FROM consent_ledger ORDER BY id").fetchall():
            digest = ledger.unkeyed_hash(previous, ledger_content(dict(row)))
            raw.execute("UPDATE consent_ledger SET prev_hash = ?, hash = ? WHERE id = ?", [previous, digest, row["id"]])
            previous, last_id = digest, row["id"]
        raw.execute(
            "CREATE TABLE ledger_head (one INTEGER PRIMARY KEY CHECK (one = 1), last_id INTEGER, last_hash TEXT)"
        )
        raw.execute("INSERT INTO ledger_head VALUES (1, ?, ?)", [last_id, previous])
        raw.execute("ALTER TABLE drives DROP COLUMN prev_hash")
        raw.execute("ALTER TABLE drives DROP COLUMN hash")
        raw.execute("DROP TABLE car_clock")
        raw.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_keyed_chains_and_car_time'")
        for trigger in triggers:
            raw.execute(trigger["sql"])


def _car_with_fatigue_revoked(db: Path) -> None:
    ok("drive", "start", db=db)
    ok("consent", "grant", "fatigue_alert", "--duration", "7d", db=db)
    ok("consent", "revoke", "fatigue_alert", db=db)


def _samples(db: Path) -> dict[str, int]:
    return json.loads(ok("bus", "run", "--seconds", "5", "--json", db=db))["samples"]


def test_a_forged_unkeyed_chain_is_not_sealed_by_the_next_writer(db_path):
    _car_with_fatigue_revoked(db_path)
    # the revoke (#2) becomes a year-long grant, and the unkeyed chain is recomputed to match
    downgrade_to_schema_4(
        db_path,
        "UPDATE consent_ledger SET action = 'grant', duration = '365d',"
        " expires_at = '2099-01-01T00:00:00+00:00' WHERE id = 2",
    )
    assert ivi("consent", "verify", db=db_path).returncode == 1
    for writer in (("drive", "start", "--restart"), ("data", "purge")):
        done = ivi(*writer, db=db_path)
        assert done.returncode == 1, done.stdout
        assert "older schema" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert ivi("consent", "verify", db=db_path).returncode == 1  # still refused: nothing re-sealed
    run = ivi("bus", "run", "--seconds", "5", "--json", db=db_path)
    assert run.returncode == 1 and json.loads(run.stdout)["samples"][FATIGUE] == 0


def test_an_older_schema_with_the_record_as_noted_is_upgraded_and_its_pending_stop_kept(db_path):
    """A genuine older copy (the chain as the secure element noted it, say an upgrade cut
    short) is upgraded; a stop noted meanwhile outlives the migration and is recorded."""
    ok("drive", "start", db=db_path)
    ok("consent", "grant", "health_alert", "--duration", "7d", db=db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert ivi("consent", "revoke", "health_alert", db=db_path).returncode == 1  # noted, not recorded
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    downgrade_to_schema_4(db_path)
    assert _samples(db_path)[HEART] == 0  # `bus run` writes: it upgrades, and the stop holds
    history = json.loads(ok("consent", "history", "--json", db=db_path))["entries"]
    assert [(e["feature"], e["action"]) for e in history] == [("health_alert", "grant"), ("health_alert", "revoke")]
    assert ivi("consent", "verify", db=db_path).returncode == 0
