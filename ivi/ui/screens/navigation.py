"""Navigation: the route, the way the car has come along it, and where it is now.

The trail and the dot only grow while location is on; otherwise the screen says so.
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


class RouteView(Widget):
    """The route scaled into the widget, the trail driven so far, and a dot at the car."""

    route = ListProperty()  # [(latitude, longitude), ...]
    trail = ListProperty()
    position = ObjectProperty(None, allownone=True)

    def on_kv_post(self, _base) -> None:
        self.bind(size=self.redraw, pos=self.redraw, route=self.redraw, trail=self.redraw, position=self.redraw)
        theme.palette.bind(TRACK=self.redraw)  # a new theme: drawn in its colours
        self.redraw()

    def _to_widget(self, latitude: float, longitude: float) -> tuple[float, float]:
        lats = [p[0] for p in self.route]
        lons = [p[1] for p in self.route]
        span = max(max(lats) - min(lats), max(lons) - min(lons)) or 1.0
        scale = (min(self.width, self.height) - dp(40)) / span
        x = self.center_x + (longitude - (min(lons) + max(lons)) / 2) * scale
        y = self.center_y + (latitude - (min(lats) + max(lats)) / 2) * scale
        return x, y

    def _points(self, points: list) -> list[float]:
        return [c for p in points for c in self._to_widget(*p)]

    def redraw(self, *_args) -> None:
        self.canvas.clear()
        if len(self.route) < 2:
            return
        with self.canvas:
            Color(*theme.palette.TRACK)
            Line(points=self._points(self.route), width=dp(4), joint="round", cap="round")
            if len(self.trail) >= 2:
                Color(*theme.palette.SELECTED)
                Line(points=self._points(self.trail), width=dp(6), joint="round", cap="round")
            if self.position is not None:
                x, y = self._to_widget(*self.position)
                Color(*theme.palette.TEXT)
                Ellipse(pos=(x - dp(14), y - dp(14)), size=(dp(28), dp(28)))
                Color(*theme.palette.SELECTED)
                Ellipse(pos=(x - dp(10), y - dp(10)), size=(dp(20), dp(20)))


class NavigationScreen(Screen):
    pass
