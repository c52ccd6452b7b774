"""A stop made by another process reaches a running car before its next sample (CN-06).

The car runs in this process on a real SQLite file; the stops come from `ivi` run as a
separate process, as a driver's phone app or a second shell would. The car looks for a
change of the record (SQLite's `PRAGMA data_version`) and of the secure element (a stop
noted there when the database could not take it) before every sample of a sensor, so once
the command has returned not one more sample is taken."""

import sqlite3

from helpers import T0, counts, ivi

from ivi.bus import signals
from ivi.car import build_car
from ivi.core.clock import SimulatedClock
from ivi.core.events import RecordChangedElsewhere, SensorsChanged

HEART = signals.HEART_RATE
LATITUDE = signals.LATITUDE


def _running(car, *features: str) -> None:
    car.services.start_drive()
    for feature in features:
        car.services.grant(feature, "7d")
    car.simulator.advance(5)


def test_a_revoke_from_another_process_stops_the_running_car_before_its_next_sample(car, db_path):
    _running(car, "health_alert", "navigation")
    assert counts(car, HEART, LATITUDE)[0] > 0
    done = ivi("consent", "revoke", "health_alert", db=db_path, process=True)
    assert done.returncode == 0, done.stderr
    heart, location = counts(car, HEART, LATITUDE)
    car.simulator.advance(60)
    after_heart, after_location = counts(car, HEART, LATITUDE)
    assert after_heart == heart  # not one sample once the command returned
    assert after_location > location  # what was not revoked goes on
    assert "heart_rate_sensor" not in car.gate.state.powered_sensors


def test_a_drive_ended_by_another_process_stops_every_personal_sensor(car, db_path):
    _running(car, "navigation", "health_alert")
    seen: list[object] = []
    car.hub.subscribe(RecordChangedElsewhere, seen.append)
    done = ivi("drive", "end", db=db_path, process=True)
    assert done.returncode == 0, done.stderr
    before = counts(car, HEART, LATITUDE)
    car.simulator.advance(60)
    assert counts(car, HEART, LATITUDE) == before
    assert car.services.current_drive() is None
    assert seen, "the head unit is told the record changed elsewhere (to show the ignition off)"


def test_a_grant_from_another_process_reaches_the_running_car_too(car, db_path):
    _running(car)
    powered: list[frozenset[str]] = []
    car.hub.subscribe(SensorsChanged, lambda event: powered.append(event.powered))
    assert counts(car, HEART) == [0]
    done = ivi("consent", "grant", "health_alert", "--duration", "7d", db=db_path, process=True)
    assert done.returncode == 0, done.stderr
    car.simulator.advance(5)
    assert counts(car, HEART)[0] > 0
    assert "heart_rate_sensor" in powered[-1]


def test_a_stop_noted_in_the_secure_element_reaches_the_running_car(car, db_path):
    """Another writer holds the database: the revoke cannot be recorded, so it is noted in the
    secure element, and the running car, which cannot record it either, keeps it off."""
    _running(car, "health_alert")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = ivi("consent", "revoke", "health_alert", db=db_path, process=True)
        assert done.returncode == 1 and "stays off" in done.stderr, done.stderr
        before = counts(car, HEART)
        car.simulator.advance(30)
        assert counts(car, HEART) == before
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # the next write of any process records it; a grant after that switches it on again
    done = ivi("consent", "grant", "health_alert", "--duration", "7d", db=db_path, process=True)
    assert done.returncode == 0, done.stderr
    assert [e.entry.action.value for e in car.services.consent_history("driver")][-3:] == ["grant", "revoke", "grant"]
    car.simulator.advance(5)
    assert counts(car, HEART) > before


def test_the_guard_sends_nothing_for_a_feature_revoked_elsewhere(car, db_path):
    """What was collected before the revoke does not leave after it."""
    _running(car, "traffic_services")
    done = ivi("consent", "revoke", "traffic_services", db=db_path, process=True)
    assert done.returncode == 0, done.stderr
    assert "traffic_services" not in car.gate.state.active_features


def test_a_car_failed_closed_does_not_read_again_at_every_look(tmp_path):
    """A store that cannot be opened cannot say whether another process changed it either: the
    car stays failed closed, reads nothing again and tells the head unit nothing new at every
    sample (that would redraw its lists at every frame)."""
    corrupt = tmp_path / "car.db"
    corrupt.write_text("not a database")
    car = build_car(corrupt, SimulatedClock(T0), fail_closed=True)
    told: list[object] = []
    car.hub.subscribe(RecordChangedElsewhere, told.append)
    for _ in range(20):
        car.simulator.advance(0.5)
    assert car.gate.failure is not None and car.gate.state.powered_sensors <= {"vehicle_bus"}
    assert len(told) <= 1
    car.close()


def test_a_row_forged_while_the_car_runs_is_not_believed(car, db_path):
    """Another program turns the revoke into a grant, by hand: the running car verifies what
    changed before believing it, and fails closed, as a car started on that file would."""
    _running(car, "health_alert", "fatigue_alert")
    car.services.revoke("fatigue_alert")
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TRIGGER consent_ledger_no_update")
        raw.execute(
            "UPDATE consent_ledger SET action = 'grant', duration = '365d', expires_at = '2099-01-01T00:00:00+00:00'"
            " WHERE id = (SELECT max(id) FROM consent_ledger)"
        )
    before = counts(car, HEART, signals.FATIGUE_LEVEL)
    car.simulator.advance(30)
    assert counts(car, HEART, signals.FATIGUE_LEVEL) == before  # nothing personal samples
    assert "ledger entry" in str(car.gate.failure)
    car.simulator.advance(5)
    assert counts(car, HEART, signals.FATIGUE_LEVEL) == before  # and it stays so
