"""The dark screen of a parked car with the ignition off."""

from pathlib import Path

from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class IgnitionOffScreen(Screen):
    pass
