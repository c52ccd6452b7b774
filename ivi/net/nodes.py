"""The processes of the car's network, each run until it is told to stop: the router (the
network itself), the head unit (granting consent leases from the car's record), a sensor ECU
(one group of sensors), the T-Box, and, off the car, the cloud and a recorder in front of it.

Each prints one line when it is ready, so that whoever started it knows when
(`ivi.net.car_network` starts them all around a head unit in its own process).
"""

import ctypes
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

from ivi.bootstrap import build_services
from ivi.bus.gate import ConsentGate
from ivi.core.clock import SimulatedClock
from ivi.core.errors import IviError
from ivi.core.events import EventHub
from ivi.core.text import Text
from ivi.net import READY
from ivi.net.lease_office import LeaseOffice
from ivi.net.link import HEAD_UNIT_USER, TBOX_USER, ecu_user, open_client, open_router, users
from ivi.net.sensor_ecu import SensorEcu
from ivi.net.tbox import Tbox


class NetworkFailed(IviError):
    """A node of the network did not start: every one started is stopped again."""


PR_SET_PDEATHSIG = 1  # linux/prctl.h
TICK_S = 0.005  # the head unit reads the gate this often: a stop leaves within it


def passwords(db_path: Path, *users: str) -> list[str]:
    """The passwords these users log in to the car's network with, read without writing."""
    services = build_services(db_path, create=False, read_only=True)
    try:
        return [services.network_password(user) for user in users]
    finally:
        services.close()


def run_router(db_path: Path, listen: str, stop: threading.Event, say=print) -> None:
    everyone = ["router", *users()]
    by_user = dict(zip(everyone, passwords(db_path, *everyone)))
    session = open_router(listen, by_user.__getitem__)
    say(READY)
    try:
        stop.wait()
    finally:
        session.close()


def run_head_unit(db_path: Path, router: str, stop: threading.Event, say=print) -> None:
    # On the network first (its password read without writing anything), so that a network it
    # cannot reach leaves the record's folder as it was; then the record, as the car opens it.
    [password] = passwords(db_path, HEAD_UNIT_USER)
    session = open_client(router, HEAD_UNIT_USER, password)
    clock = SimulatedClock(datetime.now(UTC))  # set to the wall clock at every tick
    hub = EventHub()
    try:
        services = build_services(db_path, clock, hub, create=False)
    except IviError:
        session.close()
        raise
    gate = ConsentGate(services.state, services.changed_elsewhere, services.catalog, clock, hub)
    office = LeaseOffice(session, gate, services.catalog, services.lease)
    say(READY)
    try:
        while not stop.is_set():
            clock.set(datetime.now(UTC))
            office.tick()
            stop.wait(TICK_S)
    finally:
        office.close()
        session.close()
        services.close()


def run_sensor_ecu(
    db_path: Path, group: str, router: str, stop: threading.Event, say=print, on_demand: bool = False
) -> None:
    # The ECU was given the car's lease key when the car was made: here, read from the record.
    services = build_services(db_path, create=False, read_only=True)
    key, password = services.lease_key(), services.network_password(ecu_user(group))
    services.close()
    session = open_client(router, ecu_user(group), password)
    ecu = SensorEcu(session, group, key, on_demand=on_demand)
    say(READY)
    try:
        while not stop.is_set():
            stop.wait(0.02 if on_demand else min(0.02, ecu.step()))
    finally:
        ecu.close()
        session.close()


def run_tbox(db_path: Path, router: str, cloud: str, stop: threading.Event, say=print) -> None:
    [password] = passwords(db_path, TBOX_USER)
    session = open_client(router, TBOX_USER, password)
    tbox = Tbox(session, cloud)
    say(READY)
    try:
        tbox.run(stop)
    finally:
        tbox.close()
        session.close()


def _spawn(command: list[str]) -> subprocess.Popen:
    # What a node says on stderr goes to a file nobody has to drain: a pipe left unread would
    # fill and stop the node at its next word (Zenoh's own errors, a server's log).
    errors = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "ivi", "ecu", *command],
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    process.errors = errors  # read if it does not start
    return process


def _die_with_parent() -> None:
    """In the child, before ivi starts: the kernel sends it SIGTERM when whoever started it dies,
    however it dies (kill -9 too), so that no node outlives the car it belongs to."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _wait_ready(process: subprocess.Popen, node: str) -> None:
    if process.stdout.readline().strip() != READY:
        process.wait()
        process.errors.seek(0)
        why = process.errors.read().strip().removeprefix("ivi: ")
        raise NetworkFailed(Text("%(node)s did not start: %(why)s", node=node, why=why))


def stop_all(processes: list[subprocess.Popen]) -> None:
    """Stop every process, newest first; one that does not stop in 5 s is killed."""
    for process in reversed(processes):
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        process.errors.close()


def start_all(commands: list[list[str]], processes: list[subprocess.Popen]) -> None:
    """Start the commands side by side (each takes a while to import), then wait for each to
    be ready; every process started is in `processes`, for `stop_all`, even if one fails."""
    started = []
    for command in commands:
        started.append((_spawn(command), command[0]))
        processes.append(started[-1][0])
    for process, node in started:
        _wait_ready(process, node)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
