"""Settings Kivy must have before its window module is imported, in one place for the
demo and the tests."""

import os
from pathlib import Path


def configure(size: tuple[int, int] = (1280, 720), fullscreen: bool = False, headless: bool = False) -> None:
    if headless or not (Path("/dev/snd").exists() or "PULSE_SERVER" in os.environ):
        # sounds load and play, silently (and ALSA does not fill the terminal with complaints)
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    if headless:
        os.environ["SDL_VIDEODRIVER"] = "offscreen"
        os.environ.setdefault("KIVY_METRICS_DENSITY", "1")  # screenshots the same on every machine
    os.environ["KIVY_NO_ARGS"] = "1"  # the ivi command parses its own arguments
    # Kivy logs to its own file (~/.kivy/logs) and leaves stderr alone, so ivi's one-line
    # errors reach the user. Set KIVY_NO_CONSOLELOG=0 to see Kivy's log on the console.
    os.environ["KIVY_LOG_MODE"] = "MIXED"
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_CONFIG", "1")  # never read or write ~/.kivy/config.ini

    from kivy.config import Config

    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "resizable", "1")
    # A mouse is a finger on this head unit: no right-click multitouch red dots.
    Config.set("input", "mouse", "mouse,multitouch_on_demand")
    Config.set("kivy", "exit_on_escape", "1")
    if headless:
        # Nobody watches a headless head unit: a frame is drawn as soon as the driver or a
        # script asks for one, not held back to 60 a second (the demo's clock still ticks
        # at 30 a second, on the simulator's schedule).
        Config.set("graphics", "maxfps", "0")
        # ... and a pressed button looks released in the next frame drawn, not after 35 ms
        # of the wall clock (which a test's frames may take less or more than)
        Config.set("graphics", "min_state_time", "0")
