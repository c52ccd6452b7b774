"""The car's network around a head unit that runs in this process (`ivi demo --ecus`, the
test kit, `ivi conformance --ecus`): the router, a sensor ECU per group sampling on the head
unit's clock, the T-Box, and off the car the cloud with a recorder in front of it, each an
`ivi ecu ...` process of its own.

What the cloud received is in `folder/cloud.db` (all it ever received), every byte the T-Box
sent it in `folder/capture/run-NNNN/` (a folder each time the network runs); `outbound` reads
and checks them (`ivi.net.traffic`).
"""

import subprocess
import time
from pathlib import Path

from ivi.car import Car
from ivi.net import cloud
from ivi.net.head_unit_link import HeadUnitLink
from ivi.net.link import HEAD_UNIT_USER, open_client
from ivi.net.nodes import free_port, passwords, start_all, stop_all
from ivi.net.sensor_ecu import GROUPS
from ivi.net.traffic import Traffic, check, from_deliveries, read_capture

SETTLE_S = 10.0  # how long the cloud may take to have every parcel the guard let out


class CarNetwork:
    def __init__(self, db_path: Path, folder: Path):
        self.folder = folder
        self.cloud_store = folder / "cloud.db"
        runs = folder / "capture"
        self.capture = runs / f"run-{len(list(runs.glob('run-*'))) + 1:04d}" if runs.is_dir() else runs / "run-0001"
        self._held_before = cloud.received(self.cloud_store)
        self.router = f"tcp/127.0.0.1:{free_port()}"
        db, cloud_at, recorder_at = str(db_path), f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
        self._processes: list[subprocess.Popen] = []
        self._link: HeadUnitLink | None = None
        [self._password] = passwords(db_path, HEAD_UNIT_USER)  # a record it cannot use: refused before any folder
        folder.mkdir(parents=True, exist_ok=True)
        nodes = [["sensors", group, "--on-demand", "--db", db, "--router", self.router] for group in GROUPS]
        nodes += [
            ["cloud", "--store", str(self.cloud_store), "--listen", cloud_at],
            ["recorder", "--listen", recorder_at, "--to", cloud_at, "--out", str(self.capture)],
            ["t-box", "--db", db, "--router", self.router, "--cloud", f"http://{recorder_at}"],
        ]
        nodes.insert(0, ["router", "--db", db, "--listen", self.router])
        try:
            start_all(nodes[:1], self._processes)  # the network first: the others log in to it
            start_all(nodes[1:], self._processes)
        except BaseException:
            stop_all(self._processes)
            raise
        # by name ("router", "sensors cabin", "t-box", ...): for a fault test to stop one
        self.nodes = {" ".join(c[:2]) if c[0] == "sensors" else c[0]: p for c, p in zip(nodes, self._processes)}

    def connect(self, car: Car) -> HeadUnitLink:
        """Put the car's head unit on the network: its personal sensors are now the ECUs'."""
        self._link = HeadUnitLink(car, open_client(self.router, HEAD_UNIT_USER, self._password))
        return self._link

    def settle(self, parcels: int) -> int:
        """Wait (up to SETTLE_S) until the cloud holds the `parcels` sent since the network
        started; how many of them it holds."""
        deadline = time.monotonic() + SETTLE_S
        while (held := cloud.received(self.cloud_store) - self._held_before) < parcels and time.monotonic() < deadline:
            time.sleep(0.02)
        return held

    def close(self) -> None:
        try:
            if self._link is not None:
                self._link.close()
        finally:
            stop_all(self._processes)


def beside(db_path: Path) -> Path:
    """Where a car's network keeps its cloud's store and its captures: beside its database."""
    return db_path.parent / f"{db_path.stem}-network"


def outbound(car: Car, network: CarNetwork | None) -> Traffic:
    """What left the car, checked (`ivi.net.traffic`): on the car's network, every request the
    recorder captured between the T-Box and the cloud since the network started, once the cloud
    holds every parcel the guard let out; in one process, those parcels as the T-Box would send
    them."""
    if network is None:
        traffic = from_deliveries(list(car.guard.received))
    else:
        network.settle(car.guard.counts.allowed)
        traffic = read_capture(network.capture)
    services = car.services
    drive = services.current_drive()
    profiles = {a.profile for a in services.egress_log() if a.profile} | ({drive.profile} if drive else set())
    return check(traffic, services.catalog, services.vin(), profiles)
