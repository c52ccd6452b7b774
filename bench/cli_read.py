"""How long a command that only reads consent state takes: `ivi consent status` on a car
with a drive and a consent (human output, English), from process start to exit, against a
process that only imports what such a command cannot do without: click, sqlite-utils and Babel
(with the Babel modules that format dates and read catalogs). Fresh processes, alternating,
in the same run; medians. Aim: at most 1.5x.

Both run as an installed program does: with Python's compiled bytecode kept (pip compiles it
when it installs a package). This machine sets PYTHONDONTWRITEBYTECODE, which would charge
every run of an editable install for compiling ivi's source; the children run without it,
after one warm-up run each.

Run from a checkout: python bench/cli_read.py [--runs N]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IVI = str(Path(sys.executable).with_name("ivi"))
BASELINE = "import click, sqlite_utils, babel.dates, babel.numbers, babel.messages.pofile"


def seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="ivi-bench-cli-") as work:
        env = {**os.environ, "IVI_DB": str(Path(work) / "car.db"), "LANG": "en_US.UTF-8"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([IVI, "drive", "start"], check=True, stdout=subprocess.DEVNULL, env=env)
        subprocess.run(
            [IVI, "consent", "grant", "navigation", "--duration", "7d"], check=True, stdout=subprocess.DEVNULL, env=env
        )
        ivi, bare = [], []
        for _ in range(runs + 1):
            ivi.append(seconds([IVI, "consent", "status"], env))
            bare.append(seconds([sys.executable, "-c", BASELINE], env))
        ivi, bare = ivi[1:], bare[1:]  # the first of each warmed the caches up
    ivi_ms, bare_ms = statistics.median(ivi) * 1000, statistics.median(bare) * 1000
    print(f"ivi consent status: median {ivi_ms:.0f} ms over {runs} runs")
    print(f"importing click, sqlite-utils and Babel: median {bare_ms:.0f} ms")
    print(f"ratio {ivi_ms / bare_ms:.2f}x (aim: at most 1.5x)")


if __name__ == "__main__":
    main()
