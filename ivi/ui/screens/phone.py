"""Phone: favourites and a call in progress, over the paired phone. It keeps nothing."""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from ivi.i18n.translator import N_
from ivi.ui.theme import LabelButton

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

FAVOURITES = (N_("Home number"), N_("Office"), N_("Roadside assistance"))


class PhoneScreen(Screen):
    calling = StringProperty()  # msgid of who is being called, "" when no call

    def on_kv_post(self, _base) -> None:
        for index, who in enumerate(FAVOURITES):
            button = LabelButton(label=who, test_id=f"call_{index}")
            button.bind(on_release=lambda _b, who=who: setattr(self, "calling", who))
            self.ids.favourites.add_widget(button)
