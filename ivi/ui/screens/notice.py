"""The privacy notice (CN-04, CN-05, CN-07), in two layers: first one row per feature, with a
one-line summary, its own switch and duration, nothing pre-selected; the seven CN-05 items of
a feature a tap away, with how many the driver has read. Two answers of equal weight."""

from collections.abc import Sequence
from pathlib import Path

from kivy.app import App
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from ivi.core.catalog import Feature
from ivi.core.consent import offered_durations
from ivi.core.durations import Duration
from ivi.core.notice import CAPTIONS
from ivi.core.profiles import GUEST_PROFILE
from ivi.core.restrictions import Activity
from ivi.i18n.translator import N_
from ivi.labels import PROFILES
from ivi.services.queries import FeatureStatus
from ivi.store.errors import StoreUnavailable
from ivi.ui import still_on
from ivi.ui.overlay import Overlay
from ivi.ui.theme import TOUCH_DP, Segment, Tappable, TouchButton

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

ROWS_IN_FIRST_FRAME = 4  # as many as 1280 × 720 shows above the fold


class InfoLine(BoxLayout):
    test_id = StringProperty()  # notice_<feature>_<item>, e.g. notice_fatigue_alert_why
    caption = StringProperty()  # msgid
    body = StringProperty()  # msgid


class FeatureCard(BoxLayout):
    """A feature's row on the notice's first layer; `on_details` asks for its seven items."""

    __events__ = ("on_details",)
    feature = ObjectProperty()
    allowed = BooleanProperty(False)
    duration = StringProperty("")  # "" until the driver picks one: nothing is pre-selected
    running = StringProperty("")  # the duration of the consent running when the notice opened
    read = BooleanProperty(False)  # the driver has opened its details

    @property
    def changed(self) -> bool:
        return (self.duration if self.allowed else "") != self.running

    def on_kv_post(self, _base) -> None:
        for duration in offered_durations(self.feature, App.get_running_app().profile):
            self.ids.durations.add_widget(DurationButton(card=self, value=duration.value))
        self._how_long_row = self.ids.how_long_row.__self__  # kv's ids are weak: held while out of the layout
        self.on_allowed(self, self.allowed)

    def on_allowed(self, _card, allowed: bool) -> None:
        """The durations show once the feature is allowed: nothing to choose, or see, before.
        Taken out of the layout, not just hidden: a hidden disabled button still takes taps."""
        row = getattr(self, "_how_long_row", None)
        if row is None:
            return  # before kv has built the row
        if allowed and row.parent is None:
            self.add_widget(row, index=1)  # above the slack at the bottom
        elif not allowed and row.parent is not None:
            self.remove_widget(row)

    def choice(self) -> Duration | None:
        return Duration(self.duration) if self.allowed and self.duration else None

    def on_details(self) -> None:
        pass  # the screen listens


class DetailsButton(Tappable, BoxLayout):
    """The name and summary of a feature: tapped, they open its seven items."""


class DurationButton(Segment):
    card = ObjectProperty(None, allownone=True)
    value = StringProperty()


class NoticeDetails(Overlay):
    """The second layer: the seven CN-05 items of one feature, and the way to the next."""

    feature = ObjectProperty()
    following = ObjectProperty(None, allownone=True)  # the next feature of the notice, if any
    screen = ObjectProperty()

    def on_feature(self, _view, feature: Feature) -> None:
        self.ids.seven_items.clear_widgets()
        for item, text in feature.notice_items:
            self.ids.seven_items.add_widget(
                InfoLine(caption=CAPTIONS[item].msgid, body=text, test_id=f"notice_{feature.id}_{item}")
            )
        self.ids.scroll.scroll_y = 1

    def next_feature(self) -> None:
        if self.following is not None:
            self.screen.open_details(self.following.id)


