"""Settings: the language of the head unit and who is driving."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

from ivi.labels import PROFILES
from ivi.ui.choices import add_choices
from ivi.ui.drawer import language_choices

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class SettingsScreen(Screen):
    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        add_choices(self.ids.language, "language", language_choices(app), app, "language", app.switch_language)
        add_choices(self.ids.profile, "profile", PROFILES, app, "profile", app.switch_profile)
