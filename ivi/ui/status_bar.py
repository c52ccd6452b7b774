"""The status bar: clock, drive state, and a chip for every personal sensor that is on;
under it, the banner of a notice that waits; beside it all, the navigation rail.

A chip is the driver's one-tap stop (CN-09): tapping it revokes every feature that keeps
that sensor powered.
"""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from ivi.core.catalog import Processing

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class SensorChip(ButtonBehavior, BoxLayout):
    sensor_id = StringProperty()
    sensor_name = StringProperty()  # msgid, translated in kv
    leaves_car = BooleanProperty(False)
    # False when only a driving-safety function that needs no consent powers the sensor
    stoppable = BooleanProperty(True)

    def on_release(self) -> None:
        if self.stoppable:
            App.get_running_app().stop_sensor(self.sensor_id)


class StatusBar(BoxLayout):
    def on_kv_post(self, _base) -> None:
        app = App.get_running_app()
        app.bind(powered_personal=self.show_chips)
        self.show_chips(app, app.powered_personal)

    def show_chips(self, app, sensor_ids) -> None:
        chips = self.ids.chips
        chips.clear_widgets()
        catalog = app.car.services.catalog
        for sensor_id in sensor_ids:
            served = app.car.gate.features_served_by(sensor_id)
            chips.add_widget(
                SensorChip(
                    sensor_id=sensor_id,
                    sensor_name=catalog.sensors[sensor_id].name,
                    leaves_car=catalog.processing_of(sensor_id, served) is Processing.LEAVES_CAR,
                    stoppable=catalog.stoppable(sensor_id, served),
                )
            )


class NavRail(BoxLayout):
    """Home, the privacy centre and the simulator drawer, one tap from anywhere."""


class NoticeBanner(BoxLayout):
    """The notice while it cannot be shown full screen: one line, and a way back to it."""
