import sqlite3
from datetime import UTC, datetime

import pytest

from ivi.core.consent import Action, ConsentEntry
from ivi.core.durations import Duration
from ivi.store import StoreUnavailable, open_store

T0 = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)


def test_a_new_store_is_a_wal_sqlite_file_at_the_latest_schema(db_path):
    store = open_store(db_path)
    assert store.schema_version == 1
    store.close()
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"drives", "consent_ledger"} <= tables


def test_drives_and_consents_survive_reopening(db_path):
    store = open_store(db_path)
    drive = store.start_drive("driver", T0)
    entry = ConsentEntry("driver", "fatigue_alert", Action.GRANT, T0, Duration.DRIVE, drive_id=drive.id)
    store.append_consent(entry)
    store.close()
    reopened = open_store(db_path)
    assert reopened.current_drive() == drive
    assert reopened.latest_consents("driver") == [entry]
    assert reopened.schema_version == 1  # migrations are not applied twice


def test_latest_consent_per_feature_is_the_newest_entry(db_path):
    store = open_store(db_path)
    grant = ConsentEntry("driver", "navigation", Action.GRANT, T0, Duration.DAYS_7, expires_at=T0)
    revoke = ConsentEntry("driver", "navigation", Action.REVOKE, T0)
    other = ConsentEntry("guest", "navigation", Action.GRANT, T0, Duration.DAYS_7, expires_at=T0)
    for entry in (grant, revoke, other):
        store.append_consent(entry)
    assert store.latest_consents("driver") == [revoke]
    assert store.consent_history("driver") == [grant, revoke]


def test_a_failed_transaction_leaves_nothing_behind(db_path):
    store = open_store(db_path)
    with pytest.raises(RuntimeError), store.transaction():
        store.start_drive("driver", T0)
        raise RuntimeError("power lost half way")
    assert store.current_drive() is None
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT count(*) FROM drives").fetchone()[0] == 0


def test_the_ledger_refuses_a_duration_outside_the_allowed_set(db_path):
    open_store(db_path).close()
    with sqlite3.connect(db_path) as raw, pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        raw.execute(
            "INSERT INTO consent_ledger (profile, feature, action, at, duration)"
            " VALUES ('d', 'f', 'grant', 'x', 'forever')"
        )


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
