"""`ivi demo`: the head unit in a window on this screen."""

from pathlib import Path

from ivi.ui.kivy_setup import configure


def run_demo(db_path: Path, language: str, size: tuple[int, int], fullscreen: bool) -> None:
    configure(size, fullscreen)
    from ivi.bootstrap import build_car
    from ivi.i18n import Translator
    from ivi.ui.app import HeadUnitApp

    car = build_car(db_path)
    try:
        HeadUnitApp(car, Translator(language)).run()
    finally:
        car.close()
