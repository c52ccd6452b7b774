"""Home: live driver monitoring and the route.

The gauge and the map only move while their sensor is powered; otherwise they say so.
"""

from pathlib import Path

from kivy.graphics import Color, Ellipse, Line
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import ListProperty, ObjectProperty
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from ivi.ui import theme

Builder.load_file(str(Path(__file__).with_suffix(".kv")))


class FatigueGauge(Widget):
    value = ObjectProperty(None, allownone=True)  # percent, None while the camera is off


class RouteView(Widget):
    """The route scaled into the widget, and a dot where the car is (when location is on)."""

    route = ListProperty()  # [(latitude, longitude), ...]
    position = ObjectProperty(None, allownone=True)

    def on_kv_post(self, _base) -> None:
        self.bind(size=self.redraw, pos=self.redraw, route=self.redraw, position=self.redraw)
        self.redraw()

    def _to_widget(self, latitude: float, longitude: float) -> tuple[float, float]:
        lats = [p[0] for p in self.route]
        lons = [p[1] for p in self.route]
        span = max(max(lats) - min(lats), max(lons) - min(lons)) or 1.0
        scale = (min(self.width, self.height) - dp(40)) / span
        x = self.center_x + (longitude - (min(lons) + max(lons)) / 2) * scale
        y = self.center_y + (latitude - (min(lats) + max(lats)) / 2) * scale
        return x, y

    def redraw(self, *_args) -> None:
        self.canvas.clear()
        if len(self.route) < 2:
            return
        points = [c for p in self.route for c in self._to_widget(*p)]
        with self.canvas:
            Color(*theme.TRACK)
            Line(points=points, width=dp(4), joint="round", cap="round")
            if self.position is not None:
                x, y = self._to_widget(*self.position)
                Color(*theme.SELECTED)
                Ellipse(pos=(x - dp(12), y - dp(12)), size=(dp(24), dp(24)))


class HomeScreen(Screen):
    pass
