"""The status bar: a chip for every personal sensor that is on, or a line saying none is;
under it, the banner of a notice that waits, and a reminder the day before a consent ends;
beside it all, the navigation rail with the
clock and the drive state on top (so the chips have the bar's whole width).

A chip is the driver's one-tap stop (CN-09): tapping it revokes every feature that keeps
that sensor powered.
"""

from dataclasses import dataclass
from pathlib import Path

from babel.lists import format_list
from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from ivi.car import Car
from ivi.core.catalog import Processing
from ivi.core.restrictions import DrivingState
from ivi.i18n.translator import N_
from ivi.ui.overlay import Shield

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


@dataclass(frozen=True)
class LiveSensor:
    """How a powered personal sensor is shown, in a chip or the privacy centre."""

    features: frozenset[str]  # the features its samples serve now
    leaves_car: bool
    stoppable: bool  # False when only a driving-safety function that needs no consent powers it


def live_sensor(car: Car, sensor_id: str) -> LiveSensor:
    catalog = car.services.catalog
    served = car.gate.features_served_by(sensor_id)
    leaves = catalog.processing_of(sensor_id, served) is Processing.LEAVES_CAR
    return LiveSensor(served, leaves, catalog.stoppable(sensor_id, served))


class SensorChip(ButtonBehavior, BoxLayout):
    sensor_id = StringProperty()
    sensor_name = StringProperty()  # msgid, translated in kv
    leaves_car = BooleanProperty(False)
    # False when only a driving-safety function that needs no consent powers the sensor
    stoppable = BooleanProperty(True)

    def on_release(self) -> None:
        if self.stoppable:
            App.get_running_app().stop_sensor(self.sensor_id)


class NoSensorOn(Label):
    """Stands where the chips would: the driver sees that nothing personal is collected."""


class StatusBar(BoxLayout):
    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        app.bind(powered_personal=self.show_chips)
        self.show_chips(app, app.powered_personal)

    def show_chips(self, app, sensor_ids) -> None:
        """The chips in catalog order. A chip whose sensor stays on is kept, only brought up to
        date: a stop then costs one chip less to draw, not every chip's texts made anew."""
        chips = self.ids.chips
        kept = {c.sensor_id: c for c in chips.children if isinstance(c, SensorChip) and c.sensor_id in sensor_ids}
        chips.clear_widgets()
        catalog = app.car.services.catalog
        for sensor_id in sensor_ids:
            live = live_sensor(app.car, sensor_id)
            chip = kept.get(sensor_id) or SensorChip(sensor_id=sensor_id, sensor_name=catalog.sensors[sensor_id].name)
            chip.leaves_car, chip.stoppable = live.leaves_car, live.stoppable
            chips.add_widget(chip)
        if not sensor_ids:
            chips.add_widget(NoSensorOn())


class StoreProblem(Label):
    """Why the consent store let the car down (a stop not recorded, a store it cannot read),
    in one line under the chips: what was stopped stays off."""


class NavRail(BoxLayout):
    """Home, the privacy centre and the simulator drawer, one tap from anywhere."""


class DrowsinessWarning(Shield, BoxLayout):
    """The fatigue alert the driver consented to: a line under the chips, in the alert
    colour, while the fatigue level is past the alert line, over the screen (which does not
    move under it) until the driver dismisses it; a tap on it reaches nothing beneath."""


class NoticeBanner(BoxLayout):
    """The notice while it cannot be shown full screen: one line, and a way back to it."""


ENDING = N_("Ending within a day: %(features)s, the first at %(until)s. Renew to keep them on.")


class RenewalBanner(BoxLayout):
    """The day before a consent ends, wherever the driver is (not only in the privacy
    centre): what ends when, a way to renew it in the notice, and "not now" until the next
    drive or another consent nears its end. Only while parked: renewing is for then."""

    text = StringProperty()
    shown = BooleanProperty(False)
    _ending = ListProperty()  # (feature id, expires_at) of the consents that end within a day
    _dismissed: frozenset = frozenset()

    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        # The consents are read again when they or the time may have changed, a frame later
        # (never in the frame that shows a stop); what only moves the banner does not read them.
        self._reload = Clock.create_trigger(self.reload)
        app.bind(clock_text=self._reload, privacy_changes=self._reload, language=self._reload)
        app.bind(driving_state=self._place, screen=self._place, notice_waiting=self._place)
        app.bind(ignition=self._ask_again, on_stop=lambda *_: self._reload.cancel())  # the store closes
        self.reload()

    def reload(self, *_args) -> None:
        app = App.get_running_app()
        now = app.car.clock.now()
        ending = [s for s in app.car.services.status() if s.ends_soon(now)]
        self._ending = [(s.feature.id, s.running.expires_at) for s in ending]
        first = min((s.running.expires_at for s in ending), default=None)
        names = format_list([app.tr(s.feature.name) for s in ending], locale=app.translator.locale)
        self.text = app.tr(ENDING) % {"features": names, "until": app.translator.moment(first, now)} if ending else ""
        self._place()

    def _place(self, *_args) -> None:
        app = App.get_running_app()
        self.shown = (
            bool(self._ending)
            and not set(self._ending) <= self._dismissed
            and app.driving_state == DrivingState.PARKED.value
            and app.screen != "notice"
            and not app.notice_waiting
        )

    def not_now(self) -> None:
        self._dismissed = frozenset(self._ending)
        self._place()

    def _ask_again(self, *_args) -> None:
        """Each drive reminds again."""
        self._dismissed = frozenset()
        self._reload()
