"""The composition root: builds the clock, store, services, gate, bus and sensors.

The UI, the CLI and the tests all assemble the car here, so they run the same parts.
"""

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ivi.bus.dms import FatigueDetector
from ivi.bus.gate import ConsentGate
from ivi.bus.sensors import DriverCamera, GnssReceiver, VehicleBusSensor
from ivi.bus.signal_bus import SignalBus
from ivi.bus.simulator import Simulator
from ivi.bus.vehicle import DriveCycle, Route
from ivi.core.catalog import Catalog
from ivi.core.clock import Clock, SimulatedClock, SystemClock
from ivi.core.errors import InvalidCatalog
from ivi.core.events import EventHub
from ivi.paths import ASSETS_DIR, CATALOG_FILE
from ivi.services import PrivacyService
from ivi.store import open_store

ROUTE_FILE = ASSETS_DIR / "routes" / "shanghai_century_avenue.json"


def default_db_path() -> Path:
    """$IVI_DB, else the car's store under $XDG_DATA_HOME (~/.local/share) /ivi/car.db."""
    if os.environ.get("IVI_DB"):
        return Path(os.environ["IVI_DB"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    folder = data_home / "ivi"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "car.db"


def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InvalidCatalog(str(path), str(error)) from None
    return Catalog.from_dict(data)


def build_services(db_path: Path, clock: Clock | None = None, hub: EventHub | None = None) -> PrivacyService:
    return PrivacyService(open_store(db_path), load_catalog(), clock or SystemClock(), hub or EventHub())


@dataclass
class Car:
    """Everything a running car is made of."""

    clock: SimulatedClock
    hub: EventHub
    services: PrivacyService
    bus: SignalBus
    gate: ConsentGate
    simulator: Simulator
    route: Route

    def close(self) -> None:
        self.services.store.close()


def build_car(db_path: Path, clock: SimulatedClock | None = None) -> Car:
    """A car on the simulator clock (starting now, unless a clock is given)."""
    clock = clock or SimulatedClock(SystemClock().now())
    hub = EventHub()
    services = build_services(db_path, clock, hub)
    bus = SignalBus()
    gate = ConsentGate(services.state, services.catalog, clock, hub)
    FatigueDetector(bus)
    cycle = DriveCycle()
    route = Route.load(ROUTE_FILE)
    sensors = [VehicleBusSensor(cycle), DriverCamera(), GnssReceiver(cycle, route)]
    return Car(clock, hub, services, bus, gate, Simulator(clock, bus, gate, sensors), route)
