"""The head-unit app: wires the car's events and signals to Kivy properties the kv files show,
and turns taps into service calls."""

from collections.abc import Mapping
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from ivi.bootstrap import Car
from ivi.bus import signals
from ivi.bus.signal_bus import Sample
from ivi.core.durations import Duration
from ivi.core.errors import InvalidMotion, NotParked
from ivi.core.events import ConsentChanged, MotionChanged, SensorsChanged
from ivi.core.motion import Gear
from ivi.core.policy import pending_choices
from ivi.core.records import Channel
from ivi.i18n import N_, Translator
from ivi.services import Asked
from ivi.ui import theme

# The screens and the status bar load their kv rules on import; the root rule below names them.
from ivi.ui.screens.home import HomeScreen  # noqa: F401
from ivi.ui.screens.ignition_off import IgnitionOffScreen  # noqa: F401
from ivi.ui.screens.notice import NoticeScreen  # noqa: F401
from ivi.ui.status_bar import StatusBar  # noqa: F401

theme.register_fonts()
Builder.load_file(str(Path(__file__).with_name("theme.kv")))
Builder.load_file(str(Path(__file__).with_suffix(".kv")))

FRAME_SECONDS = 1 / 30
# The readouts that must go blank, not freeze, when their sensor is powered off.
READOUTS_OF_SENSOR = {"driver_camera": "fatigue", "gnss": "position"}
# What the driver is told when the car refuses a tap, by the refusal's kind.
REFUSALS = {
    NotParked: N_("Park the car to switch this on. Stopping works at any time."),
    InvalidMotion: N_("Come to a stop before you select P."),
}


class HeadUnitRoot(BoxLayout):
    pass


class HeadUnitApp(App):
    title = "ivi"
    tr = ObjectProperty()  # the current language's gettext; kv rebinds when it changes
    language = StringProperty()
    ignition = BooleanProperty(False)
    clock_text = StringProperty()
    speed = NumericProperty(0)
    fatigue = ObjectProperty(None, allownone=True)
    position = ObjectProperty(None, allownone=True)
    route = ListProperty()
    powered_personal = ListProperty()  # the sensors with a chip in the status bar
    gear = StringProperty(Gear.PARK.value)
    refusal = StringProperty()  # msgid of why the last tap was refused, "" if it was not

    def __init__(self, car: Car, translator: Translator, realtime: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.car = car
        self.translator = translator
        self.realtime = realtime  # False in tests: only the test moves the simulator clock
        self._tick = None
        self._on_language(translator.language)
        self.route = [list(p) for p in car.route.points]
        self._events = [
            (SensorsChanged, self._on_sensors),
            (ConsentChanged, self._on_consent),
            (MotionChanged, self._on_motion),
        ]
        self._subscriptions = [
            (signals.SPEED, self._on_speed),
            (signals.FATIGUE_LEVEL, self._on_fatigue),
            (signals.LONGITUDE, self._on_position),
        ]

    def build(self) -> HeadUnitRoot:
        return HeadUnitRoot()

    def on_start(self) -> None:
        self.translator.subscribe(self._on_language)
        for event, on_event in self._events:
            self.car.hub.subscribe(event, on_event)
        for path, handler in self._subscriptions:
            self.car.bus.subscribe(path, handler)
        self._update_clock()
        if self.realtime:
            self._tick = Clock.schedule_interval(self.advance, FRAME_SECONDS)
            self.ignition_on()

    def on_stop(self) -> None:
        if self._tick is not None:
            self._tick.cancel()
        self.translator.unsubscribe(self._on_language)
        for event, on_event in self._events:
            self.car.hub.unsubscribe(event, on_event)
        for path, handler in self._subscriptions:
            self.car.bus.unsubscribe(path, handler)
        # Closing the head unit switches the car off. Only after unsubscribing: the UI
        # must not redraw now, or Kivy's `app` proxy in kv would latch onto this app again.
        if self.ignition:
            self.car.services.end_drive()

    # what the driver does

    def show(self, screen: str) -> None:
        self.root.ids.screens.current = screen

    @property
    def asked(self) -> Asked:
        """How the driver is being asked right now, for receipts."""
        return Asked(self.language, Channel.DISPLAY)

    def ignition_on(self) -> None:
        self.car.services.start_drive()
        self.ignition = True
        self.gear = Gear.PARK.value
        pending = pending_choices(self.car.services.catalog, self.car.gate.state)
        self.show("notice" if pending else "home")

    def ignition_off(self) -> None:
        self.car.services.end_drive()
        self.ignition = False
        self.speed = 0
        self.show("off")

    def answer_notice(self, choices: Mapping[str, Duration | None]) -> None:
        if self._attempt(lambda: self.car.services.apply_choices(choices, self.asked)):
            self.show("home")

    def stop_sensor(self, sensor_id: str) -> None:
        self.car.services.stop_sensor(sensor_id, self.asked)

    def shift(self, gear: str) -> None:
        self._attempt(lambda: self.car.services.set_motion(Gear(gear), self.car.simulator.vehicle.motion.speed_kmh))

    def _attempt(self, action) -> bool:
        """Run a driver's request; if the car refuses it, say why on screen instead."""
        try:
            action()
        except (NotParked, InvalidMotion) as refused:
            self.refusal = REFUSALS[type(refused)]
            return False
        self.refusal = ""
        return True

    def switch_language(self, language: str) -> None:
        self.translator.switch(language)

    def advance(self, seconds: float) -> None:
        """Run the car `seconds` on the simulator clock (called every frame when realtime)."""
        if self.ignition:
            self.car.simulator.advance(seconds)
        self._update_clock()

    # what the car reports

    def _update_clock(self) -> None:
        self.clock_text = self.translator.time(self.car.clock.now())

    def _on_language(self, language: str) -> None:
        self.language = language
        self.tr = self.translator.catalog.gettext
        self._update_clock()

    def _on_sensors(self, event: SensorsChanged) -> None:
        catalog = self.car.services.catalog
        self.powered_personal = [s for s in catalog.sensors if s in event.powered and catalog.is_personal(s)]
        for sensor_id, readout in READOUTS_OF_SENSOR.items():
            if sensor_id not in event.powered:
                setattr(self, readout, None)

    def _on_consent(self, _event: ConsentChanged) -> None:
        # The chips say where a sensor's data goes, which depends on the features it serves now.
        self.property("powered_personal").dispatch(self)

    def _on_motion(self, event: MotionChanged) -> None:
        self.gear = event.motion.gear.value

    def _on_speed(self, sample: Sample) -> None:
        self.speed = sample.value

    def _on_fatigue(self, sample: Sample) -> None:
        self.fatigue = sample.value

    def _on_position(self, _sample: Sample) -> None:
        # Longitude is published after latitude: the pair is complete now.
        self.position = (self.car.bus.latest[signals.LATITUDE].value, self.car.bus.latest[signals.LONGITUDE].value)
