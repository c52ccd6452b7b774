"""Every sensor of the car on the bus (issue 4): rates, the gate at the source, and the
samples each feature is told it serves. Real store, real bus, simulator clock."""

from datetime import timedelta

import pytest
from helpers import T0

from ivi.bus import signals
from ivi.bus.signal_bus import Sample
from ivi.core.motion import Gear

# sensor: (a feature that powers it, the path it publishes, samples a second or None for events)
PERSONAL_SENSORS = {
    "driver_camera": ("fatigue_alert", signals.DRIVER_CAMERA_FRAME, 15),
    "cabin_camera": ("remote_cabin_view", signals.CABIN_CAMERA_FRAME, 15),
    "cabin_microphone": ("voice_assistant", signals.MICROPHONE_AUDIO, 10),
    "heart_rate_sensor": ("health_alert", signals.HEART_RATE, 1),
    "gnss": ("navigation", signals.LATITUDE, 1),
    "habit_recorder": ("eco_driving", signals.HARSH_EVENT, None),
}
CYCLE_S = 188.5  # one city cycle: one harsh acceleration and one harsh braking


def driving(car) -> None:
    car.services.start_drive()
    car.services.set_motion(Gear.DRIVE, 0)


def test_every_signal_flows_at_a_real_rate_once_everything_is_consented(car):
    car.services.start_drive()
    for feature in car.services.catalog.consentable():
        car.services.grant(feature.id, "7d")
    car.services.set_motion(Gear.DRIVE, 0)
    car.simulator.advance(60)
    expected = {
        signals.SPEED: 10,
        signals.GEAR: 1,
        signals.IGNITION: 1,
        signals.LATITUDE: 1,
        signals.DRIVER_CAMERA_FRAME: 15,
        signals.FATIGUE_LEVEL: 15,
        signals.DISTRACTION_LEVEL: 15,
        signals.EYES_ON_ROAD: 15,
        signals.HEART_RATE: 1,
        signals.CABIN_CAMERA_FRAME: 15,
        signals.MICROPHONE_LEVEL: 10,
        signals.MICROPHONE_AUDIO: 10,
        signals.EXTERIOR_CAMERA_FRAME: 15,
    }
    assert {path: car.bus.counts[path] for path in expected} == {p: 60 * hz + 1 for p, hz in expected.items()}
    assert car.bus.latest[signals.GEAR].value == 127  # VSS: drive
    assert car.bus.latest[signals.IGNITION].value == "ON"
    assert len(car.bus.latest[signals.MICROPHONE_AUDIO].value) == 3200  # 100 ms of 16 kHz 16-bit PCM


@pytest.mark.parametrize("sensor", PERSONAL_SENSORS)
def test_cn06_zero_samples_before_consent_and_none_after_revoke(car, sensor):
    feature, path, _ = PERSONAL_SENSORS[sensor]
    driving(car)
    car.simulator.advance(CYCLE_S)
    assert car.bus.counts[path] == 0
    car.services.grant(feature, "7d")
    car.simulator.advance(CYCLE_S)
    produced = car.bus.counts[path]
    assert produced > 0
    car.services.revoke(feature)
    car.simulator.advance(CYCLE_S)
    assert car.bus.counts[path] == produced


@pytest.mark.parametrize("sensor", [s for s, (_, _, hz) in PERSONAL_SENSORS.items() if hz])
def test_a_sensor_samples_at_its_rate_on_the_simulator_clock(car, sensor):
    feature, path, hz = PERSONAL_SENSORS[sensor]
    driving(car)
    car.services.grant(feature, "7d")
    car.simulator.advance(30)
    assert car.bus.counts[path] == 30 * hz + 1
    assert car.clock.now() == T0 + timedelta(seconds=30)


def stop_by(cause: str, car) -> None:
    services = car.services
    if cause == "revoke":
        services.revoke("fatigue_alert")
    elif cause == "drive end":
        services.end_drive()
    elif cause == "profile switch":
        services.switch_profile("guest")


