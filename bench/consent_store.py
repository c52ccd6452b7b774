"""How much a durable consent grant costs against a bare SQLite insert-and-commit with the
same pragmas (WAL, synchronous=FULL), measured in the same run; and how long the bus's
question "may this sensor run now?" takes.

Run from a checkout: python bench/consent_store.py [--grants N]
Uses a folder on the working disk (not /tmp, which may be memory-backed) so fsync is real.
"""

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from ivi.car import build_car
from ivi.core.clock import SimulatedClock
from ivi.testing.clock import TEST_START

T0 = TEST_START  # the tests' start: 09:30 in the car


def raw_inserts(path: Path, n: int) -> float:
    """Seconds per insert-and-commit of one ledger-sized row, with the store's pragmas."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute(
        "CREATE TABLE ledger (id INTEGER PRIMARY KEY, profile TEXT, feature TEXT, action TEXT, at TEXT,"
        " duration TEXT, drive_id INTEGER, expires_at TEXT, notice_hash TEXT, prev_hash TEXT, hash TEXT)"
    )
    start = time.perf_counter()
    for i in range(n):
        connection.execute("BEGIN")
        connection.execute(
            "INSERT INTO ledger VALUES (NULL, 'driver', 'navigation', 'grant', ?, '7d', 1, ?, ?, ?, ?)",
            [T0.isoformat(), T0.isoformat(), "0" * 16, "0" * 64, f"{i:064d}"],
        )
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed / n


def grants(path: Path, n: int) -> tuple[float, float]:
    """Seconds per durable grant through the services (ledger entry, hash chain, receipt,
    events, gate refresh), and seconds per gate lookup."""
    car = build_car(path, SimulatedClock(T0))
    car.services.start_drive()
    features = ["navigation", "fatigue_alert"]
    start = time.perf_counter()
    for i in range(n):
        car.services.grant(features[i % 2], "7d")
    per_grant = (time.perf_counter() - start) / n
    lookups = 200_000
    start = time.perf_counter()
    for _ in range(lookups):
        car.gate.is_powered("driver_camera")
    per_lookup = (time.perf_counter() - start) / lookups
    car.close()
    return per_grant, per_lookup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grants", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    ratios, raws, ours, lookups = [], [], [], []
    for _ in range(args.rounds):  # interleaved, so both see the same machine
        with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as folder:
            raw = raw_inserts(Path(folder) / "raw.db", args.grants)
            grant, lookup = grants(Path(folder) / "car.db", args.grants)
        raws.append(raw)
        ours.append(grant)
        lookups.append(lookup)
        ratios.append(grant / raw)
    print(f"raw sqlite3 insert+commit : {statistics.median(raws) * 1e6:9.1f} µs (median of {args.rounds} rounds)")
    print(f"durable consent grant     : {statistics.median(ours) * 1e6:9.1f} µs")
    print(f"grant / raw ratio         : {statistics.median(ratios):9.2f}x   (aim <= 1.5x)")
    print(f"may this sensor run now?  : {statistics.median(lookups) * 1e6:9.3f} µs   (aim <= 50 µs)")


if __name__ == "__main__":
    main()
