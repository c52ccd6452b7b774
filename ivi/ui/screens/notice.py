"""The ignition-on privacy notice (CN-04, CN-05, CN-07): one card per feature, each with
its own toggle and duration, nothing pre-selected, and two answers of equal weight."""

from collections.abc import Sequence
from pathlib import Path

from babel.lists import format_list
from kivy.app import App
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from ivi.core.consent import offered_durations
from ivi.core.durations import Duration
from ivi.core.notice import CAPTIONS
from ivi.i18n import N_
from ivi.services import FeatureStatus
from ivi.ui.labels import PROFILES
from ivi.ui.theme import Segment

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

CARDS_IN_FIRST_FRAME = 2  # as many as 1920 × 720 shows above the fold
NOTHING_ON = N_(
    "The car processes personal information only with your consent. Nothing that needs it is on: cameras,"
    " microphones and location are off. Each feature has its own switch and duration, nothing is chosen for"
    " you; stop any of it later with its chip at the top or in the privacy centre."
)
SOME_ON = N_(
    "The car processes personal information only with your consent. On now, as you chose: %(features)s."
    " Each feature has its own switch and duration; stop any of it with its chip at the top or in the privacy"
    " centre."
)


class InfoLine(BoxLayout):
    test_id = StringProperty()  # notice_<feature>_<item>, e.g. notice_fatigue_alert_why
    caption = StringProperty()  # msgid
    body = StringProperty()  # msgid


class FeatureCard(BoxLayout):
    feature = ObjectProperty()
    allowed = BooleanProperty(False)
    duration = StringProperty("")  # "" until the driver picks one: nothing is pre-selected
    running = StringProperty("")  # the duration of the consent running when the notice opened

    @property
    def changed(self) -> bool:
        return (self.duration if self.allowed else "") != self.running

    def on_kv_post(self, _base) -> None:
        for item, text in self.feature.notice_items:
            self.ids.notice_items.add_widget(
                InfoLine(caption=CAPTIONS[item].msgid, body=text, test_id=f"notice_{self.feature.id}_{item}")
            )
        for duration in offered_durations(self.feature, App.get_running_app().profile):
            self.ids.durations.add_widget(DurationButton(card=self, value=duration.value))

    def choice(self) -> Duration | None:
        return Duration(self.duration) if self.allowed and self.duration else None


class DurationButton(Segment):
    card = ObjectProperty(None, allownone=True)
    value = StringProperty()


class NoticeScreen(Screen):
    # At ignition-on: something is allowed, and each allowed feature has a duration. Reopened:
    # something changed, and each allowed feature has a duration.
    complete = BooleanProperty(False)
    reopened = BooleanProperty(False)  # opened again by the driver, not waiting for a first answer
    _below_the_fold: tuple[FeatureStatus, ...] = ()  # cards still to add once the first frame is up

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        app.refusal = ""
        self.reopened = not app.notice_waiting
        self.ids.cards.clear_widgets()
        self.ids.scroll.scroll_y = 1
        statuses = app.car.services.status()
        # the receipt (CN-04); a store that cannot take it is said under the status bar
        app.attempt(lambda: app.car.services.notice_shown([s.feature.id for s in statuses], app.asked))
        # The cards in view first; the rest once that frame is drawn, so the notice shows
        # without waiting for text the driver has to scroll to.
        self._add_cards(statuses[:CARDS_IN_FIRST_FRAME])
        self._below_the_fold = tuple(statuses[CARDS_IN_FIRST_FRAME:])
        Window.bind(on_flip=self._add_below_the_fold)

    def on_leave(self) -> None:
        Window.unbind(on_flip=self._add_below_the_fold)

    def _add_below_the_fold(self, *_args) -> None:
        Window.unbind(on_flip=self._add_below_the_fold)
        self._add_cards(self._below_the_fold)
        self._below_the_fold = ()

    def _add_cards(self, statuses: Sequence[FeatureStatus]) -> None:
        # A consent already running shows as the driver left it; anything else starts off.
        for status in statuses:
            running = status.running
            duration = running.duration.value if running else ""
            card = FeatureCard(feature=status.feature, allowed=running is not None, duration=duration, running=duration)
            card.bind(allowed=self._check, duration=self._check, minimum_height=self._even_rows)
            self.ids.cards.add_widget(card)
        self._check()
        self._even_rows()

    def _even_rows(self, *_args) -> None:
        """Cards side by side share one height, so their controls line up."""
        self.ids.cards.row_default_height = max((c.minimum_height for c in self._cards()), default=0)

    def _cards(self) -> list[FeatureCard]:
        return list(reversed(self.ids.cards.children))

    def _check(self, *_args) -> None:
        cards = self._cards()
        allowed = [card for card in cards if card.allowed]
        answered = any(card.changed for card in cards) if self.reopened else bool(allowed)
        self.complete = answered and all(card.duration for card in allowed)

    def summary(self, _language: str, _changes: int) -> str:
        """What the car does with personal information now (kv passes what it redraws on)."""
        app = App.get_running_app()
        on = [app.tr(s.feature.name) for s in app.car.services.status() if s.active]
        if not on:
            return app.tr(NOTHING_ON)
        return app.tr(SOME_ON) % {"features": format_list(on, locale=app.translator.locale)}

    def profile_line(self, _language: str, profile: str) -> str:
        app = App.get_running_app()
        return app.tr("These choices are for the profile: %(profile)s") % {
            "profile": app.tr(PROFILES[profile]) if profile in PROFILES else profile
        }

    def decline(self) -> None:
        """The left answer: a reopened notice closes without changing anything; the
        ignition-on notice keeps everything off."""
        if self.reopened:
            App.get_running_app().close_notice()
        else:
            self.keep_all_off()

    def keep_all_off(self) -> None:
        App.get_running_app().answer_notice({card.feature.id: None for card in self._cards()})

    def accept_selected(self) -> None:
        """Only what the driver changed: a running consent left as it was is not granted anew."""
        cards = [card for card in self._cards() if card.changed or not self.reopened]
        App.get_running_app().answer_notice({card.feature.id: card.choice() for card in cards})
