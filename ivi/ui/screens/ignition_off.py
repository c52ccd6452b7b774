"""The dark screen of a parked car with the ignition off."""

from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

from ivi.paths import PACKAGE_DIR

Builder.load_file(str(PACKAGE_DIR / "ui" / "screens" / "ignition_off.kv"))


class IgnitionOffScreen(Screen):
    pass
