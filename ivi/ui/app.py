"""The head-unit app: the car's events and signals as Kivy properties the kv files show
(`CarState`), the screens (`Navigation`), the simulator's controls (`SimulatorControl`), and,
here, its life and the driver's requests: each a service call whose refusal is shown, never
raised out of a touch handler."""

from collections.abc import Callable
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.core.audio import SoundLoader
from kivy.lang import Builder
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from ivi.car import Car
from ivi.core.errors import IviError, StopNotRecorded
from ivi.core.records import Channel
from ivi.core.text import Text
from ivi.i18n.translator import Translator
from ivi.labels import REFUSALS, REFUSED, STOP_NOT_RECORDED, STORE_UNUSABLE
from ivi.paths import ASSETS_DIR
from ivi.services.privacy import Asked
from ivi.services.stopping import Stopping
from ivi.store.errors import StoreUnavailable
from ivi.ui import still_on, theme
from ivi.ui.background import Background
from ivi.ui.car_state import CarState

# The status bar, the drawer and the toast load their kv rules on import; app.kv names them.
from ivi.ui.drawer import SimulatorDrawer  # noqa: F401
from ivi.ui.navigation import SCREENS, Navigation
from ivi.ui.simulator_control import SimulatorControl
from ivi.ui.status_bar import StatusBar  # noqa: F401
from ivi.ui.toast import Toast  # noqa: F401

theme.register_fonts()
theme.draw_text_into_new_textures()
Builder.load_file(str(Path(__file__).with_name("theme.kv")))
Builder.load_file(str(Path(__file__).with_suffix(".kv")))

FRAME_SECONDS = 1 / 30


class HeadUnitRoot(FloatLayout):
    """The navigation rail beside the status bar and the screens, and the simulator drawer
    over the screens while it is open."""

    def on_kv_post(self, _base) -> None:
        self.ids.screens.add_widget(SCREENS["off"](name="off"))
        # kv ids are weak: hold the drawer and its scrim while the drawer is closed
        self._drawer = (self.ids.scrim.__self__, self.ids.drawer.__self__)
        App.get_running_app().bind(drawer_open=self._show_drawer)
        self._show_drawer(None, False)

    def _show_drawer(self, _app, is_open: bool) -> None:
        for widget in self._drawer:
            if is_open and widget.parent is None:
                self.add_widget(widget)
            elif not is_open and widget.parent is not None:
                self.remove_widget(widget)
        toast = self.ids.toast
        self.remove_widget(toast)
        self.add_widget(toast)  # on top: a stop's confirmation shows over the drawer too


