"""Home: the launcher. Each tile opens a screen and shows one live line about it."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class LauncherTile(ButtonBehavior, BoxLayout):
    screen = StringProperty()  # the screen the tile opens
    title = StringProperty()  # msgid
    detail = StringProperty()  # translated already: it is built from live values

    def on_release(self) -> None:
        App.get_running_app().show(self.screen)


class HomeScreen(Screen):
    pass
