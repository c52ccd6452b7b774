"""A short confirmation at the foot of the screen after every stop ("Driver camera stopped"),
gone after a few seconds or when the next one comes."""

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.uix.label import Label

from ivi.ui.overlay import Shield

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

SHOWN_S = 4.0
WIDEST = 0.7  # of the window: a longer confirmation wraps


class Toast(Shield, Label):
    def on_kv_post(self, _base) -> None:
        self._hide = Clock.create_trigger(self._clear, SHOWN_S)
        App.get_running_app().bind(toast=self._show)

    def _show(self, _app, text: str) -> None:
        self._hide.cancel()
        if text:
            self._hide()
        # one line if it fits in most of the screen's width, else wrapped to it
        widest = Window.width * WIDEST
        self.text_size = (None, None)
        self.texture_update()
        if self.texture_size[0] > widest:
            self.text_size = (widest, None)

    def _clear(self, _dt: float) -> None:
        App.get_running_app().toast = ""
