"""The simulator drawer: what a demo needs to play the car around the head unit — ignition,
gear, speed, who drives, language, and time jumps that show consents expiring."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from ivi.i18n.translator import N_, available_languages, locale_of
from ivi.labels import PROFILES
from ivi.ui.choices import add_choices
from ivi.ui.overlay import Shield
from ivi.ui.theme import LabelButton

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

GEARS = {"P": "P", "R": "R", "N": "N", "D": "D"}
# Speeds the drawer offers in gear D, km/h; None follows the city cycle (stops and starts).
SPEEDS = {None: N_("City"), 0: "0", 30: "30", 60: "60", 120: "120"}
# Each language written in itself, untranslated; a language added later is named by CLDR.
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
# The screen's colours: by the time of day in the car (None), or held day or night.
SCHEMES = {None: N_("Auto"), "day": N_("Day"), "night": N_("Night")}
FAST_FORWARD = {"hour": N_("+1 hour"), "day": N_("+1 day"), "week": N_("+1 week")}


def language_choices(app: App) -> dict[str, str]:
    """Every language with a catalog, by its own name."""
    return {
        language: LANGUAGE_NAMES.get(language) or locale_of(language).display_name
        for language in available_languages(app.translator.locales_dir)
    }


class DrawerScrim(Widget):
    """Dims the screen beside the open drawer. A tap on it closes the drawer and goes on to
    what it was aimed at: a stop under it still takes one tap."""

    def on_touch_down(self, touch) -> bool:
        if self.collide_point(*touch.pos):
            App.get_running_app().drawer_open = False
        return False


class SimulatorDrawer(Shield, BoxLayout):
    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        add_choices(self.ids.gear, "sim_gear", GEARS, app, "gear", app.shift)
        add_choices(self.ids.speed, "sim_speed", SPEEDS, app, "held_speed", app.hold_speed)
        add_choices(self.ids.profile, "sim_profile", PROFILES, app, "profile", app.switch_profile)
        add_choices(self.ids.language, "sim_language", language_choices(app), app, "language", app.switch_language)
        add_choices(self.ids.scheme, "sim_scheme", SCHEMES, app, "held_scheme", app.hold_scheme)
        for span, label in FAST_FORWARD.items():
            button = LabelButton(label=label, test_id=f"ff_{span}")
            button.bind(on_release=lambda _b, span=span: app.fast_forward(span))
            self.ids.fast_forward.add_widget(button)
