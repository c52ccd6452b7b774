"""The head unit on the car's network (issue 30): what running the sensors in ECUs costs.

1. A simulated minute of a drive with every cabin and outside sensor granted: on the car in one
   process against the same car whose cabin and front camera live in sensor ECUs (each sample
   asked for across processes, under its lease), in the same run: the ratio.
2. One sample asked for across processes against Zenoh's own query and reply between the same
   two users through the same router, in the same run (the floor any ECU call stands on).

Run from a checkout: python bench/car_network.py [--seconds 60]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ivi.car import build_car
from ivi.core.clock import SimulatedClock
from ivi.net.car_network import CarNetwork
from ivi.net.head_unit_link import RemoteSensor
from ivi.net.link import HEAD_UNIT_USER, ecu_user, open_client
from ivi.net.nodes import passwords

FEATURES = ("fatigue_alert", "health_alert", "cloud_voice", "remote_cabin_view", "navigation", "sentry_upload")
START = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)
PLAIN_KEY = "Vehicle/Cabin/Bench"  # a key the cabin ECU's user may answer on


def ivi(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "ivi", *args], capture_output=True, text=True, check=True)


def granted_car(folder: Path) -> Path:
    db = folder / "car.db"
    ivi("drive", "start", "--db", str(db))
    for feature in FEATURES:
        ivi("consent", "grant", feature, "--duration", "7d", "--db", str(db))
    return db


def drive(db: Path, seconds: float, network: Path | None) -> tuple[float, int]:
    """Seconds of the wall clock to simulate `seconds` of driving; how many samples were asked for."""
    car = build_car(db, SimulatedClock(START))
    ecus = CarNetwork(db, network) if network else None
    try:
        if ecus:
            ecus.connect(car)
        started = time.perf_counter()
        car.simulator.advance(seconds)
        took = time.perf_counter() - started
        remote = sum(isinstance(s, RemoteSensor) for s in car.simulator.sensors)
        return took, remote
    finally:
        if ecus:
            ecus.close()
        car.close()


def answer(router: str, password: str, seconds: float) -> None:
    """The baseline's ECU side: a plain queryable that answers every question at once."""
    session = open_client(router, ecu_user("cabin"), password)
    queryable = session.declare_queryable("ivi/sample/cabin/bench", lambda q: q.reply(PLAIN_KEY, b"J72"))
    print("ready", flush=True)
    time.sleep(seconds)
    queryable.undeclare()
    session.close()


def round_trips(db: Path, folder: Path, rounds: int) -> None:
    import zenoh

    network = CarNetwork(db, folder / "trips")
    car = build_car(db, SimulatedClock(START))
    try:
        head_unit = open_client(network.router, HEAD_UNIT_USER, passwords(db, HEAD_UNIT_USER)[0])
        baseline = subprocess.Popen(
            [sys.executable, __file__, "--answer", network.router, passwords(db, ecu_user("cabin"))[0]],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert baseline.stdout.readline().strip() == "ready"
        network.connect(car)
        heart = next(s for s in car.simulator.sensors if s.id == "heart_rate_sensor")
        plain, leased = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            for _reply in head_unit.get("ivi/sample/cabin/bench", accept_replies=zenoh.ReplyKeyExpr.ANY):
                pass
            plain.append(time.perf_counter() - started)
            started = time.perf_counter()
            heart.sample(1.0, frozenset({"health_alert"}), lambda _p, _v: None)
            leased.append(time.perf_counter() - started)
        p50 = statistics.median(leased) / statistics.median(plain)
        print(
            f"one sample across processes: median {statistics.median(leased) * 1000:.2f} ms under its lease,"
            f" Zenoh's own query and reply {statistics.median(plain) * 1000:.2f} ms; ratio {p50:.2f}x ({rounds} rounds)"
        )
        head_unit.close()
        baseline.kill()
        baseline.wait()
    finally:
        network.close()  # the link with it
        car.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--answer", nargs=2, help=argparse.SUPPRESS)  # router, password
    args = parser.parse_args()
    if args.answer:
        answer(*args.answer, 3600)
        return
    folder = Path(tempfile.mkdtemp(prefix="ivi-bench-"))
    db = granted_car(folder)
    alone = [drive(db, args.seconds, None)[0] for _ in range(2)]
    networked = [drive(db, args.seconds, folder / f"network-{n}") for n in range(2)]
    one, many = min(alone), min(t for t, _ in networked)
    print(
        f"a simulated {args.seconds:g} s drive, every cabin and outside sensor on: {one:.2f} s in one process,"
        f" {many:.2f} s with {networked[0][1]} sensors in ECUs; ratio {many / one:.1f}x (best of 2 each)"
    )
    round_trips(db, folder, args.rounds)


if __name__ == "__main__":
    main()
