"""Media: a radio with a few stations. It uses no personal information."""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from ivi.ui.choices import add_choices

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

STATIONS = ("FM 93.4", "FM 101.7", "AM 990")


class MediaScreen(Screen):
    station = StringProperty(STATIONS[0])
    playing = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        add_choices(
            self.ids.stations,
            "station",
            {s: s for s in STATIONS},
            self,
            "station",
            lambda station: setattr(self, "station", station),
        )
