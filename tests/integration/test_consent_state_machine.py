"""Random sequences of grants, revokes, drives, gear changes, clock jumps and profile switches
against the real car on a real SQLite file — and store faults in between: another writer
holding the lock, a full database, a foreign trigger refusing writes, a writer process killed
half way through its transaction. After every step: no personal sensor can be on without a
valid consent, and none after a stop whatever the store did (checked against a model
written here from the rules, not from the code), and the ledger verifies."""

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from helpers import T0
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ivi.bus import signals
from ivi.car import build_car
from ivi.core.clock import SimulatedClock
from ivi.core.errors import GuestConsentLimited, InvalidMotion, NoDriveInProgress, NotParked, StopNotRecorded
from ivi.core.motion import Gear
from ivi.store import StoreUnavailable

FEATURES = ["fatigue_alert", "navigation", "traffic_services", "eco_driving", "remote_cabin_view"]
SENSORS = {  # which consentable features power which personal sensor (the catalog table of docs/architecture.md)
    "driver_camera": {"fatigue_alert"},
    "gnss": {"navigation", "traffic_services"},
    "habit_recorder": {"eco_driving"},
    "cabin_camera": {"remote_cabin_view"},
}
PATHS = {  # what each personal sensor publishes
    "driver_camera": signals.DRIVER_CAMERA_FRAME,
    "gnss": signals.LATITUDE,
    "cabin_camera": signals.CABIN_CAMERA_FRAME,
}
PROFILES = ["driver", "alice", "guest"]
FOREIGN_TRIGGER = (
    "CREATE TRIGGER refuse_writes BEFORE INSERT ON receipts"
    " BEGIN SELECT RAISE(ABORT, 'refused by another program'); END"
)
# A writer that is killed (SIGKILL) in the middle of its transaction, holding the lock.
KILLED_WRITER = """
import sqlite3, sys
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("BEGIN IMMEDIATE")
raw.execute("INSERT INTO car_clock (one, at, ahead_s) VALUES (1, 'x', 0) ON CONFLICT DO UPDATE SET at = 'x'")
print("half", flush=True)
sys.stdin.readline()
"""
DAYS = {"7d": 7, "90d": 90, "365d": 365}


class ConsentMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.clock = SimulatedClock(T0)
        self.db = Path(self.folder.name) / "car.db"
        os.environ["IVI_BUSY_TIMEOUT"] = "0.05"  # read when the store opens: a lock is not waited out
        self.car = build_car(self.db, self.clock)
        self.services = self.car.services
        self.lock_holder: sqlite3.Connection | None = None
        self.fault: str | None = None  # the store fault in force, if any
        self.drive: tuple[int, str] | None = None  # (id, profile)
        self.drives = 0
        self.parked = True
        # (profile, feature) -> ("drive", drive id) | ("until", expiry) | None when revoked
        self.consents: dict[tuple[str, str], tuple[str, object] | None] = {}

    def teardown(self) -> None:
        self.heal()
        self.car.close()
        self.folder.cleanup()
        os.environ.pop("IVI_BUSY_TIMEOUT", None)

    # what the store does

    @precondition(lambda self: self.fault is None)
    @rule(fault=st.sampled_from(["locked", "full", "refusing"]))
    def break_store(self, fault):
        if fault == "locked":
            self.lock_holder = sqlite3.connect(self.db, isolation_level=None)
            self.lock_holder.execute("BEGIN IMMEDIATE")
        elif fault == "full":  # no page more: SQLite answers "database or disk is full"
            pages = self.services.store.db.execute("PRAGMA page_count").fetchone()[0]
            self.services.store.db.execute(f"PRAGMA max_page_count = {pages}")
        else:
            with sqlite3.connect(self.db) as raw:
                raw.execute(FOREIGN_TRIGGER)
        self.fault = fault

    @precondition(lambda self: self.fault is not None)
    @rule()
    def heal(self):
        if self.fault == "locked" and self.lock_holder is not None:
            self.lock_holder.execute("ROLLBACK")
            self.lock_holder.close()
        elif self.fault == "full":
            self.services.store.db.execute("PRAGMA max_page_count = 1073741823")
        elif self.fault == "refusing":
            with sqlite3.connect(self.db) as raw:
                raw.execute("DROP TRIGGER refuse_writes")
        self.fault = None

    @precondition(lambda self: self.fault is None)
    @rule()
    def writer_killed_mid_write(self):
        writer = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(self.db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout.readline() == "half\n"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)

    def _write(self, action) -> bool:
        """A write that expands collection: refused by a faulty store (nothing changes)."""
        try:
            action()
        except StoreUnavailable:
            assert self.fault is not None, "a healthy store refused a write"
            return False
        return True

    def _stop(self, action) -> None:
        """A stop: it stops whatever the store does; only recording it may fail."""
        try:
            action()
        except StopNotRecorded:
            assert self.fault is not None, "a healthy store failed to record a stop"

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
        started = []
        try:
            started.append(self.services.start_drive(profile))
        except (StoreUnavailable, StopNotRecorded):
            assert self.fault is not None
            if self.drive is not None:
                self.drive, self.parked = None, True  # the open drive was stopped all the same
            return
        self._started(started[0], profile)

    @precondition(lambda self: self.drive is not None)
    @rule()
    def end_drive(self):
        self._stop(self.services.end_drive)
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
        self.start_drive(profile)

    @precondition(lambda self: self.drive is not None)
    @rule(gear=st.sampled_from(list(Gear)), speed=st.sampled_from([0.0, 0.0, 3.5, 50.0]))
    def set_gear(self, gear, speed):
        if gear is Gear.PARK and speed:
            try:
                self.services.set_motion(gear, speed)
            except InvalidMotion:
                return
            raise AssertionError("P was accepted at speed")
        if self._write(lambda: self.services.set_motion(gear, speed)):
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
            except StoreUnavailable:
                assert self.fault is not None
                return
            raise AssertionError(f"a grant was accepted that the rules refuse ({refusal.__name__})")
        if not self._write(lambda: self.services.grant(feature, duration)):
            return
        now = self.clock.now()
        self.consents[(profile, feature)] = (
            ("drive", self.drive[0]) if duration == "drive" else ("until", now + timedelta(days=DAYS[duration]))
        )

    @rule(feature=st.sampled_from(FEATURES))
    def revoke(self, feature):
        profile = self.drive[1] if self.drive else "driver"
        self._stop(lambda: self.services.revoke(feature))  # accepted moving or not, recorded or not
        self.consents[(profile, feature)] = None

    @rule(seconds=st.sampled_from([1, 3600, 86_400, 6 * 86_400, 7 * 86_400, 89 * 86_400, 400 * 86_400]))
    def time_passes(self, seconds):
        self.car.simulator.skip(seconds)

    @precondition(lambda self: self.drive is not None)
    @rule()
    def sensors_sample(self):
        """Two seconds of the car running: no sample from a sensor the model has off."""
        active = self.expected_active()
        before = {sensor: self.car.bus.counts[path] for sensor, path in PATHS.items()}
        self.car.simulator.advance(2)
        for sensor, path in PATHS.items():
            if not SENSORS[sensor] & active:
                assert self.car.bus.counts[path] == before[sensor], f"{sensor} sampled after a stop"
        # The simulated vehicle now reports how it really moves (R or N at a set speed, with no
        # drive cycle, comes to a stand): the rules go by that, and so does the model.
        self.parked = self.car.simulator.vehicle.motion.parked

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
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


ConsentMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
test_consent_rules_hold_after_every_step = ConsentMachine.TestCase
