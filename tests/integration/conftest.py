import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import T0

from ivi.car import build_car
from ivi.core.clock import SimulatedClock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "car.db"


@pytest.fixture
def car(db_path: Path):
    car = build_car(db_path, SimulatedClock(T0))
    yield car
    car.close()


SmallDisk = Callable[[str, str, list[str]], subprocess.CompletedProcess]


@pytest.fixture
def small_disk(tmp_path: Path) -> SmallDisk:
    """Run a Python script on a real filesystem of the given size (`tmp_path/small`, a tmpfs
    mounted in a mount namespace of the script's own): a disk that fills up for real."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs unshare and the right to mount (root): a full disk is made as a small tmpfs")
    folder = tmp_path / "small"
    folder.mkdir()

    def run(size: str, script: str, args: list[str]) -> subprocess.CompletedProcess:
        command = f"mount -t tmpfs -o size={size} ivi-small {folder} && exec {sys.executable} -c '{script}' {folder} "
        return subprocess.run(
            [unshare, "-m", "sh", "-c", command + " ".join(args)], capture_output=True, text=True, timeout=120
        )

    return run