class NoticeScreen(Screen):
    # At ignition-on: something is allowed, and each allowed feature has a duration. Reopened:
    # something changed, and each allowed feature has a duration.
    complete = BooleanProperty(False)
    waiting_for_duration = BooleanProperty(False)  # a feature is allowed, and how long is not chosen yet
    reopened = BooleanProperty(False)  # opened again by the driver, not waiting for a first answer
    read = NumericProperty(0)  # how many features' details the driver has opened
    features = ListProperty()  # every feature on the notice, in its order
    _below_the_fold: tuple[FeatureStatus, ...] = ()  # rows still to add once the first frame is up
    _details: NoticeDetails | None = None

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        app.refusal = ""
        self.reopened = not app.notice_waiting
        self._show_for_the_driver()
        Window.bind(on_flip=self._add_below_the_fold)
        app.bind(
            driving_state=self._close_details_unless_parked,
            privacy_changes=self._follow_the_record,
            profile=self._show_for_the_driver,
        )

    def _show_for_the_driver(self, *_args) -> None:
        """The cards of the profile driving, as its consents stand: shown again when another
        driver takes over with the notice open (a guest is offered this drive only)."""
        app = App.get_running_app()
        self.close_details()
        self.ids.cards.clear_widgets()
        self.ids.scroll.scroll_y = 1
        statuses = app.car.services.status()
        self.features = [s.feature for s in statuses]
        self.read = 0
        # the receipt (CN-04); a store that cannot take it is said under the status bar
        app.attempt(lambda: app.car.services.notice_shown([s.feature.id for s in statuses], app.asked))
        # The rows in view first; the rest once that frame is drawn, so the notice shows
        # without waiting for text the driver has to scroll to.
        self._add_cards(statuses[:ROWS_IN_FIRST_FRAME])
        self._below_the_fold = tuple(statuses[ROWS_IN_FIRST_FRAME:])

    def on_leave(self) -> None:
        Window.unbind(on_flip=self._add_below_the_fold)
        App.get_running_app().unbind(
            driving_state=self._close_details_unless_parked,
            privacy_changes=self._follow_the_record,
            profile=self._show_for_the_driver,
        )
        self.close_details()

    def _follow_the_record(self, *_args) -> None:
        """A consent started or ended while the notice is open (a chip's stop, an expiry, the
        `ivi` command in another process): each card the driver has not touched shows it, so
        no card says "Allowed" for a feature that is off."""
        try:
            statuses = App.get_running_app().car.services.status()
        except StoreUnavailable:
            return  # said under the status bar; the cards stay as they are
        running = {s.feature.id: s.running.duration.value if s.running else "" for s in statuses}
        for card in self._cards():
            now = running.get(card.feature.id, "")
            if now != card.running:
                untouched = not card.changed
                card.running = now
                if untouched:
                    card.allowed, card.duration = bool(now), now
        self._check()

    def _add_below_the_fold(self, *_args) -> None:
        if self._below_the_fold:
            self._add_cards(self._below_the_fold)
            self._below_the_fold = ()

    def _add_cards(self, statuses: Sequence[FeatureStatus]) -> None:
        # A consent already running shows as the driver left it; anything else starts off.
        for status in statuses:
            running = status.running
            duration = running.duration.value if running else ""
            card = FeatureCard(feature=status.feature, allowed=running is not None, duration=duration, running=duration)
            card.bind(allowed=self._check, duration=self._check, on_details=self._on_details)
            self.ids.cards.add_widget(card)
        self._check()

    def _cards(self) -> list[FeatureCard]:
        return list(reversed(self.ids.cards.children))

    def _check(self, *_args) -> None:
        cards = self._cards()
        allowed = [card for card in cards if card.allowed]
        answered = any(card.changed for card in cards) if self.reopened else bool(allowed)
        self.waiting_for_duration = not all(card.duration for card in allowed)
        self.complete = answered and not self.waiting_for_duration

    # the second layer

    def _on_details(self, card: FeatureCard) -> None:
        self.open_details(card.feature.id)

    def open_details(self, feature_id: str) -> None:
        """Show one feature's seven items over the list; reading long text needs the car parked."""
        app = App.get_running_app()
        if not app.allows(Activity.LONG_READING.value):
            return
        card = next(card for card in self._cards() if card.feature.id == feature_id)
        if not card.read:
            card.read = True
            self.read += 1
        index = self.features.index(card.feature)
        following = self.features[index + 1] if index + 1 < len(self.features) else None
        if self._details is None:
            self._details = NoticeDetails(screen=self)
        self._details.following = following
        self._details.feature = card.feature
        if self._details.parent is None:
            self.add_widget(self._details)

    def close_details(self) -> None:
        if self._details is not None:
            self._details.close()

    def _close_details_unless_parked(self, *_args) -> None:
        if not App.get_running_app().allows(Activity.LONG_READING.value):
            self.close_details()

    # what the notice says

    def summary(self, _language: str, _changes: int) -> str:
        """What the car does with personal information now (kv passes what it redraws on)."""
        app = App.get_running_app()
        return still_on.summary([s.feature.id for s in app.car.services.status() if s.active])

    def on_kv_post(self, _base) -> None:
        self._as_guest = self.ids.as_guest.__self__  # kv's ids are weak: held while out of the layout
        App.get_running_app().bind(profile=self._offer_guest, driving_state=self._offer_guest)
        self._offer_guest()
        for button in self._answers():
            button.bind(texture_size=self._even_answers)

    def _answers(self) -> list[TouchButton]:
        return [w for w in [*self.ids.answers.children, self._as_guest] if isinstance(w, TouchButton)]

    def _even_answers(self, *_args) -> None:
        """The answers stand side by side equally tall, whichever wraps: equal weight."""
        buttons = self._answers()
        tallest = max(dp(TOUCH_DP), *(button.texture_size[1] for button in buttons))
        for button in buttons:
            button.height = tallest

    def _offer_guest(self, *_args) -> None:
        """ "Continue as guest" while someone else's profile is on and the car is parked (a
        guest's choices last this drive only); out of the layout otherwise, so it takes no tap."""
        app = App.get_running_app()
        offer = app.profile != GUEST_PROFILE and app.allows(Activity.SWITCH_DRIVER.value)
        button, answers = self._as_guest, self.ids.answers
        if offer and button.parent is None:
            answers.add_widget(button, index=1)  # just before "Accept"
        elif not offer and button.parent is not None:
            answers.remove_widget(button)

    def profile_line(self, _language: str, profile: str) -> str:
        app = App.get_running_app()
        if profile == GUEST_PROFILE:
            return app.tr("Profile: Guest. Your choices last this drive only.")
        return app.tr("Profile: %(profile)s") % {
            "profile": app.tr(PROFILES[profile]) if profile in PROFILES else profile
        }

    def progress_line(self, _language: str, read: int, total: int) -> str:
        return App.get_running_app().tr("Details read: %(read)d of %(total)d") % {"read": read, "total": total}

    # the answers

    def accept_label(self, complete: bool, reopened: bool, waiting_for_duration: bool, _state: str) -> str:
        """The right answer's words: what it does, or, while it cannot be pressed, why (msgid)."""
        if not App.get_running_app().allows(Activity.EXPAND_COLLECTION.value):
            return N_("Park to accept")
        if waiting_for_duration:
            return N_("Choose how long first")
        if not complete:
            return N_("Change a choice to save it") if reopened else N_("Allow a feature to accept it")
        return N_("Save changes") if reopened else N_("Accept selected")

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
        """Only answers: a running consent left as it was is not granted anew (that would
        lengthen it without the driver choosing so); a reopened notice writes only changes."""
        cards = [card for card in self._cards() if card.changed or not (self.reopened or card.running)]
        App.get_running_app().answer_notice({card.feature.id: card.choice() for card in cards})
