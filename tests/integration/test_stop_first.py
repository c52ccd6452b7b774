"""A stop always stops (docs/architecture.md, "Principles"): every stop powers its sensors off in the
running car before anything is written; when the store then cannot record it (another writer
holds the lock, a table was dropped, a foreign trigger refuses revokes) the feature stays off
here, the stop is noted in the secure element, and the next process samples nothing for it.
Real SQLite files, real processes for the command line."""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import T0, ivi, ok

from ivi.bus import signals
from ivi.car import build_car
from ivi.core.clock import SimulatedClock
from ivi.core.errors import StopNotRecorded
from ivi.store import StoreUnavailable, open_store
from ivi.store.secure_element import SecureElement

HEART = signals.HEART_RATE


@contextmanager
def writer_holding_the_lock(db: Path) -> Iterator[None]:
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def refuse_revokes(db: Path) -> None:
    with sqlite3.connect(db) as raw:
        raw.execute(
            "CREATE TRIGGER keep_consents BEFORE INSERT ON consent_ledger WHEN NEW.action = 'revoke'"
            " BEGIN SELECT RAISE(ABORT, 'revokes are not welcome'); END"
        )


def drop_receipts(db: Path) -> None:
    with sqlite3.connect(db) as raw:
        raw.execute("DROP TABLE receipts")


@pytest.fixture
def heart_car(db_path, monkeypatch):
    monkeypatch.setenv("IVI_BUSY_TIMEOUT", "0.1")
    car = build_car(db_path, SimulatedClock(T0))
    car.services.start_drive()
    car.services.grant("health_alert", "7d")
    car.simulator.advance(3)
    assert car.bus.counts[HEART] == 4  # one a second, from the start
    yield car
    car.close()


def samples_after(car, seconds: float = 10) -> int:
    before = car.bus.counts[HEART]
    car.simulator.advance(seconds)
    return car.bus.counts[HEART] - before


def test_a_revoke_the_store_cannot_take_stops_the_sensor_and_is_recorded_once_it_can(heart_car, db_path):
    with writer_holding_the_lock(db_path):
        with pytest.raises(StopNotRecorded, match="stopped, but not recorded yet .*database is locked"):
            heart_car.services.revoke("health_alert")
        assert not heart_car.gate.is_powered("heart_rate_sensor")
        assert samples_after(heart_car) == 0
        noted = SecureElement(db_path).load().stops
        assert [(s.feature, s.profile) for s in noted] == [("health_alert", "driver")]
        # another process meanwhile: it cannot open the store for writing, and fails closed
        other = ivi("bus", "run", "--seconds", "5", "--json", db=db_path)
        assert other.returncode == 1 and json.loads(other.stdout)["samples"][HEART] == 0
    # the lock is gone: the next write records the stop first
    heart_car.services.grant("navigation", "drive")
    history = heart_car.services.store.ledger.history("driver")
    assert [(r.entry.feature, r.entry.action.value) for r in history][-2:] == [
        ("health_alert", "revoke"),
        ("navigation", "grant"),
    ]
    assert SecureElement(db_path).load().stops == ()
    assert samples_after(heart_car) == 0


@pytest.mark.parametrize("damage", [refuse_revokes, drop_receipts], ids=["foreign trigger", "dropped table"])
def test_a_store_damaged_while_the_car_runs_cannot_keep_a_stop_from_stopping(heart_car, db_path, damage):
    damage(db_path)
    with pytest.raises(StopNotRecorded):
        heart_car.services.stop_sensor("heart_rate_sensor")
    assert samples_after(heart_car) == 0
    assert heart_car.services.status()[1].active is False  # health_alert, as the screens show it
    # the next process refuses the store (its schema is not ivi's) and runs with nothing personal
    with pytest.raises(StoreUnavailable, match="outside ivi"):
        open_store(db_path)
    restarted = build_car(db_path, SimulatedClock(T0), fail_closed=True)
    restarted.simulator.advance(10)
    assert restarted.bus.counts[HEART] == 0
    restarted.close()


def test_ignition_off_stops_everything_even_if_the_end_cannot_be_recorded(heart_car, db_path):
    heart_car.services.grant("navigation", "drive")
    with writer_holding_the_lock(db_path), pytest.raises(StopNotRecorded):
        heart_car.services.end_drive()
    assert heart_car.gate.state.powered_sensors == frozenset()
    assert samples_after(heart_car) == 0
    # the next process finds the drive ended (recorded at open), so this drive's consent is gone
    assert "No drive in progress" in ok("consent", "status", db=db_path)
    heart_car.services.start_drive()
    assert heart_car.services.state().active_features == {"health_alert", "adas_perception"}


def test_a_revoke_after_an_ignition_off_not_yet_recorded_is_for_the_driver_it_would_be_once_recorded(
    db_path, monkeypatch
):
    # Found by the consent state machine: the end of alice's drive was carried out but not
    # recorded, and the revoke that followed went to alice, leaving the default driver's on.
    monkeypatch.setenv("IVI_BUSY_TIMEOUT", "0.05")
    car = build_car(db_path, SimulatedClock(T0))
    try:
        car.services.grant("fatigue_alert", "7d")  # no drive: the default driver's
        car.services.start_drive("alice")
        with writer_holding_the_lock(db_path):
            for stop in (car.services.end_drive, lambda: car.services.revoke("fatigue_alert")):
                with pytest.raises(StopNotRecorded):
                    stop()
        car.services.start_drive("driver")
        assert car.gate.state.active_features == {"adas_perception"}
        assert [r.entry.action.value for r in car.services.consent_history("driver")] == ["grant", "revoke"]
    finally:
        car.close()


def test_a_cli_revoke_on_a_locked_store_exits_1_and_the_next_process_samples_nothing(db_path):
    ok("drive", "start", db=db_path)
    ok("consent", "grant", "health_alert", "--duration", "7d", db=db_path)
    with writer_holding_the_lock(db_path):
        result = ivi("consent", "revoke", "health_alert", db=db_path)
        assert result.returncode == 1 and result.stderr.count("\n") == 1
        assert "stopped, but not recorded yet" in result.stderr and "Traceback" not in result.stderr
        assert "  Health alert: off\n" in ok("consent", "status", db=db_path)  # readers see it off
    run = json.loads(ok("bus", "run", "--seconds", "5", "--json", db=db_path))
    assert run["fail_closed"] is None and run["samples"][HEART] == 0
    entries = json.loads(ok("consent", "history", "--json", db=db_path))["entries"]
    assert [e["action"] for e in entries] == ["grant", "revoke"]
