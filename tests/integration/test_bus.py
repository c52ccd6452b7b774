"""The sensor bus against a real store: no personal sample without a valid consent."""

import itertools
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from helpers import T0, counts

from ivi.bus import signals
from ivi.car import build_car
from ivi.core.clock import SimulatedClock
from ivi.core.errors import NotParked
from ivi.core.motion import Gear

PERSONAL = (signals.DRIVER_CAMERA_FRAME, signals.FATIGUE_LEVEL, *signals.LOCATION)


def test_a_fresh_drive_produces_speed_and_no_personal_sample(car):  # CN-01
    car.services.start_drive()
    car.simulator.advance(5)
    assert car.bus.counts[signals.SPEED] == 51  # 10 Hz, both ends included
    assert counts(car, *PERSONAL) == [0] * len(PERSONAL)


def test_nothing_is_sampled_with_the_ignition_off(car):
    car.simulator.advance(5)
    assert sum(car.bus.counts.values()) == 0


def test_consent_powers_the_camera_and_fatigue_flows_tagged_with_its_feature(car):
    car.services.start_drive()
    car.services.grant("fatigue_alert", "7d")
    car.simulator.advance(2)
    assert car.bus.counts[signals.DRIVER_CAMERA_FRAME] == 31  # 15 Hz
    assert car.bus.counts[signals.FATIGUE_LEVEL] == 31
    assert car.bus.latest[signals.FATIGUE_LEVEL].features == {"fatigue_alert"}
    assert car.bus.latest[signals.SPEED].features == frozenset()
    assert counts(car, *signals.LOCATION) == [0, 0, 0]  # navigation was not consented


def test_navigation_consent_powers_gnss_along_the_route(car):
    car.services.start_drive()
    car.services.grant("navigation", "drive")
    car.simulator.advance(60)
    assert counts(car, *signals.LOCATION) == [61, 61, 61]  # 1 Hz
    latitude = car.bus.latest[signals.LATITUDE].value
    assert 31.21 < latitude < 31.24  # Pudong, Shanghai
    assert car.bus.counts[signals.DRIVER_CAMERA_FRAME] == 0


def test_a_revoke_stops_the_camera_before_its_next_sample(car):
    car.services.start_drive()
    car.services.grant("fatigue_alert", "7d")
    car.simulator.advance(1.0)  # frames at 0, 1/15, ..., 15/15 s
    assert car.bus.counts[signals.DRIVER_CAMERA_FRAME] == 16
    car.simulator.advance(0.03)  # between two frames
    car.services.revoke("fatigue_alert")
    car.simulator.advance(10)
    assert car.bus.counts[signals.DRIVER_CAMERA_FRAME] == 16
    assert car.bus.counts[signals.SPEED] == 111  # the car drove on


def test_a_consent_expires_on_the_simulator_clock(car):  # CN-08
    car.services.start_drive()
    car.services.grant("fatigue_alert", "7d")
    car.services.end_drive()
    car.simulator.advance(7 * 24 * 3600 - 60)  # a week parked, ignition off
    car.services.start_drive()
    car.simulator.advance(30)
    assert car.bus.counts[signals.DRIVER_CAMERA_FRAME] == 450  # still valid: 30 s at 15 Hz
    car.simulator.advance(30)  # up to the expiry instant, whose own frame is not taken
    assert car.bus.counts[signals.DRIVER_CAMERA_FRAME] == 450 + 449
    car.simulator.advance(60)
    assert car.bus.counts[signals.DRIVER_CAMERA_FRAME] == 450 + 449
    assert car.gate.state.active_features == {"adas_perception"}  # only what needs no consent
    assert car.bus.counts[signals.SPEED] == 1200  # the car drove on: 120 s at 10 Hz


def test_a_drive_consent_is_gone_at_the_next_drive_and_a_longer_one_stays(car):  # CN-01
    car.services.start_drive()
    car.services.grant("navigation", "drive")
    car.services.grant("fatigue_alert", "90d")
    car.services.end_drive()
    car.services.start_drive()
    assert car.gate.state.powered_sensors == {"vehicle_bus", "exterior_camera", "driver_camera"}
    car.simulator.advance(5)
    assert counts(car, *signals.LOCATION) == [0, 0, 0]


def test_another_profile_does_not_inherit_consents(car):
    car.services.start_drive("alice")
    car.services.grant("fatigue_alert", "365d")
    car.services.start_drive("bob")
    car.simulator.advance(5)
    assert car.bus.counts[signals.DRIVER_CAMERA_FRAME] == 0


def test_the_chip_tap_stops_every_feature_behind_a_sensor(car):  # CN-09
    car.services.start_drive()
    car.services.grant("fatigue_alert", "7d")
    revoked = car.services.stop_sensor("driver_camera")
    assert [e.feature for e in revoked] == ["fatigue_alert"]
    assert not car.gate.is_powered("driver_camera")