@pytest.mark.parametrize("cause", ["revoke", "drive end", "profile switch"])
def test_a_change_committed_between_two_frames_stops_the_very_next_one(car, cause):
    """The change is made by a bus subscriber in the middle of the simulation, as the UI
    would; no camera frame may carry a time after the change. (Expiry: test_bus.py.)"""
    car.services.start_drive()
    car.services.grant("fatigue_alert", "7d")
    committed = []

    def change_at_five_seconds(speed: Sample) -> None:
        if not committed and speed.at >= T0 + timedelta(seconds=5.05):  # between frames 75 and 76
            stop_by(cause, car)
            committed.append(car.clock.now())

    frames: list[Sample] = []
    car.bus.subscribe(signals.SPEED, change_at_five_seconds)
    car.bus.subscribe(signals.DRIVER_CAMERA_FRAME, frames.append)
    car.simulator.advance(20)
    assert committed
    assert frames and all(frame.at < committed[0] for frame in frames)
    assert frames[-1].at > committed[0] - timedelta(seconds=1 / 15)  # the last one before the change


def test_every_personal_sample_names_the_features_it_serves(car):
    catalog = car.services.catalog
    car.services.start_drive()
    for feature in ("fatigue_alert", "voice_assistant", "traffic_services", "eco_driving"):
        car.services.grant(feature, "7d")
    car.services.set_motion(Gear.DRIVE, 0)
    seen: list[Sample] = []
    for path in signals.ALL_PATHS:
        car.bus.subscribe(path, seen.append)
    car.simulator.advance(CYCLE_S)
    sensor_of = {
        signals.DRIVER_CAMERA_FRAME: "driver_camera",
        signals.FATIGUE_LEVEL: "driver_camera",
        signals.MICROPHONE_AUDIO: "cabin_microphone",
        signals.LATITUDE: "gnss",
        signals.HARSH_EVENT: "habit_recorder",
        signals.EXTERIOR_CAMERA_FRAME: "exterior_camera",
    }
    for sample in seen:
        if sample.path in (signals.SPEED, signals.GEAR, signals.IGNITION):
            assert sample.features == frozenset()
        elif sample.path in sensor_of:
            users = {f.id for f in catalog.features_using(sensor_of[sample.path])}
            assert sample.features and sample.features <= users
    assert car.bus.latest[signals.EXTERIOR_CAMERA_FRAME].features == {"adas_perception"}  # no consent needed
    assert car.bus.latest[signals.LATITUDE].features == {"traffic_services"}


def test_driving_habits_are_derived_from_speed_one_harsh_start_and_stop_a_cycle(car):
    driving(car)
    car.services.grant("eco_driving", "7d")
    events: list[str] = []
    car.bus.subscribe(signals.HARSH_EVENT, lambda sample: events.append(sample.value))
    car.simulator.advance(2 * CYCLE_S)
    assert events == ["acceleration", "braking"] * 2


def test_parked_there_are_no_harsh_events(car):
    car.services.start_drive()
    car.services.grant("eco_driving", "7d")
    car.simulator.advance(CYCLE_S)
    assert car.bus.counts[signals.HARSH_EVENT] == 0


def test_driver_monitoring_sees_the_glances_away_from_the_road(car):
    car.services.start_drive()
    car.services.grant("fatigue_alert", "7d")
    on_road: list[tuple[float, bool]] = []
    car.bus.subscribe(signals.EYES_ON_ROAD, lambda s: on_road.append(((s.at - T0).total_seconds(), s.value)))
    car.simulator.advance(60)
    glancing = [seen for t, seen in on_road if t % 30 > 28.1]  # the driver looks away 28–30 s of each half minute
    ahead = [seen for t, seen in on_road if t % 30 < 27.9]
    assert glancing and not any(glancing)
    assert sum(ahead) / len(ahead) > 0.8  # eyes on the road, but for blinks
    assert car.bus.latest[signals.DISTRACTION_LEVEL].value > 0
