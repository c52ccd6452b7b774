"""What the car reports, as Kivy properties the screens show: the drive, the motion, the
readouts of the personal sensors, which sensors are on. Fed by the car's domain events and
bus signals (the tables below); a part of `HeadUnitApp`."""

from collections.abc import Callable

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty

from ivi.bus import signals
from ivi.bus.signal_bus import Sample
from ivi.core.events import ConsentChanged, DriveStarted, MotionChanged, RecordChangedElsewhere, SensorsChanged
from ivi.core.fatigue import warn_of_drowsiness
from ivi.core.motion import Gear, Motion
from ivi.core.profiles import DEFAULT_PROFILE
from ivi.core.restrictions import Activity, DrivingState, allows, driving_state
from ivi.labels import STORE_UNUSABLE

TRAIL_POINTS = 2000  # the route drawn behind the car: enough for an hour at one fix a second
# The readouts that must go blank, not freeze, when their sensor is powered off.
READOUTS_OF_SENSOR = {
    "driver_camera": ("fatigue", "distraction", "eyes_on_road"),
    "heart_rate_sensor": ("heart_rate",),
    "cabin_microphone": ("mic_level",),
    "gnss": ("position",),
}


class CarState(EventDispatcher):
    profile = StringProperty(DEFAULT_PROFILE)
    ignition = BooleanProperty(False)
    speed = NumericProperty(0)
    driven_km = NumericProperty(0)  # to 0.1 km, so that it changes (and redraws) only that often
    gear = StringProperty(Gear.PARK.value)
    # Moving in the sense of the rules: collection may only expand while this is False.
    moving = BooleanProperty(False)
    driving_state = StringProperty(DrivingState.OFF.value)  # what the restrictions are asked about
    fatigue = ObjectProperty(None, allownone=True)
    drowsy = BooleanProperty(False)  # the fatigue level crossed the alert line: the driver is warned
    drowsy_dismissed = BooleanProperty(False)  # the driver dismissed this warning (until the next one)
    drowsy_shown = BooleanProperty(False)  # the warning is on screen
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

    def car_events(self) -> list[tuple[type, Callable]]:
        """The domain events the head unit listens to while it runs."""
        return [
            (SensorsChanged, self._on_sensors),
            (ConsentChanged, self._on_consent),
            (MotionChanged, self._on_motion),
            (DriveStarted, self._on_drive_started),
            (RecordChangedElsewhere, self._on_record_changed_elsewhere),
        ]

    def car_signals(self) -> list[tuple[str, Callable[[Sample], None]]]:
        """The bus signals it shows."""
        return [
            (signals.SPEED, self._on_speed),
            (signals.FATIGUE_LEVEL, self._set_from("fatigue")),
            (signals.DISTRACTION_LEVEL, self._set_from("distraction")),
            (signals.EYES_ON_ROAD, self._set_from("eyes_on_road")),
            (signals.HEART_RATE, self._set_from("heart_rate")),
            (signals.MICROPHONE_LEVEL, self._set_from("mic_level")),
            (signals.LONGITUDE, self._on_position),
        ]

    def allows(self, activity: str, _state: str = "") -> bool:
        """May the driver do this now (kv passes `app.driving_state` to redraw when it changes)."""
        return allows(DrivingState(self.driving_state), Activity(activity))

    def on_fatigue(self, _app, level: float | None) -> None:
        self.drowsy = warn_of_drowsiness(level, self.drowsy)

    def on_drowsy(self, _app, drowsy: bool) -> None:
        """The warning is heard too, once as it starts (where the car has a speaker); a new
        warning shows even if the last was dismissed."""
        if drowsy and self.chime is not None:
            self.chime.play()
            self.chimes += 1
        if drowsy:
            self.drowsy_dismissed = False
        self.drowsy_shown = drowsy and not self.drowsy_dismissed

    def on_drowsy_dismissed(self, _app, dismissed: bool) -> None:
        self.drowsy_shown = self.drowsy and not dismissed

    def on_ignition(self, _app, _ignition: bool) -> None:
        self._update_driving_state()

    def on_moving(self, _app, moving: bool) -> None:
        self._update_driving_state()
        self.refusal = ""
        if moving and self.screen == "notice":
            self.show("home")  # the notice shrinks to the banner until the car stops

    def _update_driving_state(self) -> None:
        self.driving_state = driving_state(self.ignition, not self.moving).value

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

    def _on_record_changed_elsewhere(self, _event: RecordChangedElsewhere) -> None:
        """Another process (the `ivi` command, a phone app) changed the record: a drive it
        ended shows as the ignition off, and every list of consents is read again."""
        if self.ignition and self.car.gate.failure is None and self.car.services.current_drive() is None:
            self.ignition = False
            self.notice_waiting = False
            self.show("off")
        # The chips say where a sensor's data goes and whether it can be stopped, which depends
        # on the features it serves: those may have changed while the sensors on did not.
        self.property("powered_personal").dispatch(self)
        self.privacy_changes += 1

    def _on_drive_started(self, event: DriveStarted) -> None:
        self.profile = event.drive.profile
        self.gear = Gear.PARK.value  # every drive starts parked, whatever the car did before
        self.speed = 0
        self.moving = False
        self.trail = []

    def _on_motion(self, event: MotionChanged) -> None:
        self.gear = event.motion.gear.value
        self.moving = not event.motion.parked

    def _on_speed(self, sample: Sample) -> None:
        self.speed = sample.value
        self.moving = not Motion(Gear(self.gear), sample.value).parked

    def _set_from(self, readout: str) -> Callable[[Sample], None]:
        def update(sample: Sample) -> None:
            setattr(self, readout, sample.value)

        return update

    def _on_position(self, _sample: Sample) -> None:
        # Longitude is published after latitude: the pair is complete now.
        latest = self.car.bus.latest
        self.position = (latest[signals.LATITUDE].value, latest[signals.LONGITUDE].value)
        if not self.trail or self.trail[-1] != list(self.position):
            self.trail = (self.trail + [list(self.position)])[-TRAIL_POINTS:]
