"""`ivi demo`: the head unit in a window on this screen."""

import os
import re
import socket
import sys
from pathlib import Path

from ivi.car import build_car
from ivi.core.errors import IviError
from ivi.core.text import Text
from ivi.i18n.translator import Translator
from ivi.ui.kivy_setup import configure


class NoDisplay(IviError):
    def __init__(self, reason: Text):
        super().__init__(
            Text(
                "no display to open the head unit on: %(reason)s"
                " (the tests run headless; or set SDL_VIDEODRIVER=offscreen to run the demo unseen)",
                reason=reason,
            )
        )


def _x_server_answers(display: str) -> bool:
    match = re.fullmatch(r"(?P<host>[^:]*):(?P<number>\d+)(\.\d+)?", display)
    if not match:
        return False
    number = int(match["number"])
    try:
        if match["host"] in ("", "unix"):
            with socket.socket(socket.AF_UNIX) as connection:
                connection.connect(f"/tmp/.X11-unix/X{number}")
        else:
            socket.create_connection((match["host"], 6000 + number), timeout=2).close()
    except OSError:
        return False
    return True


def choose_video_driver() -> str | None:
    """The SDL video driver for a visible window, pinned so that SDL cannot fall back to an
    invisible offscreen one; raises NoDisplay when there is nothing to show a window on."""
    if os.environ.get("SDL_VIDEODRIVER") or not sys.platform.startswith("linux"):
        return os.environ.get("SDL_VIDEODRIVER")
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland and (Path(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent")) / wayland).exists():
        return "wayland"
    display = os.environ.get("DISPLAY")
    if not display:
        raise NoDisplay(Text("neither DISPLAY nor WAYLAND_DISPLAY is set"))
    if not _x_server_answers(display):
        raise NoDisplay(Text("the X server at DISPLAY=%(display)s does not answer", display=display))
    return "x11"


def run_demo(db_path: Path, language: str, size: tuple[int, int], fullscreen: bool, ecus: bool = False) -> None:
    driver = choose_video_driver()
    car = build_car(db_path)  # a store that cannot be read stops us before any window opens
    network = None
    try:
        if ecus:
            from ivi.net.car_network import CarNetwork, beside  # Zenoh only for the car that runs on it

            network = CarNetwork(db_path, beside(db_path))
            network.connect(car)
        if driver:
            os.environ["SDL_VIDEODRIVER"] = driver
        configure(size, fullscreen)
        from ivi.ui.app import HeadUnitApp  # imports Kivy's window: only now

        HeadUnitApp(car, Translator(language)).run()
    finally:
        if network is not None:
            network.close()
        car.close()
