"""The ivi pytest plugin, registered through the `pytest11` entry point: install ivi and any
test can ask for a running head unit.

    def test_a_chip_stops_the_camera(head_unit):
        head_unit.ignition_on()
        head_unit.tap("id:allow_fatigue_alert")
        ...

Fixtures: `head_unit` (the real app, headless, ignition off, on a fresh car database and
simulator clock; English unless the test is marked `@pytest.mark.language("zh_CN")`) and
`screenshot_dir` (`screenshots/` at the top of the run; a failed `wait_for` saves its
picture there).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ivi.ui.kivy_setup import configure

# Plugins load before any test module or conftest, so this is early enough for Kivy, which
# must know it runs headless before its window module is imported.
configure(headless=True)

if TYPE_CHECKING:
    from ivi.testing.driver import HeadUnitDriver

DEFAULT_LANGUAGE = "en"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "language(code): the language the head_unit fixture starts in")


@pytest.fixture
def screenshot_dir(request: pytest.FixtureRequest) -> Path:
    """screenshots/ at the top of the run (git-ignored in ivi's checkout): look at them."""
    return request.config.rootpath / "screenshots"


@pytest.fixture
def head_unit(request: pytest.FixtureRequest, tmp_path: Path, screenshot_dir: Path) -> Iterator["HeadUnitDriver"]:
    from ivi.testing.driver import launch  # imports Kivy, configured above

    marker = request.node.get_closest_marker("language")
    driver = launch(
        tmp_path / "car.db", language=marker.args[0] if marker else DEFAULT_LANGUAGE, screenshot_dir=screenshot_dir
    )
    yield driver
    driver.close()
