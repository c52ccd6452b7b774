from datetime import UTC, datetime
from pathlib import Path

import pytest

from ivi.bootstrap import Car, build_car
from ivi.core.clock import SimulatedClock

T0 = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "car.db"


@pytest.fixture
def car(db_path: Path):
    car = build_car(db_path, SimulatedClock(T0))
    yield car
    car.close()


def counts(car: Car, *paths: str) -> list[int]:
    return [car.bus.counts[p] for p in paths]
