"""The car as a network (issue 30, first part): the head unit and a sensor ECU as separate
processes on Zenoh; the ECU publishes a personal signal only under a valid consent lease, and
stops within the lease's life at a revoke, a killed or frozen head unit, and never publishes
under a forged, replayed or skewed lease."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import zenoh
from helpers import ivi

from ivi.bootstrap import build_services
from ivi.core.lease import TTL_S, granted
from ivi.net.link import (
    HEAD_UNIT_USER,
    LINK_LEASE_MS,
    MONITOR_USER,
    PARCELS,
    TBOX_USER,
    ecu_user,
    lease_key_expr,
    open_client,
    parcel_key_expr,
    sample_key_expr,
    signal_key_expr,
)
from ivi.net.nodes import free_port, passwords

DRIVER_FRAMES = signal_key_expr("Vehicle.Cabin.Camera.Driver.Frame")
SLACK_S = 0.15  # a loaded machine's scheduling, on top of the bound


def node(*args: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "ivi", "ecu", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = process.stdout.readline().strip()
    assert line == "ready", process.stderr.read() if process.poll() is not None else line
    return process


class Network:
    """The network, a head unit and a cabin sensor ECU, and an observer that notes when each
    frame arrives."""

    def __init__(self, db: Path):
        self.db, self.router = db, f"tcp/127.0.0.1:{free_port()}"
        self.network = node("router", "--db", str(db), "--listen", self.router)
        self.head_unit = node("head-unit", "--db", str(db), "--router", self.router)
        self.ecu = node("sensors", "cabin", "--db", str(db), "--router", self.router)
        self.session = open_client(self.router, MONITOR_USER, passwords(db, MONITOR_USER)[0])
        # A rogue holding the head unit's own password: the ECU's checks are the second line.
        self.compromised = open_client(self.router, HEAD_UNIT_USER, passwords(db, HEAD_UNIT_USER)[0])
        self.arrived: list[float] = []
        self._frames = self.session.declare_subscriber(DRIVER_FRAMES, lambda _s: self.arrived.append(time.monotonic()))

    def frames_within(self, seconds: float) -> int:
        start = time.monotonic()
        time.sleep(seconds)
        return sum(t >= start for t in self.arrived)

    def last_frame_after(self, moment: float, wait: float) -> float | None:
        time.sleep(wait)
        later = [t - moment for t in self.arrived if t >= moment]
        return max(later) if later else None

    def close(self) -> None:
        self._frames.undeclare()
        self.session.close()
        self.compromised.close()
        for process in (self.ecu, self.head_unit, self.network):
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()


@pytest.fixture
def network(tmp_path):
    db = tmp_path / "car.db"
    assert ivi("drive", "start", db=db, process=True).returncode == 0
    net = Network(db)
    yield net
    net.close()


def grant(db: Path) -> None:
    assert ivi("consent", "grant", "fatigue_alert", "--duration", "7d", db=db, process=True).returncode == 0


def revoke(db: Path) -> float:
    """Revoke from another process; when that process returned."""
    assert ivi("consent", "revoke", "fatigue_alert", db=db, process=True).returncode == 0
    return time.monotonic()


def rogue_lease(db: Path, key: bytes | None = None, issued_in: float = 0.0) -> bytes:
    services = build_services(db, create=False, read_only=True)
    real_key = services.lease_key()
    services.close()
    now = time.time() + issued_in
    return granted("driver_camera", ("fatigue_alert",), "x", ("n",), "h", now, key or real_key).encode()


def test_only_a_valid_lease_lets_the_sensor_publish_and_a_revoke_elsewhere_stops_it_within_its_life(network):
    rogue = network.compromised.declare_publisher(lease_key_expr("driver_camera"))
    forged = rogue_lease(network.db, key=b"not the car's key".ljust(32, b"!"))
    skewed = rogue_lease(network.db, issued_in=5.0)  # signed right, by a clock 5 s ahead
    for lease in [forged, skewed] * 5:
        rogue.put(lease)
        time.sleep(0.03)
    assert network.frames_within(0.5) == 0  # no consent, and nothing a rogue says changes that

    captured: list[bytes] = []
    listening = network.session.declare_subscriber(
        lease_key_expr("driver_camera"), lambda sample: captured.append(sample.payload.to_bytes())
    )
    grant(network.db)
    assert network.frames_within(1.0) >= 8  # 15 a second, once the lease arrives
    returned = revoke(network.db)
    last = network.last_frame_after(returned, 0.8)
    assert last is None or last <= TTL_S  # in practice the stop arrives at once
    listening.undeclare()

    granted_leases = [lease for lease in captured if b'"features":["fatigue_alert"]' in lease]
    for lease in granted_leases[-3:]:  # the newest leases it was given, sent again after the revoke
        rogue.put(lease)
    assert network.frames_within(0.5) == 0
    rogue.undeclare()


def test_a_frozen_or_killed_head_unit_silences_the_sensor_within_the_bound(network):
    grant(network.db)
    assert network.frames_within(1.0) >= 8
    os.kill(network.head_unit.pid, signal.SIGSTOP)  # no renewal, no keep-alive: as if the link were cut
    frozen = time.monotonic()
    try:
        last = network.last_frame_after(frozen, 1.0)
        assert last is None or last <= TTL_S + SLACK_S  # the lease ends
        assert network.frames_within(0.3) == 0
    finally:
        os.kill(network.head_unit.pid, signal.SIGCONT)
    assert network.frames_within(1.2) >= 5  # thawed: leases again

    network.head_unit.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    last = network.last_frame_after(killed, 1.0)
    # Its link closes with it, so the network drops its token at once; at worst the lease ends.
    assert last is None or last <= min(TTL_S, LINK_LEASE_MS / 1000) + SLACK_S
    assert network.frames_within(0.3) == 0


def test_the_network_lets_in_only_the_cars_nodes_and_each_only_says_its_part(network):
    with pytest.raises(Exception, match="Unable to connect"):
        open_client(network.router, MONITOR_USER, "not its password")
    grant(network.db)
    assert network.frames_within(1.0) >= 8
    seen: list[bytes] = []
    head_unit_view = network.compromised.declare_subscriber(DRIVER_FRAMES, lambda s: seen.append(s.payload.to_bytes()))
    # The monitor may listen, not speak: a stop it sends never reaches the ECU, a frame it
    # forges never reaches anyone else.
    stop = network.session.declare_publisher(lease_key_expr("driver_camera"))
    forged_frame = network.session.declare_publisher(DRIVER_FRAMES)
    for _ in range(5):
        stop.put(rogue_lease(network.db, key=b"k" * 32))  # were it let by, the ECU would stop at it
        forged_frame.put(b"Bnot a camera")
        time.sleep(0.05)
    assert network.frames_within(0.5) >= 5  # the ECU went on: nothing reached it
    assert seen and b"Bnot a camera" not in seen
    head_unit_view.undeclare()


def test_only_the_head_unit_may_hand_the_tbox_a_parcel_or_ask_an_ecu_for_a_sample(network):
    handed: list[bytes] = []
    tbox = open_client(network.router, TBOX_USER, passwords(network.db, TBOX_USER)[0])
    carried = tbox.declare_subscriber(f"{PARCELS}/*", lambda s: handed.append(s.payload.to_bytes()))
    ecu = open_client(network.router, ecu_user("cabin"), passwords(network.db, ecu_user("cabin"))[0])
    # the front camera's ECU, sampling when asked: on for driver assistance, its lease held
    front = node("sensors", "exterior", "--on-demand", "--db", str(network.db), "--router", network.router)
    question = {"t": 0.0, "features": ["adas_perception"], "distance_m": 0.0}

    def answers(session) -> int:
        key = sample_key_expr("exterior", "exterior_camera")
        replies = session.get(key, payload=json.dumps(question), accept_replies=zenoh.ReplyKeyExpr.ANY, timeout=1)
        return sum(reply.ok is not None for reply in replies)

    try:
        assert answers(network.compromised) == 1  # the head unit's password: a frame
        for rogue in (network.session, ecu):  # the monitor and a sensor ECU: no frame, no parcel carried
            assert answers(rogue) == 0
            rogue.put(parcel_key_expr("cn-traffic"), b"a parcel the guard never saw")
        network.compromised.put(parcel_key_expr("cn-traffic"), b"from the head unit")
        time.sleep(0.5)
        assert handed == [b"from the head unit"]
    finally:
        front.kill()
        front.wait()
        carried.undeclare()
        for session in (ecu, tbox):
            session.close()
