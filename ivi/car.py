"""The composition root, second half: the running car. On the services of `ivi.bootstrap` it
builds the signal bus, the consent gate, the sensors and their simulator, in-car processing
and the egress guard, and wires who hears which domain event in one table (`EVENTS`).

The UI, the CLI's `bus run` and the tests all assemble the car here, so they run the same parts.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ivi.bootstrap import build_services, load_catalog
from ivi.bus.anonymiser import Anonymiser
from ivi.bus.dms import DriverMonitor
from ivi.bus.driver_model import Driver
from ivi.bus.egress_guard import EgressGuard
from ivi.bus.gate import ConsentGate
from ivi.bus.incidents import IncidentRecorder
from ivi.bus.keeper import DataKeeper
from ivi.bus.mint import Mint
from ivi.bus.motion_reporter import MotionReporter
from ivi.bus.sensors import (
    CabinCamera,
    DriverCamera,
    ExteriorCamera,
    GnssReceiver,
    HabitRecorder,
    HeartRateSensor,
    Microphone,
    PowertrainSensor,
    SpeedSensor,
)
from ivi.bus.signal_bus import SignalBus
from ivi.bus.simulator import Simulator
from ivi.bus.street_scene import StreetScene
from ivi.bus.uploads import CloudVoice, DrivingScoreReporter, RemoteCabinView, TrafficReporter
from ivi.bus.vehicle import DriveCycle, Route, Vehicle
from ivi.core.clock import SimulatedClock, SystemClock
from ivi.core.events import ConsentChanged, DriveEnded, DriveStarted, EventHub, MotionChanged, StopsChanged
from ivi.core.motion import PARKED, Motion
from ivi.paths import ASSETS_DIR
from ivi.services.privacy import PrivacyService
from ivi.store.closed import ClosedStore
from ivi.store.errors import StoreUnavailable

ROUTE_FILE = ASSETS_DIR / "routes" / "shanghai_century_avenue.json"


@dataclass
class Car:
    """Everything a running car is made of."""

    clock: SimulatedClock
    hub: EventHub
    services: PrivacyService
    bus: SignalBus
    gate: ConsentGate
    guard: EgressGuard
    incidents: IncidentRecorder
    keeper: DataKeeper
    motion: MotionReporter
    simulator: Simulator
    route: Route
    opened_at: datetime  # where the clock stood when the car was built

    def fast_forward(self, seconds: float) -> None:
        """Jump the simulator clock: consents that end meanwhile end, and the car keeps the
        time, so that a restarted car goes on from there."""
        self.simulator.skip(seconds)
        self._keep_time()

    def close(self) -> None:
        """Write what the simulation leaves behind (kept data, the car's last motion and
        time) and close."""
        self.keeper.flush()
        self.motion.report()
        self._keep_time()
        self.services.store.close()

    def _keep_time(self) -> None:
        if self.clock.now() == self.opened_at:
            return  # the clock did not move: nothing to keep (a command that failed writes nothing)
        try:
            self.services.keep_time()
        except StoreUnavailable:
            pass  # a car failed closed keeps nothing; its next start goes by what is recorded


def build_car(
    db_path: Path, clock: SimulatedClock | None = None, *, fail_closed: bool = False, create: bool = True
) -> Car:
    """A car on the simulator clock (starting now, unless a clock is given).

    With `fail_closed`, a store that cannot be opened does not stop the car: it runs with
    every personal sensor off, and `car.gate.failure` says why."""
    hub = EventHub()
    try:
        services = build_services(db_path, clock, hub, create=create)
    except StoreUnavailable as error:
        if not fail_closed:
            raise
        clock = clock or SimulatedClock(SystemClock().now())
        services = PrivacyService(ClosedStore(error), load_catalog(), clock, hub)
    clock = services.clock
    catalog, store = services.catalog, services.store
    bus = SignalBus()
    gate = ConsentGate(services.state, services.changed_elsewhere, catalog, clock, hub)
    mint = Mint()  # the car's own payloads: its pipelines make them, the guard tells them apart
    guard = EgressGuard(
        catalog,
        clock,
        lambda: gate.state.active_features,
        store.current_drive,
        store.identity,
        services.log_egress,
        mint,
    )
    DriverMonitor(bus)
    for uploader in (TrafficReporter, DrivingScoreReporter, RemoteCabinView, CloudVoice):
        uploader(bus, catalog, guard, mint)
    incidents = IncidentRecorder(bus, catalog, guard, mint, Anonymiser(), store.current_drive, services.keep)
    keeper = DataKeeper(bus, catalog, store.current_drive, services.keep)
    vehicle = Vehicle(DriveCycle(), _stored_motion(services).gear)
    motion = MotionReporter(bus, vehicle, services.set_motion)
    for event, listener in events(gate, keeper, motion):
        hub.subscribe(event, listener)
    route = Route.load(ROUTE_FILE)
    driver = Driver()
    sensors = [
        SpeedSensor(vehicle),
        PowertrainSensor(vehicle),
        DriverCamera(driver),
        CabinCamera(),
        Microphone(driver),
        HeartRateSensor(driver),
        GnssReceiver(vehicle, route, catalog),
        HabitRecorder(vehicle),
        ExteriorCamera(StreetScene()),
    ]
    simulator = Simulator(clock, bus, gate, vehicle, sensors)
    return Car(clock, hub, services, bus, gate, guard, incidents, keeper, motion, simulator, route, clock.now())


def events(gate: ConsentGate, keeper: DataKeeper, motion: MotionReporter) -> list[tuple[type, Callable]]:
    """Who hears which domain event, in the order they hear it. A stop, a consent or a new or
    ended drive makes the gate read what may run again, before anything else acts on it."""
    return [
        (StopsChanged, gate.on_record_changed),
        (ConsentChanged, gate.on_record_changed),
        (DriveStarted, gate.on_record_changed),
        (DriveEnded, gate.on_record_changed),
        (DriveStarted, keeper.on_drive_started),
        (DriveEnded, keeper.on_drive_ended),  # what the drive kept is written as it ends
        (MotionChanged, motion.on_motion),
        (DriveStarted, motion.on_drive_started),  # every drive starts parked
    ]


def _stored_motion(services: PrivacyService) -> Motion:
    try:
        return services.motion()
    except StoreUnavailable:
        return PARKED
