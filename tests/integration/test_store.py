"""The on-car store on real SQLite files: schema, durability, append-only ledger, inventory."""

import sqlite3
from datetime import datetime, timedelta

import pytest
from helpers import T0
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ivi.core.consent import Action, ConsentEntry
from ivi.core.durations import Duration
from ivi.core.motion import PARKED
from ivi.core.records import Channel, DeletionRequest, KeptBatch, Receipt, ReceiptKind
from ivi.store import StoreUnavailable, open_store
from ivi.store.migrations import code_schema_version, m001_drives_and_consent_ledger


def grant(feature: str = "navigation", profile: str = "driver", at: datetime = T0) -> ConsentEntry:
    return ConsentEntry(profile, feature, Action.GRANT, at, Duration.DAYS_7, expires_at=at + timedelta(days=7))


def test_a_new_store_is_a_wal_sqlite_file_at_the_latest_schema(db_path):
    store = open_store(db_path)
    assert store.schema_version == code_schema_version() == 5
    store.close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"drives", "consent_ledger", "car_clock", "receipts", "kept_data", "deletion_requests"} <= tables


def test_drives_and_consents_survive_reopening(db_path):
    store = open_store(db_path)
    drive = store.start_drive("driver", T0)
    entry = ConsentEntry(
        "driver", "fatigue_alert", Action.GRANT, T0, Duration.DRIVE, drive_id=drive.id, notice_hash="n"
    )
    record = store.ledger.append(entry)
    store.close()
    reopened = open_store(db_path)
    assert reopened.current_drive() == drive
    assert reopened.ledger.latest("driver") == [entry]
    assert reopened.ledger.history("driver") == [record]
    assert reopened.schema_version == 5  # migrations are not applied twice
    reopened.close()


def test_latest_consent_per_feature_is_the_newest_entry_of_the_profile(db_path):
    store = open_store(db_path)
    revoke = ConsentEntry("driver", "navigation", Action.REVOKE, T0)
    for entry in (grant(), revoke, grant(profile="guest")):
        store.ledger.append(entry)
    assert store.ledger.latest("driver") == [revoke]
    assert [r.entry for r in store.ledger.history("driver")] == [grant(), revoke]
    store.close()


def test_a_failed_transaction_leaves_nothing_behind(db_path):
    store = open_store(db_path)
    with pytest.raises(RuntimeError), store.transaction():
        store.start_drive("driver", T0)
        store.ledger.append(grant())
        raise RuntimeError("power lost half way")
    assert store.current_drive() is None
    assert store.broken_chain() is None
    store.close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT count(*) FROM drives").fetchone()[0] == 0
        assert raw.execute("SELECT count(*) FROM consent_ledger").fetchone()[0] == 0


@pytest.mark.parametrize("table", ["consent_ledger", "receipts", "deletion_requests"])
def test_append_only_tables_refuse_updates_and_deletes(db_path, table):
    store = open_store(db_path)
    store.ledger.append(grant())
    store.receipts.add(Receipt(ReceiptKind.CHOICE, T0, "driver", None, "en", Channel.CLI, PARKED, {"navigation": "n"}))
    store.deletions.add(DeletionRequest("driver", "location", ("traffic_services",), T0, T0.date()))
    store.close()
    with sqlite3.connect(db_path) as raw:
        for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
            with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
                raw.execute(statement)


def test_the_ledger_refuses_a_duration_outside_the_allowed_set(db_path):
    open_store(db_path).close()
    with sqlite3.connect(db_path) as raw, pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        raw.execute(
            "INSERT INTO consent_ledger (profile, feature, action, at, duration)"
            " VALUES ('d', 'f', 'grant', 'x', 'forever')"
        )


def test_a_database_from_the_walking_skeleton_is_migrated_and_its_ledger_sealed(db_path):
    # Schema 1 as its migration makes it, with one consent given before notices had versions.
    first = Migrations("ivi")
    first()(m001_drives_and_consent_ledger)
    with Database(db_path) as old:
        first.apply(old)
        old.execute(
            "INSERT INTO consent_ledger VALUES (1, 'driver', 'fatigue_alert', 'grant', '2026-11-20T08:00:00+00:00',"
            " '90d', NULL, '2027-02-18T08:00:00+00:00')"
        )
        old.execute(
            "INSERT INTO consent_ledger VALUES (2, 'driver', 'navigation', 'revoke', '2026-11-20T08:01:00+00:00',"
            " NULL, NULL, NULL)"
        )
        old.conn.commit()
    store = open_store(db_path)
    assert store.schema_version == 5
    assert store.broken_chain() is None
    [old_grant, _] = store.ledger.latest("driver")
    assert old_grant.feature == "fatigue_alert" and old_grant.notice_hash is None  # no longer counts: asked again
    store.ledger.append(grant())
    assert store.broken_chain() is None
    store.close()


def test_inventory_sums_per_category_and_deletes_a_category_at_once(db_path):  # CN-12
    store = open_store(db_path)
    minute = timedelta(minutes=1)
    store.inventory.keep([
        KeptBatch("location", "navigation", "driver", None, T0, T0 + minute, 61, 61 * 24),
        KeptBatch("location", "navigation", "driver", None, T0 + 2 * minute, T0 + 3 * minute, 60, 60 * 24),
        KeptBatch("driving_habits", "eco_driving", "driver", None, T0, T0, 3, 300),
        KeptBatch("location", "navigation", "alice", None, T0, T0, 1, 24),
    ])  # fmt: skip
    held = store.inventory.holdings("driver")
    assert (held["location"].count, held["location"].bytes) == (121, 121 * 24)
    assert (held["location"].first_at, held["location"].last_at) == (T0, T0 + 3 * minute)
    deleted = store.inventory.delete("driver", "location")
    assert deleted.count == 121
    assert set(store.inventory.holdings("driver")) == {"driving_habits"}
    assert store.inventory.holdings("alice")["location"].count == 1  # another profile's data stays
    store.close()


def test_retention_purge_deletes_only_what_is_older_than_its_feature_keeps(db_path):
    store = open_store(db_path)
    store.inventory.keep([
        KeptBatch("location", "navigation", "driver", None, T0, T0, 1, 24),
        KeptBatch("location", "navigation", "driver", None, T0 + timedelta(days=2), T0 + timedelta(days=2), 1, 24),
    ])  # fmt: skip
    assert store.inventory.purge({"navigation": T0 + timedelta(days=1)}) == 1
    assert store.inventory.holdings("driver")["location"].first_at == T0 + timedelta(days=2)
    store.close()


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "car.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreUnavailable, match="file is not a database"):
        open_store(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_a_folder_or_missing_folder_is_refused(tmp_path):
    with pytest.raises(StoreUnavailable, match="folder"):
        open_store(tmp_path)
    with pytest.raises(StoreUnavailable, match="does not exist"):
        open_store(tmp_path / "no" / "car.db")