def test_a_head_unit_restarted_on_a_damaged_store_keeps_personal_sensors_off(car, db_path):
    car.services.start_drive()
    car.services.grant("fatigue_alert", "7d")
    car.close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TABLE consent_ledger")
    restarted = build_car(db_path, SimulatedClock(T0 + timedelta(minutes=1)), fail_closed=True)
    restarted.simulator.advance(5)
    assert restarted.gate.failure is not None and "consent_ledger" in str(restarted.gate.failure)
    assert restarted.bus.counts[signals.DRIVER_CAMERA_FRAME] == 0
    assert restarted.bus.counts[signals.SPEED] == 51  # the car itself still runs
    restarted.close()


def test_navigation_keeps_the_trip_in_the_inventory_and_deleting_it_is_immediate(car):  # CN-12
    car.services.start_drive()
    car.services.grant("navigation", "7d")
    car.services.grant("fatigue_alert", "7d")
    car.simulator.advance(150)  # 151 fixes at 1 Hz, written once a minute
    car.keeper.flush()
    held = car.services.holdings()
    assert set(held) == {"location"}  # camera frames are analysed and gone, never kept
    assert (held["location"].count, held["location"].bytes) == (151, 151 * 24)
    assert held["location"].last_at - held["location"].first_at == timedelta(seconds=150)
    done = car.services.delete_data("location")
    assert done.deleted.count == 151 and done.request is None  # navigation never sent it out
    assert car.services.holdings() == {}


def test_kept_data_is_purged_past_its_retention_at_ignition_on(car):
    car.services.start_drive()
    car.services.grant("navigation", "365d")
    car.simulator.advance(10)
    car.services.end_drive()  # flushes what was gathered
    assert car.services.holdings()["location"].count == 11
    car.simulator.advance(29 * 86_400)
    car.services.start_drive()
    assert car.services.holdings()["location"].count == 11  # 29 days: still kept
    car.services.end_drive()
    car.simulator.advance(2 * 86_400)
    car.services.start_drive()
    assert car.services.holdings() == {}  # navigation keeps trips 30 days


def test_cn12_deleting_data_that_left_the_car_files_a_request_due_in_ten_working_days(db_path):
    # Asked on the Monday before the 2026 National Day holiday (1-7 October, with Saturday
    # 10 October a make-up working day): 29, 30 Sep, 8, 9, 10, 12, 13, 14, 15, 16 Oct.
    car = build_car(db_path, SimulatedClock(datetime(2026, 9, 28, 2, 0, tzinfo=UTC)))
    car.services.start_drive()
    car.services.grant("traffic_services", "7d")
    done = car.services.delete_data("location")
    assert done.request.features == ("traffic_services",)
    assert done.request.deadline == date(2026, 10, 16)
    assert car.services.deletion_requests() == [done.request]
    car.close()


def test_driving_state_the_car_pulling_away_is_recorded_and_grants_wait_for_a_stop(car):
    car.services.start_drive()
    car.services.set_motion(Gear.DRIVE, 0)
    car.simulator.advance(20)  # waits 15 s at the light, then pulls away
    assert not car.services.motion().parked
    with pytest.raises(NotParked, match="cannot switch on Navigation while the car is moving"):
        car.services.grant("navigation", "7d")
    car.services.revoke("fatigue_alert")  # stopping works at speed
    car.simulator.advance(80)  # brakes to a stop at the next light
    assert car.services.motion().parked
    assert car.services.grant("navigation", "7d").feature == "navigation"


def test_fatigue_rises_slowly_over_a_drive_and_moves_only_while_the_camera_runs(car):
    car.services.start_drive()
    car.services.grant("fatigue_alert", "7d")
    levels = []
    for _ in range(30):  # five minutes: the simulated driver tires towards the half of the cycle
        car.simulator.advance(10)
        levels.append(car.bus.latest[signals.FATIGUE_LEVEL].value)
    assert levels[0] < 20  # rested at the start, whatever the first blinks
    assert max(abs(b - a) for a, b in itertools.pairwise(levels)) < 15  # no jumps
    assert levels[-1] >= 70 and levels[-1] > levels[0] + 50  # drowsy by now: past the alert line
    car.services.revoke("fatigue_alert")
    frames = car.bus.counts[signals.FATIGUE_LEVEL]
    car.simulator.advance(60)
    assert car.bus.counts[signals.FATIGUE_LEVEL] == frames  # camera off: no level at all
    car.services.grant("fatigue_alert", "7d")
    car.simulator.advance(1 / 15)
    assert abs(car.bus.latest[signals.FATIGUE_LEVEL].value - levels[-1]) < 2  # where it was left
