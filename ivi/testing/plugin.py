"""The ivi pytest plugin, registered through the `pytest11` entry point: install ivi and any
test can ask for a running head unit.

    def test_a_chip_stops_the_camera(head_unit):
        head_unit.ignition_on()
        head_unit.tap("id:allow_fatigue_alert")
        ...

Fixtures: `head_unit` (the real app, headless, ignition off, on a fresh car database and
simulator clock; English unless the test is marked `@pytest.mark.language("zh_CN")`),
`screenshot_dir` (`screenshots/` at the top of the run; a failed `wait_for` saves its
picture there) and `golden` (compare the screen with a golden screenshot; `--update-goldens`
saves new ones).
"""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ivi.i18n.translator import SOURCE_LANGUAGE
from ivi.testing.golden import compare
from ivi.ui.kivy_setup import configure

# Plugins load before any test module or conftest, so this is early enough for Kivy, which
# must know it runs headless before its window module is imported.
configure(headless=True)

if TYPE_CHECKING:
    from ivi.testing.driver import HeadUnitDriver


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="ivi: save the screens as the new golden screenshots"
    )
    parser.addini("ivi_goldens", "ivi: folder of golden screenshots, one folder per language", default="tests/goldens")


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
        tmp_path / "car.db", language=marker.args[0] if marker else SOURCE_LANGUAGE, screenshot_dir=screenshot_dir
    )
    yield driver
    driver.close()


@pytest.fixture
def golden(request: pytest.FixtureRequest, head_unit: "HeadUnitDriver", screenshot_dir: Path) -> Callable[[str], None]:
    """`golden("notice")` compares the screen with `<ivi_goldens>/<language>/notice.png`,
    tolerantly (`ivi.testing.golden`); with `--update-goldens` it saves the screen there
    instead. The screen and, on a mismatch, a diff image land in `screenshots/goldens/`."""
    folder = request.config.rootpath / request.config.getini("ivi_goldens")
    update = request.config.getoption("update_goldens")

    def check(name: str) -> None:
        language = head_unit.app.translator.language
        expected = folder / language / f"{name}.png"
        actual = head_unit.screenshot(screenshot_dir / "goldens" / language / f"{name}.png")
        if update:
            expected.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(actual, expected)
            return
        if not expected.is_file():
            pytest.fail(f"there is no golden {expected}: run pytest --update-goldens, then look at it")
        comparison = compare(actual, expected)
        if not comparison.matches:
            pytest.fail(str(comparison))

    return check