class HeadUnitApp(CarState, Navigation, SimulatorControl, App):
    title = "ivi"
    tr = ObjectProperty()  # the current language's gettext; kv rebinds when it changes
    language = StringProperty()
    refusal = StringProperty()  # msgid of why the last tap was refused, "" if it was not
    store_problem = StringProperty()  # msgid of how the consent store let the car down, "" if it did not
    toast = StringProperty()  # the confirmation of the last stop, translated; "" once it has gone

    def __init__(self, car: Car, translator: Translator, realtime: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.car = car
        self.translator = translator
        self.realtime = realtime  # False in tests: only the test moves the simulator clock
        self._tick = None
        self._clips = Background("incident-clip")
        self._running = False
        self.chime = None
        self._on_language(translator.language)
        self.route = [list(p) for p in car.route.points]
        self._events = self.car_events()
        self._signals = self.car_signals()

    def build(self) -> HeadUnitRoot:
        return HeadUnitRoot()

    def on_start(self) -> None:
        self._running = True
        # None, or silent, where the machine has no sound: the warning is still seen
        self.chime = SoundLoader.load(str(ASSETS_DIR / "sounds" / "drowsy.wav"))
        self.translator.subscribe(self._on_language)
        for event, on_event in self._events:
            self.car.hub.subscribe(event, on_event)
        for path, handler in self._signals:
            self.car.bus.subscribe(path, handler)
        self.update_clock()
        self.clear_with_background()
        if self.realtime:
            self.car.incidents.offload = self._clips.run  # a clip's second of work, off the UI thread
            self._tick = Clock.schedule_interval(self.advance, FRAME_SECONDS)
            self.ignition_on()

    def on_stop(self) -> None:
        if not self._running:
            return  # Kivy stops an app twice when it is closed by App.stop()
        self._running = False
        if self._tick is not None:
            self._tick.cancel()
        self._clips.close()
        # The screen on show lets go of the bus, without changing what kv shows (see below).
        getattr(self.root.ids.screens.current_screen, "release", lambda: None)()
        self.translator.unsubscribe(self._on_language)
        for event, on_event in self._events:
            self.car.hub.unsubscribe(event, on_event)
        for path, handler in self._signals:
            self.car.bus.unsubscribe(path, handler)
        # Closing the head unit switches the car off. Only after unsubscribing: the UI
        # must not redraw now, or Kivy's `app` proxy in kv would latch onto this app again.
        if self.ignition:
            try:
                self.car.services.end_drive()
            except (StopNotRecorded, StoreUnavailable):
                pass  # stopped all the same; noted in the secure element if it could be
            # (no property is set here: kv would redraw, and latch onto this app again)

    # what the driver asks for

    @property
    def asked(self) -> Asked:
        """How the driver is being asked right now, for receipts."""
        return Asked(self.language, Channel.DISPLAY, self.translator)

    def stop_sensor(self, sensor_id: str) -> None:
        running = [f.id for f in self.car.services.catalog.features_using(sensor_id)]
        running = [f for f in running if f in self.car.gate.state.active_features]

        def said() -> str:
            return still_on.sensor_stopped(
                sensor_id, [f for f in running if f not in self.car.gate.state.active_features]
            )

        self._stop_and_confirm(lambda: self.car.services.begin_stop_sensor(sensor_id, self.asked), said)

    def stop_feature(self, feature_id: str) -> None:
        feature = Text(self.car.services.catalog.features[feature_id].name)
        said = Text("%(feature)s stopped", feature=feature)
        self._stop_and_confirm(
            lambda: self.car.services.begin_choices({feature_id: None}, self.asked),
            lambda: said.render(self.translator),
        )

    def stop_all(self) -> None:
        self._stop_and_confirm(lambda: self.car.services.begin_stop_all(self.asked), still_on.all_stopped)

    def _stop_and_confirm(self, begin: Callable[[], Stopping], said: Callable[[], str]) -> None:
        """A stop shows at once: carried out now (the chip goes with the next frame, and a
        short confirmation says what stopped and what still runs), and recorded once that
        frame is drawn, so a store that makes the record wait for another writer does not
        hold the screen."""
        begun: list[Stopping] = []
        if self.attempt(lambda: begun.append(begin())):
            self.toast = said()
            Clock.schedule_once(lambda _dt: self.attempt(begun[0].record))

    def switch_profile(self, profile: str) -> None:
        if not self.ignition:
            self.profile = profile  # the next drive starts with it
            return
        if self.attempt(lambda: self.car.services.switch_profile(profile)):
            self.ask_if_pending()

    def switch_language(self, language: str) -> None:
        self.translator.switch(language)

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run a driver's request; if the car refuses it, or the store lets it down, say why
        on screen instead. Nothing escapes a touch handler."""
        try:
            action()
        except StopNotRecorded:
            self.store_problem = STOP_NOT_RECORDED  # the stop was carried out all the same
            return False
        except StoreUnavailable:
            self.store_problem = STORE_UNUSABLE
            return False
        except IviError as refused:  # the car refuses: why, in the driver's words; never a crash
            self.refusal = REFUSALS.get(type(refused), REFUSED)
            return False
        self.refusal = ""
        self.store_problem = STORE_UNUSABLE if self.car.gate.failure else ""
        return True

    def _on_language(self, language: str) -> None:
        # `tr` first: what kv redraws on `language` alone (texts made in Python) reads it
        self.tr = self.translator.catalog.gettext
        self.language = language
        self.update_clock()
