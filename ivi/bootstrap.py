"""The composition root: builds the clock, store, services, gate, bus and sensors.

The UI, the CLI and the tests all assemble the car here, so they run the same parts.
"""

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

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
from ivi.core.catalog import Catalog
from ivi.core.clock import SimulatedClock, SystemClock
from ivi.core.errors import InvalidCatalog, IviError, StopNotRecorded
from ivi.core.events import EventHub
from ivi.core.motion import PARKED, Motion
from ivi.core.stops import Stop
from ivi.core.text import Text, refused_by_system
from ivi.paths import ASSETS_DIR, CATALOG_FILE
from ivi.services import PrivacyService
from ivi.store import CarStore, StoreFull, StoreUnavailable, open_store
from ivi.store.secure_element import Reserve

ROUTE_FILE = ASSETS_DIR / "routes" / "shanghai_century_avenue.json"


def default_db_path(*, make_folder: bool = True) -> Path:
    """$IVI_DB, else the car's store under $XDG_DATA_HOME (~/.local/share) /ivi/car.db. The
    folder is made only for a command that writes (`make_folder`)."""
    if os.environ.get("IVI_DB"):
        return Path(os.environ["IVI_DB"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    folder = data_home / "ivi"
    if make_folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(str(folder / "car.db"), refused_by_system(error)) from None
    return folder / "car.db"


def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidCatalog(str(path), refused_by_system(error)) from None
    except tomllib.TOMLDecodeError as error:
        # tomllib's own words (English) in brackets, as for SQLite's and the system's
        raise InvalidCatalog(str(path), Text("not valid TOML (%(toml)s)", toml=str(error))) from None
    return Catalog.from_dict(data)


def build_services(
    db_path: Path,
    clock: SimulatedClock | None = None,
    hub: EventHub | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
    stopping: bool = False,
) -> PrivacyService:
    """Services over the store at `db_path`: `create=False` refuses a missing database,
    `read_only` opens it without writing anything (for commands that only read), and
    `stopping` (for a command that stops collection) lets a full disk give up the space held
    in reserve for stops (`car.db.reserve`)."""
    catalog = load_catalog()
    try:
        store = open_store(db_path, create=create, read_only=read_only)
    except StoreFull:
        if not stopping or not Reserve(db_path).release():
            raise
        store = open_store(db_path, create=create, read_only=read_only)
    try:
        return PrivacyService(store, catalog, car_clock(store, clock), hub or EventHub())
    except StoreUnavailable:
        store.close()
        raise


def note_stop(db_path: Path, failure: StoreUnavailable, stops: Callable[[PrivacyService], list[Stop]]) -> IviError:
    """A stop asked of a store that cannot take a write now (locked past the busy timeout,
    disk full, read-only): the stop is noted in the secure element if the store can still be
    read and trusted, so that the next process keeps it off and the next write records it.
    Returns the error to report; a store that cannot even be read is refused by every
    process, which keeps everything personal off."""
    try:
        services = build_services(db_path, create=False, read_only=True)
    except StoreUnavailable:
        return failure
    try:
        noted = stops(services)
        kept = services.store.keep_pending(noted) if noted else False
    finally:
        services.store.close()
    return StopNotRecorded(failure.message, kept) if noted else failure


def car_clock(store: CarStore, clock: SimulatedClock | None = None) -> SimulatedClock:
    """The simulator's clock, never behind anything the car recorded. A new one starts at the
    system's time plus how far the car's clock had been run ahead (fast-forward); a given one
    is moved up to the newest record if it is behind it."""
    if clock is None:
        clock = SimulatedClock(SystemClock().now() + timedelta(seconds=store.clock_ahead_s()))
    last = store.last_moment()
    if last is not None and clock.now() < last:
        clock.set(last)
    return clock


class UnavailableStore:
    """Stands in for a store that could not be opened: any call through it (`store.x()`,
    `store.ledger.y()`) fails as the opening did, so a car built on it runs with everything
    personal off (fail closed)."""

    def __init__(self, error: StoreUnavailable):
        self.error = error

    def close(self) -> None:
        pass

    def __getattr__(self, _name: str) -> "UnavailableStore":
        return self

    def __call__(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise self.error


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
        services = PrivacyService(UnavailableStore(error), load_catalog(), clock, hub)  # type: ignore[arg-type]
    clock = services.clock
    catalog, store = services.catalog, services.store
    bus = SignalBus()
    gate = ConsentGate(services.state, catalog, clock, hub)
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
    keeper = DataKeeper(bus, catalog, hub, store.current_drive, services.keep)
    vehicle = Vehicle(DriveCycle(), _stored_motion(services).gear)
    motion = MotionReporter(bus, hub, vehicle, services.set_motion)
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


def _stored_motion(services: PrivacyService) -> Motion:
    try:
        return services.motion()
    except StoreUnavailable:
        return PARKED
