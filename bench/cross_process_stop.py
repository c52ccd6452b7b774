"""A stop made in another process, against a running car: how many samples follow it, how long
the car takes to see it, and what looking for it before every sample costs.

The car runs in this process in real time, as the demo does (the simulator advanced by the
wall clock, 30 frames a second), on a database on the working disk. Each round grants fatigue
alert, lets the driver camera (15 samples a second) run, then runs `ivi consent revoke
fatigue_alert` as a separate process at a random moment, and times, on the machine's
monotonic clock that both processes share:
- samples published after the command returned: must be 0;
- the car seeing the revoke (the camera off), from the command's return: at most one frame
  plus one sample period (100 ms), and usually before the command has even exited.
Then the cost: samples a second of the simulator with the look before every sample, against
the same car with the look switched off, in the same run.

Run from a checkout: python bench/cross_process_stop.py [--rounds N]
"""

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ivi.bus import signals
from ivi.bus.gate import ConsentGate
from ivi.car import Car, build_car
from ivi.core.events import SensorsChanged

FRAME_S = 1 / 30
CAMERA = signals.DRIVER_CAMERA_FRAME
# The command, run as a user would, printing the monotonic clock once it has returned.
REVOKE = (
    "import sys, time\n"
    "from ivi.cli.main import main\n"
    "try:\n    main(sys.argv[1:])\n"
    "finally:\n    print(time.monotonic())\n"
)


def round_trip(car: Car, db: Path) -> tuple[int, float]:
    """One revoke from another process: (samples after it returned, seconds from its return
    to the car seeing it; negative when seen before the process had exited)."""
    car.services.grant("fatigue_alert", "7d")
    published: list[float] = []
    seen_off: list[float] = []

    def on_sample(_sample: object) -> None:
        published.append(time.monotonic())

    def on_sensors(event: SensorsChanged) -> None:
        if "driver_camera" not in event.powered:
            seen_off.append(time.monotonic())

    car.bus.subscribe(CAMERA, on_sample)
    car.hub.subscribe(SensorsChanged, on_sensors)
    command = [sys.executable, "-c", REVOKE, "consent", "revoke", "fatigue_alert", "--db", str(db)]
    start_after = time.monotonic() + random.uniform(0.3, 0.6)
    child: subprocess.Popen | None = None
    returned: float | None = None
    last = time.monotonic()
    while returned is None or time.monotonic() < returned + 0.5:
        now = time.monotonic()
        car.simulator.advance(now - last)
        last = now
        if child is None and now >= start_after:
            child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        if child is not None and returned is None and child.poll() is not None:
            returned = float(child.stdout.read().split()[-1])
        time.sleep(max(0.0, last + FRAME_S - time.monotonic()))
    car.bus.unsubscribe(CAMERA, on_sample)
    car.hub.unsubscribe(SensorsChanged, on_sensors)
    return sum(1 for t in published if t > returned), seen_off[0] - returned


def samples_per_second(car: Car, seconds: float) -> float:
    before = sum(car.bus.counts.values())
    start = time.perf_counter()
    car.simulator.advance(seconds)
    return (sum(car.bus.counts.values()) - before) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as folder:
        db = Path(folder) / "car.db"
        car = build_car(db)
        car.services.start_drive()
        results = [round_trip(car, db) for _ in range(args.rounds)]
        after = [n for n, _ in results]
        seen = sorted(s * 1000 for _, s in results)
        print(f"revoke from another process, {args.rounds} rounds (driver camera at 15 Hz, 30 frames/s):")
        print(f"  samples after the command returned: {sum(after)} (worst round {max(after)})")
        p99 = seen[min(len(seen) - 1, round(0.99 * (len(seen) - 1)))]
        print(
            f"  car sees it, from the command's return: median {statistics.median(seen):.1f} ms,"
            f" p99 {p99:.1f} ms, worst {seen[-1]:.1f} ms (bound: one frame + one sample = 100 ms)"
        )
        for feature in ("fatigue_alert", "health_alert", "navigation", "voice_assistant", "eco_driving"):
            car.services.grant(feature, "7d")
        looking = samples_per_second(car, 120)
        car.simulator.gate = ConsentGate(car.services.state, lambda: False, car.services.catalog, car.clock, car.hub)
        blind = samples_per_second(car, 120)
        print(
            f"  sampling with the look before every sample: {looking:,.0f}/s, without: {blind:,.0f}/s"
            f" ({blind / looking:.2f}x the time)"
        )
        car.close()


if __name__ == "__main__":
    main()
