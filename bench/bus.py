"""The sensor bus: what the consent gate costs per sample, how fast a revoke silences a
sensor, and how much faster than real time the simulated car runs.

1. Gated publish: samples through the car's SignalBus, the gate asked before each one,
   against a plain callback fan-out (subscribers looked up by path, each called with a new
   sample), the same subscribers, in the same run. Aim: >= 0.8x, and >= 100,000 samples/s.
2. Revoke to silence: from the revoke's commit to the gate refusing the sensor, and the
   whole revoke call (durable write included); p50 and p99. Aim: p99 <= 1 ms.
3. Simulated time: ten simulated minutes with every feature consented, against the wall clock.

Run from a checkout: python bench/bus.py
"""

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from ivi.bus import signals
from ivi.bus.signal_bus import Sample
from ivi.car import Car, build_car
from ivi.core.clock import SimulatedClock
from ivi.core.motion import Gear
from ivi.testing.clock import TEST_START

T0 = TEST_START  # the tests' start: 09:30 in the car
PATH = signals.HEART_RATE


def subscribers() -> list:
    seen = []
    return [seen.append, lambda sample: None]


def plain_fan_out(n: int) -> float:
    """Samples a second through a bare pub/sub: no gate, no counting."""
    table = defaultdict(list)
    for subscriber in subscribers():
        table[PATH].append(subscriber)
    features = frozenset({"health_alert"})
    start = time.perf_counter()
    for i in range(n):
        sample = Sample(PATH, 72.0, T0, features)
        for subscriber in table[PATH]:
            subscriber(sample)
    return n / (time.perf_counter() - start)


def gated_publish(car: Car, n: int) -> float:
    """Samples a second through the car's bus, the gate asked before each sample."""
    for subscriber in subscribers():
        car.bus.subscribe(PATH, subscriber)
    gate, publish = car.gate, car.bus.publish
    features = gate.features_served_by("heart_rate_sensor")
    start = time.perf_counter()
    for i in range(n):
        if gate.is_powered("heart_rate_sensor"):
            publish(Sample(PATH, 72.0, T0, features))
    elapsed = time.perf_counter() - start
    assert car.bus.counts[PATH] == n
    return n / elapsed


def revoke_latencies(car: Car, n: int) -> tuple[list[float], list[float]]:
    """(commit to silence, whole revoke call), seconds, n revokes."""
    store = car.services.store
    committed: list[float] = []
    transaction = store.transaction

    @contextmanager
    def marking_commits():
        with transaction():
            yield
        committed.append(time.perf_counter())

    store.transaction = marking_commits
    to_silence, calls = [], []
    for _ in range(n):
        car.services.grant("health_alert", "7d")
        start = time.perf_counter()
        car.services.revoke("health_alert")
        silent = not car.gate.is_powered("heart_rate_sensor")
        end = time.perf_counter()
        assert silent
        to_silence.append(end - committed[-1])
        calls.append(end - start)
    store.transaction = transaction
    return to_silence, calls


def simulated_ten_minutes(car: Car) -> float:
    """Wall seconds for 600 simulated seconds with every feature consented, driving."""
    for feature in car.services.catalog.consentable():
        car.services.grant(feature.id, "7d")
    car.services.set_motion(Gear.DRIVE, 0)
    start = time.perf_counter()
    car.simulator.advance(600)
    return time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fresh_car(folder: Path, name: str) -> Car:
    car = build_car(folder / name, SimulatedClock(T0))
    car.services.start_drive()
    return car


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300_000)
    parser.add_argument("--revokes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as name:
        folder = Path(name)
        ratios, plain, gated = [], [], []
        for round_ in range(args.rounds):  # interleaved, so both see the same machine
            car = fresh_car(folder, f"throughput{round_}.db")
            car.services.grant("health_alert", "7d")
            plain.append(plain_fan_out(args.samples))
            gated.append(gated_publish(car, args.samples))
            ratios.append(gated[-1] / plain[-1])
            car.close()
        car = fresh_car(folder, "revoke.db")
        to_silence, calls = revoke_latencies(car, args.revokes)
        car.close()
        car = fresh_car(folder, "drive.db")
        wall = simulated_ten_minutes(car)
        counted = sum(car.bus.counts.values())
        car.close()
    print(f"plain callback fan-out : {statistics.median(plain):12,.0f} samples/s (median of {args.rounds} rounds)")
    print(f"gated publish          : {statistics.median(gated):12,.0f} samples/s   (aim >= 100,000)")
    print(f"gated / plain ratio    : {statistics.median(ratios):12.2f}x          (aim >= 0.8x)")
    print(
        f"revoke commit->silence : p50 {percentile(to_silence, 0.5) * 1e3:.3f} ms,"
        f" p99 {percentile(to_silence, 0.99) * 1e3:.3f} ms   (aim p99 <= 1 ms; {args.revokes} revokes)"
    )
    print(
        f"whole revoke call      : p50 {percentile(calls, 0.5) * 1e3:.3f} ms,"
        f" p99 {percentile(calls, 0.99) * 1e3:.3f} ms   (durable write included)"
    )
    print(
        f"10 simulated minutes   : {wall:.2f} s wall, {600 / wall:.0f}x real time,"
        f" {counted:,} samples, everything consented"
    )


if __name__ == "__main__":
    main()
