from collections.abc import Iterator
from pathlib import Path

import pytest

from ivi.testing.driver import HeadUnitDriver, launch


@pytest.fixture
def screenshot_dir(request: pytest.FixtureRequest) -> Path:
    """screenshots/ at the top of the checkout (git-ignored): look at them."""
    return request.config.rootpath / "screenshots"


@pytest.fixture
def head_unit(tmp_path: Path, screenshot_dir: Path) -> Iterator[HeadUnitDriver]:
    driver = launch(tmp_path / "car.db", language="en", screenshot_dir=screenshot_dir)
    yield driver
    driver.close()
