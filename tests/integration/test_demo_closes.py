"""Closing the head unit as a driver does (the window's close button, Escape, App.stop):
a real process on the real app, headless. It used to end in a traceback: the app's own
`_stop` hid Kivy's, so closing never switched the car off."""

import subprocess
import sys

from helpers import ok

CLOSE_AFTER_HALF_A_SECOND = """
import sys
from pathlib import Path
from ivi.ui.kivy_setup import configure
configure(headless=True)
from kivy.clock import Clock
from ivi.car import build_car
from ivi.i18n.translator import Translator
from ivi.ui.app import HeadUnitApp
car = build_car(Path(sys.argv[1]))
app = HeadUnitApp(car, Translator("en"))
Clock.schedule_once(lambda _dt: app.stop(), 0.5)
app.run()
car.close()
print("closed", app.ignition)
"""


def test_closing_the_head_unit_ends_the_drive_without_a_traceback(db_path):
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_AFTER_HALF_A_SECOND, str(db_path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.strip() == "closed True"  # it was running, ignition on, when closed
    assert "No drive in progress" in ok("consent", "status", db=db_path)  # closing switched the car off
