"""Random sequences of grants, revokes, drives, gear changes, clock jumps and profile switches
against the real car on a real SQLite file. After every step: no personal sensor can be on
without a valid consent (checked against a model written here from the rules, not from the
code), and the ledger verifies."""

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ivi.bootstrap import build_car
from ivi.core.clock import SimulatedClock
from ivi.core.errors import GuestConsentLimited, InvalidMotion, NoDriveInProgress, NotParked
from ivi.core.motion import Gear

T0 = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)
FEATURES = ["fatigue_alert", "navigation", "traffic_services", "eco_driving", "remote_cabin_view"]
SENSORS = {  # which consentable features power which personal sensor (DESIGN.md's catalog)
    "driver_camera": {"fatigue_alert"},
    "gnss": {"navigation", "traffic_services"},
    "habit_recorder": {"eco_driving"},
    "cabin_camera": {"remote_cabin_view"},
}
PROFILES = ["driver", "alice", "guest"]
DAYS = {"7d": 7, "90d": 90, "365d": 365}


class ConsentMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.clock = SimulatedClock(T0)
        self.car = build_car(Path(self.folder.name) / "car.db", self.clock)
        self.services = self.car.services
        self.drive: tuple[int, str] | None = None  # (id, profile)
        self.drives = 0
        self.parked = True
        # (profile, feature) -> ("drive", drive id) | ("until", expiry) | None when revoked
        self.consents: dict[tuple[str, str], tuple[str, object] | None] = {}

    def teardown(self) -> None:
        self.car.close()
        self.folder.cleanup()

    # the model

    def expected_active(self) -> set[str]:
        if self.drive is None:
            return set()
        drive_id, profile = self.drive
        now = self.clock.now()
        active = set()
        for (who, feature), consent in self.consents.items():
            if who != profile or consent is None:
                continue
            kind, value = consent
            if (kind == "drive" and value == drive_id) or (kind == "until" and now < value):
                active.add(feature)
        return active

    # what the driver does

    def _started(self, drive, profile) -> None:
        self.drives += 1
        assert drive.id == self.drives and drive.profile == profile
        self.drive, self.parked = (drive.id, profile), True

    @rule(profile=st.sampled_from(PROFILES))
    def start_drive(self, profile):
        self._started(self.services.start_drive(profile), profile)

    @precondition(lambda self: self.drive is not None)
    @rule()
    def end_drive(self):
        self.services.end_drive()
        self.drive, self.parked = None, True  # ignition off: nothing moves

    @precondition(lambda self: self.drive is not None)
    @rule(profile=st.sampled_from(PROFILES))
    def switch_profile(self, profile):
        if not self.parked:
            try:
                self.services.switch_profile(profile)
            except NotParked:
                return
            raise AssertionError("a profile switch was accepted while moving")
        self._started(self.services.switch_profile(profile), profile)

    @precondition(lambda self: self.drive is not None)
    @rule(gear=st.sampled_from(list(Gear)), speed=st.sampled_from([0.0, 0.0, 3.5, 50.0]))
    def set_gear(self, gear, speed):
        if gear is Gear.PARK and speed:
            try:
                self.services.set_motion(gear, speed)
            except InvalidMotion:
                return
            raise AssertionError("P was accepted at speed")
        self.services.set_motion(gear, speed)
        self.parked = gear is Gear.PARK or speed == 0

    @rule(feature=st.sampled_from(FEATURES), duration=st.sampled_from(["drive", "7d", "90d", "365d"]))
    def grant(self, feature, duration):
        profile = self.drive[1] if self.drive else "driver"
        refusal = None
        if not self.parked:
            refusal = NotParked
        elif profile == "guest" and duration != "drive":
            refusal = GuestConsentLimited
        elif duration == "drive" and self.drive is None:
            refusal = NoDriveInProgress
        if refusal:
            try:
                self.services.grant(feature, duration)
            except refusal:
                return
            raise AssertionError(f"a grant was accepted that the rules refuse ({refusal.__name__})")
        self.services.grant(feature, duration)
        now = self.clock.now()
        self.consents[(profile, feature)] = (
            ("drive", self.drive[0]) if duration == "drive" else ("until", now + timedelta(days=DAYS[duration]))
        )

    @rule(feature=st.sampled_from(FEATURES))
    def revoke(self, feature):
        profile = self.drive[1] if self.drive else "driver"
        self.services.revoke(feature)  # accepted moving or not
        self.consents[(profile, feature)] = None

    @rule(seconds=st.sampled_from([1, 3600, 86_400, 6 * 86_400, 7 * 86_400, 89 * 86_400, 400 * 86_400]))
    def time_passes(self, seconds):
        self.clock.set(self.clock.now() + timedelta(seconds=seconds))

    # after every step

    @invariant()
    def no_personal_sensor_without_a_valid_consent(self):
        active = self.expected_active()
        gate = self.car.gate
        assert gate.state.active_features - {"adas_perception"} == active
        for sensor, features in SENSORS.items():
            assert gate.is_powered(sensor) == bool(features & active), sensor
        assert gate.is_powered("exterior_camera") == (self.drive is not None)  # driver assistance

    @invariant()
    def the_ledger_verifies(self):
        assert self.services.store.broken_chain() is None


ConsentMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
test_consent_rules_hold_after_every_step = ConsentMachine.TestCase
