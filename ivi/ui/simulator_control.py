"""The car's controls a test rig or the simulator drawer works: ignition, gear, speed, the
simulator clock (each frame, and fast-forward) and the colour scheme it sets; a part of
`HeadUnitApp`."""

from datetime import date, timedelta

from kivy.core.window import Window
from kivy.event import EventDispatcher
from kivy.properties import ObjectProperty, StringProperty

from ivi.core.clock import CAR_TIMEZONE
from ivi.core.motion import Gear
from ivi.ui import theme

FAST_FORWARD = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}


class SimulatorControl(EventDispatcher):
    clock_text = StringProperty()
    held_speed = ObjectProperty(None, allownone=True)  # the simulator's speed control, None: city cycle
    held_scheme = ObjectProperty(None, allownone=True)  # "day" or "night" as chosen; None: by the time of day
    scheme = StringProperty("night")  # the colours on screen now: "day" or "night"
    _first_day: date | None = None  # the day the head unit started on, by the car's clock

    def ignition_on(self) -> None:
        if self.ignition or not self.attempt(lambda: self.car.services.start_drive(self.profile)):
            return
        self.ignition = True
        self.ask_if_pending()

    def ignition_off(self) -> None:
        if not self.ignition:
            return
        # Everything personal stops before the end is recorded: off even if it cannot be.
        self.attempt(self.car.services.end_drive)
        self.ignition = False
        self.notice_waiting = False
        self.show("off")

    def shift(self, gear: str) -> None:
        self.attempt(lambda: self.car.services.set_motion(Gear(gear), self.car.simulator.vehicle.motion.speed_kmh))

    def hold_speed(self, kmh: float | None) -> None:
        """A steady speed in gear D, or None for the city cycle."""
        self.car.simulator.vehicle.hold(kmh)
        self.held_speed = kmh

    def advance(self, seconds: float) -> None:
        """Run the car `seconds` on the simulator clock (called every frame when realtime)."""
        if self.ignition:
            self.car.simulator.advance(seconds)
            self.driven_km = round(self.car.simulator.vehicle.distance_m / 1000, 1)
        self.update_clock()

    def fast_forward(self, span: str) -> None:
        """Jump the simulator clock an hour, a day or a week: consents that end meanwhile end."""
        self.car.fast_forward(FAST_FORWARD[span].total_seconds())
        self.update_clock()
        # Lists that show expiries refresh even when no sensor changed (a feature can end
        # while another keeps its sensor on).
        self.privacy_changes += 1

    def update_clock(self) -> None:
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
        self.update_clock()

    def on_scheme(self, _app, scheme: str) -> None:
        theme.palette.use(scheme)
        self.clear_with_background()

    def clear_with_background(self) -> None:
        """The screen's background is the window's clear colour, not a rectangle over the
        whole window: on a software renderer each full-window layer costs a sixth of a frame."""
        Window.clearcolor = theme.palette.BACKGROUND
