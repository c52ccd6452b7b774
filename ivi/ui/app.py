"""The head-unit app: wires the car's events and signals to Kivy properties the kv files show,
and turns taps into service calls."""

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.core.audio import SoundLoader
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from ivi.bootstrap import Car
from ivi.bus import signals
from ivi.bus.signal_bus import Sample
from ivi.core.durations import Duration
from ivi.core.errors import (
    IviError,
    NotParked,
    StopNotRecorded,
)
from ivi.core.events import ConsentChanged, DriveStarted, MotionChanged, SensorsChanged
from ivi.core.fatigue import warn_of_drowsiness
from ivi.core.motion import Gear, Motion
from ivi.core.policy import pending_choices
from ivi.core.profiles import DEFAULT_PROFILE
from ivi.core.records import Channel
from ivi.core.restrictions import Activity, DrivingState, allows, driving_state
from ivi.core.text import Text
from ivi.i18n import CAR_TIMEZONE, Translator
from ivi.labels import REFUSALS, REFUSED, STOP_NOT_RECORDED, STORE_UNUSABLE
from ivi.paths import ASSETS_DIR
from ivi.services import Asked
from ivi.stopping import Stopping
from ivi.store import StoreUnavailable
from ivi.ui import theme
from ivi.ui.background import Background

# The screens, the status bar and the drawer load their kv rules on import; app.kv names
# the status bar and the drawer, SCREENS the screens.
from ivi.ui.drawer import SimulatorDrawer  # noqa: F401
from ivi.ui.screens.home import HomeScreen
from ivi.ui.screens.ignition_off import IgnitionOffScreen
from ivi.ui.screens.media import MediaScreen
from ivi.ui.screens.monitoring import MonitoringScreen
from ivi.ui.screens.navigation import NavigationScreen
from ivi.ui.screens.notice import NoticeScreen
from ivi.ui.screens.phone import PhoneScreen
from ivi.ui.screens.privacy import PrivacyScreen
from ivi.ui.screens.settings import SettingsScreen
from ivi.ui.status_bar import StatusBar  # noqa: F401
from ivi.ui.toast import Toast  # noqa: F401

theme.register_fonts()
Builder.load_file(str(Path(__file__).with_name("theme.kv")))
Builder.load_file(str(Path(__file__).with_suffix(".kv")))

FRAME_SECONDS = 1 / 30
TRAIL_POINTS = 2000  # the route drawn behind the car: enough for an hour at one fix a second
# The readouts that must go blank, not freeze, when their sensor is powered off.
READOUTS_OF_SENSOR = {
    "driver_camera": ("fatigue", "distraction", "eyes_on_road"),
    "heart_rate_sensor": ("heart_rate",),
    "cabin_microphone": ("mic_level",),
    "gnss": ("position",),
}
FAST_FORWARD = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}
# Each screen is built the first time it is shown: the notice's first frame does not wait for
# screens the driver may never open.
SCREENS = {
    "off": IgnitionOffScreen,
    "notice": NoticeScreen,
    "home": HomeScreen,
    "navigation": NavigationScreen,
    "media": MediaScreen,
    "phone": PhoneScreen,
    "monitoring": MonitoringScreen,
    "privacy": PrivacyScreen,
    "settings": SettingsScreen,
}


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


