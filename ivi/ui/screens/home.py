"""Home: the launcher. Each tile opens a screen and shows one live line about it."""

from collections.abc import Callable
from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from ivi.ui.theme import Tappable

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class LauncherTile(Tappable, BoxLayout):
    screen = StringProperty()  # the screen the tile opens
    title = StringProperty()  # msgid
    detail = StringProperty()  # translated already: it is built from live values

    def on_release(self) -> None:
        App.get_running_app().show(self.screen)


class HomeScreen(Screen):
    # A tile says what the sensor is doing (powered or not), then what it last measured: a
    # sensor just switched on has no reading yet, and is not "off".

    def navigation_line(self, tr: Callable[[str], str], powered: list[str], position: object) -> str:
        if "gnss" not in powered:
            return tr("Location off")
        return tr("Location on") if position is None else tr("On the route, location on")