class HeadUnitApp(App):
    title = "ivi"
    tr = ObjectProperty()  # the current language's gettext; kv rebinds when it changes
    language = StringProperty()
    screen = StringProperty("off")  # the screen on show
    profile = StringProperty(DEFAULT_PROFILE)
    ignition = BooleanProperty(False)
    clock_text = StringProperty()
    speed = NumericProperty(0)
    driven_km = NumericProperty(0)  # to 0.1 km, so that it changes (and redraws) only that often
    gear = StringProperty(Gear.PARK.value)
    held_speed = ObjectProperty(None, allownone=True)  # the simulator's speed control, None: city cycle
    # Moving in the sense of the rules: collection may only expand while this is False.
    moving = BooleanProperty(False)
    driving_state = StringProperty(DrivingState.OFF.value)  # what the restrictions are asked about
    # The ignition-on notice is still unanswered (shown full screen, or as a banner while moving).
    notice_waiting = BooleanProperty(False)
    fatigue = ObjectProperty(None, allownone=True)
    drowsy = BooleanProperty(False)  # the fatigue level crossed the alert line: the driver is warned
    chimes = NumericProperty(0)  # how often the fatigue warning has sounded
    distraction = ObjectProperty(None, allownone=True)
    eyes_on_road = ObjectProperty(None, allownone=True)
    heart_rate = ObjectProperty(None, allownone=True)
    mic_level = ObjectProperty(None, allownone=True)  # dBFS
    position = ObjectProperty(None, allownone=True)
    trail = ListProperty()  # where the car has been this drive, while location was on
    route = ListProperty()
    powered_personal = ListProperty()  # the sensors with a chip in the status bar
    privacy_changes = NumericProperty(0)  # counts consent and sensor changes: screens refresh on it
    refusal = StringProperty()  # msgid of why the last tap was refused, "" if it was not
    store_problem = StringProperty()  # msgid of how the consent store let the car down, "" if it did not
    drawer_open = BooleanProperty(False)
    toast = StringProperty()  # the confirmation of the last stop, translated; "" once it has gone
    held_scheme = ObjectProperty(None, allownone=True)  # "day" or "night" as chosen; None: by the time of day
    scheme = StringProperty("night")  # the colours on screen now: "day" or "night"

    def __init__(self, car: Car, translator: Translator, realtime: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.car = car
        self.translator = translator
        self.realtime = realtime  # False in tests: only the test moves the simulator clock
        self._tick = None
        self._clips = Background("incident-clip")
        self._notice_opened_from = "home"  # where a reopened notice returns to
        self._first_day: date | None = None  # the day the head unit started on, by the car's clock
        self._running = False
        self.chime = None
        self._on_language(translator.language)
        self.route = [list(p) for p in car.route.points]
        self._events: list[tuple[type, Callable]] = [
            (SensorsChanged, self._on_sensors),
            (ConsentChanged, self._on_consent),
            (MotionChanged, self._on_motion),
            (DriveStarted, self._on_drive_started),
        ]
        self._subscriptions = [
            (signals.SPEED, self._on_speed),
            (signals.FATIGUE_LEVEL, self._set_from("fatigue")),
            (signals.DISTRACTION_LEVEL, self._set_from("distraction")),
            (signals.EYES_ON_ROAD, self._set_from("eyes_on_road")),
            (signals.HEART_RATE, self._set_from("heart_rate")),
            (signals.MICROPHONE_LEVEL, self._set_from("mic_level")),
            (signals.LONGITUDE, self._on_position),
        ]

    def build(self) -> HeadUnitRoot:
        return HeadUnitRoot()

    def on_start(self) -> None:
        self._running = True
        # None, or silent, where the machine has no sound: the warning is still seen
        self.chime = SoundLoader.load(str(ASSETS_DIR / "sounds" / "drowsy.wav"))
        self.translator.subscribe(self._on_language)
        for event, on_event in self._events:
            self.car.hub.subscribe(event, on_event)
        for path, handler in self._subscriptions:
            self.car.bus.subscribe(path, handler)
        self._update_clock()
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
        for path, handler in self._subscriptions:
            self.car.bus.unsubscribe(path, handler)
        # Closing the head unit switches the car off. Only after unsubscribing: the UI
        # must not redraw now, or Kivy's `app` proxy in kv would latch onto this app again.
        if self.ignition:
            try:
                self.car.services.end_drive()
            except (StopNotRecorded, StoreUnavailable):
                pass  # stopped all the same; noted in the secure element if it could be
            # (no property is set here: kv would redraw, and latch onto this app again)

    # what the driver does

    def show(self, screen: str) -> None:
        self.refusal = ""
        screens = self.root.ids.screens
        if not screens.has_screen(screen):
            screens.add_widget(SCREENS[screen](name=screen))
        screens.current = self.screen = screen

    @property
    def asked(self) -> Asked:
        """How the driver is being asked right now, for receipts."""
        return Asked(self.language, Channel.DISPLAY, self.translator)

    def ignition_on(self) -> None:
        if self.ignition or not self.attempt(lambda: self.car.services.start_drive(self.profile)):
            return
        self.ignition = True
        self._ask_if_pending()

    def ignition_off(self) -> None:
        if not self.ignition:
            return
        # Everything personal stops before the end is recorded: off even if it cannot be.
        self.attempt(self.car.services.end_drive)
        self.ignition = False
        self.notice_waiting = False
        self.show("off")

    def _ask_if_pending(self) -> None:
        """Show the notice full screen if a choice is pending, unless the car is moving."""
        self.notice_waiting = bool(pending_choices(self.car.services.catalog, self.car.gate.state))
        self.show("notice" if self.notice_waiting and not self.moving else "home")

    def open_notice(self) -> None:
        if not self.allows(Activity.EXPAND_COLLECTION):  # its buttons are disabled; a script is refused the same
            self.refusal = REFUSALS[NotParked]
            return
        self._notice_opened_from = self.screen if self.screen != "notice" else self._notice_opened_from
        self.show("notice")

    def answer_notice(self, choices: Mapping[str, Duration | None]) -> None:
        if self.attempt(lambda: self.car.services.apply_choices(choices, self.asked)):
            self.notice_waiting = False
            self.close_notice()

    def close_notice(self) -> None:
        """Back to where the driver opened the notice (home after the ignition-on notice)."""
        back, self._notice_opened_from = self._notice_opened_from, "home"
        self.show(back)

    def stop_sensor(self, sensor_id: str) -> None:
        sensor = Text(self.car.services.catalog.sensors[sensor_id].name)
        said = Text("%(sensor)s stopped: it collects nothing more", sensor=sensor)
        self._stop(lambda: self.car.services.begin_stop_sensor(sensor_id, self.asked), said)

    def stop_feature(self, feature_id: str) -> None:
        feature = Text(self.car.services.catalog.features[feature_id].name)
        said = Text("%(feature)s stopped", feature=feature)
        self._stop(lambda: self.car.services.begin_choices({feature_id: None}, self.asked), said)

    def stop_all(self) -> None:
        said = Text("Everything stopped: no camera, microphone or location is on for you")
        self._stop(lambda: self.car.services.begin_stop_all(self.asked), said)

    def _stop(self, begin: Callable[[], Stopping], said: Text) -> None:
        """A stop shows at once: carried out now (the chip goes with the next frame, and a
        short confirmation says so), and recorded once that frame is drawn, so a store that
        makes the record wait for another writer does not hold the screen."""
        begun: list[Stopping] = []
        if self.attempt(lambda: begun.append(begin())):
            self.toast = said.render(self.translator)
            Clock.schedule_once(lambda _dt: self.attempt(begun[0].record))

    def shift(self, gear: str) -> None:
        self.attempt(lambda: self.car.services.set_motion(Gear(gear), self.car.simulator.vehicle.motion.speed_kmh))

    def hold_speed(self, kmh: float | None) -> None:
        """The simulator's speed control: a steady speed in gear D, or None for the city cycle."""
        self.car.simulator.vehicle.hold(kmh)
        self.held_speed = kmh

    def switch_profile(self, profile: str) -> None:
        if not self.ignition:
            self.profile = profile  # the next drive starts with it
            return
        if self.attempt(lambda: self.car.services.switch_profile(profile)):
            self._ask_if_pending()

    def switch_language(self, language: str) -> None:
        self.translator.switch(language)

    def fast_forward(self, span: str) -> None:
        """Jump the simulator clock an hour, a day or a week: consents that end meanwhile end."""
        self.car.fast_forward(FAST_FORWARD[span].total_seconds())
        self._update_clock()
        # Lists that show expiries refresh even when no sensor changed (a feature can end
        # while another keeps its sensor on).
        self.privacy_changes += 1

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

    def advance(self, seconds: float) -> None:
        """Run the car `seconds` on the simulator clock (called every frame when realtime)."""
        if self.ignition:
            self.car.simulator.advance(seconds)
            self.driven_km = round(self.car.simulator.vehicle.distance_m / 1000, 1)
        self._update_clock()

    # what the car reports

    def _update_clock(self) -> None:
        """The time; with the date too once the car's clock is on another day than the one
        the head unit started on (the simulator fast-forwards)."""
        now = self.car.clock.now()
        today = now.astimezone(CAR_TIMEZONE).date()
        self._first_day = self._first_day or today
        time = self.translator.time(now)
        self.clock_text = time if today == self._first_day else f"{self.translator.day(now)}\n{time}"
        self.scheme = self.held_scheme or theme.scheme_at(now.astimezone(CAR_TIMEZONE).time())

    def hold_scheme(self, held: str | None) -> None:
        """Day or night colours whatever the time, or (None) by the time of day in the car."""
        self.held_scheme = held
        self._update_clock()

    def on_scheme(self, _app, scheme: str) -> None:
        theme.palette.use(scheme)

    def _on_language(self, language: str) -> None:
        # `tr` first: what kv redraws on `language` alone (texts made in Python) reads it
        self.tr = self.translator.catalog.gettext
        self.language = language
        self._update_clock()

    def _on_sensors(self, event: SensorsChanged) -> None:
        if self.car.gate.failure:
            self.store_problem = STORE_UNUSABLE
        catalog = self.car.services.catalog
        self.powered_personal = [s for s in catalog.sensors if s in event.powered and catalog.is_personal(s)]
        for sensor_id, readouts in READOUTS_OF_SENSOR.items():
            if sensor_id not in event.powered:
                for readout in readouts:
                    setattr(self, readout, None)
        self.privacy_changes += 1

    def _on_consent(self, _event: ConsentChanged) -> None:
        # The chips say where a sensor's data goes, which depends on the features it serves now.
        self.property("powered_personal").dispatch(self)
        self.privacy_changes += 1

    def _on_drive_started(self, event: DriveStarted) -> None:
        self.profile = event.drive.profile
        self.gear = Gear.PARK.value  # every drive starts parked, whatever the car did before
        self.speed = 0
        self._set_moving(False)
        self.trail = []

    def _on_motion(self, event: MotionChanged) -> None:
        self.gear = event.motion.gear.value
        self._set_moving(not event.motion.parked)

    def allows(self, activity: str, _state: str = "") -> bool:
        """May the driver do this now (kv passes `app.driving_state` to redraw when it changes)."""
        return allows(DrivingState(self.driving_state), Activity(activity))

    def on_fatigue(self, _app, level: float | None) -> None:
        self.drowsy = warn_of_drowsiness(level, self.drowsy)

    def on_drowsy(self, _app, drowsy: bool) -> None:
        """The warning is heard too, once as it starts (where the car has a speaker)."""
        if drowsy and self.chime is not None:
            self.chime.play()
            self.chimes += 1

    def on_ignition(self, _app, _ignition: bool) -> None:
        self._update_driving_state()

    def on_moving(self, _app, _moving: bool) -> None:
        self._update_driving_state()

    def _update_driving_state(self) -> None:
        self.driving_state = driving_state(self.ignition, not self.moving).value

    def _set_moving(self, moving: bool) -> None:
        if moving == self.moving:
            return
        self.moving = moving
        if moving and self.screen == "notice":
            self.show("home")  # the notice shrinks to the banner until the car stops
        self.refusal = ""

    def _on_speed(self, sample: Sample) -> None:
        self.speed = sample.value
        self._set_moving(not Motion(Gear(self.gear), sample.value).parked)

    def _set_from(self, readout: str) -> Callable[[Sample], None]:
        def update(sample: Sample) -> None:
            setattr(self, readout, sample.value)

        return update

    def _on_position(self, _sample: Sample) -> None:
        # Longitude is published after latitude: the pair is complete now.
        self.position = (self.car.bus.latest[signals.LATITUDE].value, self.car.bus.latest[signals.LONGITUDE].value)
        if not self.trail or self.trail[-1] != list(self.position):
            self.trail = (self.trail + [list(self.position)])[-TRAIL_POINTS:]
