"""HeadUnitDriver: a QA engineer's handle on a running head unit.

It taps and swipes real widgets through Kivy's input path (a `Touch` at the widget's
centre), steps frames with `EventLoop.idle()`, and moves time only on the simulator clock.
Selectors: `id:NAME` matches a widget whose kv sets `test_id: "NAME"`; `text:TEXT` matches a
widget showing exactly TEXT in the current language; `contains:PART` one whose text contains
PART, in any case.

The car around the head unit (ignition, gear, speed) is set the way a test rig would inject
it on the vehicle bus, through the simulator, not by tapping the simulator drawer.
"""

import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kivy.base import EventLoop
from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from ivi.car import build_car
from ivi.core.clock import SimulatedClock
from ivi.core.egress import Attempt
from ivi.i18n.translator import Translator
from ivi.paths import LOCALES_DIR
from ivi.testing.clock import TEST_START
from ivi.testing.layout import uncovered
from ivi.testing.pictures import save_png, window_pixels
from ivi.testing.touch import Touch
from ivi.ui.app import HeadUnitApp

if TYPE_CHECKING:
    from ivi.net.car_network import CarNetwork
    from ivi.net.traffic import Traffic

FRAMES_PER_STEP = 2
# A swipe: the finger moves in steps, then the list's scroll effect settles over some frames.
SWIPES = {"up": (0, 1), "down": (0, -1), "left": (-1, 0), "right": (1, 0)}
SWIPE_MOVES = 8
SWIPE_SETTLE_FRAMES = 10
WAIT_TICK_S = 0.5  # how far `wait_for` and `set_speed` move the simulator clock between looks
SPEED_SETTLE_S = 60.0  # the longest `set_speed` runs the car to reach a speed (0 to 120 km/h takes 17 s)


MARKUP_TAG = re.compile(r"\[/?[a-z]+(=[^\]]*)?\]")
ICON_CHARACTERS = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]\\s?")  # Material Symbols: private use


def shown_text(widget: Widget) -> str | None:
    """The words a widget shows: a markup label without its tags and its icons."""
    text = getattr(widget, "text", None)
    if not isinstance(text, str):
        return None
    if getattr(widget, "markup", False):
        text = ICON_CHARACTERS.sub("", MARKUP_TAG.sub("", text)).strip()
    return text


class SelectorNotFound(AssertionError):
    pass


class SpeedNotReached(AssertionError):
    pass


def start_headless(app: HeadUnitApp) -> None:
    """What `App.run()` does before its event loop: build, show on the Window, start."""
    app.root = app.build()
    Window.add_widget(app.root)
    app.dispatch("on_start")


def launch(
    db_path: Path,
    language: str = "zh_CN",
    clock: SimulatedClock | None = None,
    screenshot_dir: Path | None = None,
    locales_dir: Path = LOCALES_DIR,
    draw_every_frame: bool = False,
    network: Path | None = None,
) -> "HeadUnitDriver":
    """A head unit on a fresh simulator clock, ignition off, ready to be driven; with
    `network` (a folder for the cloud's store and the capture), on the car's network of ECUs
    (`ivi.net.car_network`), which closes with it."""
    car = build_car(db_path, clock or SimulatedClock(TEST_START))
    ecus = None
    if network is not None:
        from ivi.net.car_network import CarNetwork  # Zenoh only for the head units that use it

        try:
            ecus = CarNetwork(db_path, network)
            ecus.connect(car)
        except BaseException:
            car.close()
            raise
    app = HeadUnitApp(car, Translator(language, locales_dir), realtime=False)
    start_headless(app)
    driver = HeadUnitDriver(app, screenshot_dir, draw_every_frame, ecus)
    driver.step()
    return driver


@contextmanager
def answered_head_unit(language: str = "en", draw_every_frame: bool = False) -> Iterator["HeadUnitDriver"]:
    """A head unit on a database of its own, ignition on, the notice answered "keep all
    off"; closed, and its database gone, afterwards (for benchmarks and one-off scripts)."""
    with tempfile.TemporaryDirectory(prefix="ivi-head-unit-") as work:
        head_unit = launch(Path(work) / "car.db", language=language, draw_every_frame=draw_every_frame)
        try:
            head_unit.ignition_on()
            head_unit.tap("id:keep_all_off")
            yield head_unit
        finally:
            head_unit.close()


def _not_drawn(*_args: object) -> bool:
    return True  # handled: Kivy's own handler (clear, draw; swap the buffers) does not run


class HeadUnitDriver:
    """Frames run as in the car (clock, touches, layout, label textures) but are drawn only
    when a picture is taken (`ivi.testing.pictures.window_pixels` draws the window first):
    drawing 1280×720 in software is most of a frame's time here, and nobody looks at the rest.
    With `draw_every_frame` (benchmarks of what the driver sees) each frame is drawn as well."""

    def __init__(
        self,
        app: HeadUnitApp,
        screenshot_dir: Path | None = None,
        draw_every_frame: bool = False,
        network: "CarNetwork | None" = None,
    ):
        self.app = app
        self.car = app.car
        self.network = network  # the ECUs, the T-Box and the cloud, if the car is on its network
        self.traffic_seen = 0  # requests that had left the car at the last `traffic` step
        self.screenshot_dir = screenshot_dir
        self._undrawn = not draw_every_frame
        if self._undrawn:
            Window.fbind("on_draw", _not_drawn)
            Window.fbind("on_flip", _not_drawn)

    def close(self) -> None:
        """Stop the app and take it off the Window, which the next test reuses."""
        self.app.dispatch("on_stop")
        Window.remove_widget(self.app.root)
        if self._undrawn:
            Window.funbind("on_draw", _not_drawn)
            Window.funbind("on_flip", _not_drawn)
        try:
            if self.network is not None:
                self.network.close()
        finally:
            self.car.close()

    # frames and time

    def step(self, frames: int = FRAMES_PER_STEP) -> None:
        for _ in range(frames):
            EventLoop.idle()

    def advance(self, seconds: float) -> None:
        """Run the car `seconds` on the simulator clock, then draw."""
        self.app.advance(seconds)
        self.step()

    # finding widgets

    def _widgets(self, within: Widget | None = None, reachable: bool = False) -> Iterator[Widget]:
        """Every widget on screen: hidden ones (opacity 0, as kv hides them) are not. With
        `reachable`, only those a finger can reach: an overlay (a widget with `covers_siblings`)
        takes every touch meant for the siblings beneath it."""
        stack = [within] if within is not None else list(Window.children)
        while stack:
            widget = stack.pop()
            if widget.opacity == 0:
                continue
            yield widget
            stack.extend(uncovered(widget.children) if reachable else widget.children)

    def _matches(self, widget: Widget, selector: str) -> bool:
        kind, _, value = selector.partition(":")
        if kind == "id":
            return getattr(widget, "test_id", None) == value
        text = shown_text(widget)
        if kind == "text":
            return text == value
        if kind == "contains":
            return isinstance(text, str) and value.casefold() in text.casefold()
        raise ValueError(f"selector '{selector}' is none of id:NAME, text:TEXT, contains:PART")

    def tappable(self) -> list[str]:
        """The selectors (id:NAME) of every enabled button on screen, in a stable order."""
        return sorted(
            {
                f"id:{w.test_id}"
                for w in self._widgets(reachable=True)
                if isinstance(w, ButtonBehavior) and not w.disabled and getattr(w, "test_id", "")
            }
        )

    def find(self, selector: str) -> Widget | None:
        """The widget on screen that the selector names, or None."""
        return next((w for w in self._widgets() if self._matches(w, selector)), None)

    def is_visible(self, selector: str) -> bool:
        return self.find(selector) is not None

    def texts(self, within: Widget | None = None) -> list[str]:
        """Every text on screen (or in one widget), for assertions and for failure messages."""
        return [text for w in self._widgets(within) if (text := shown_text(w))]

    def wait_for(self, selector: str, timeout: float = 0.0) -> Widget:
        """The widget the selector names, once it is on screen. With `timeout`, the car runs
        on up to that many simulated seconds while waiting (for an alert, a chip, an expiry).
        If it never shows, a screenshot is saved and the error says what was on screen."""
        if (widget := self.find(selector)) is not None:
            return widget
        for _ in range(FRAMES_PER_STEP):  # what a tap just started (a screen built, a list filled)
            self.step(1)
            if (widget := self.find(selector)) is not None:
                return widget
        if self._run_car_until(lambda: self.find(selector) is not None, timeout):
            return self.find(selector)
        picture = f"; screenshot: {self._failure_picture(selector)}" if self.screenshot_dir else ""
        raise SelectorNotFound(f"nothing matches {selector!r} after {timeout:g} s; on screen: {self.texts()}{picture}")

    def _run_car_until(self, done: Callable[[], bool], seconds: float) -> bool:
        """Run the car on, WAIT_TICK_S at a time with a frame drawn after each, until `done()`
        or `seconds` have passed on the simulator clock. Returns whether it got done."""
        waited = 0.0
        while not done():
            if waited >= seconds:
                return False
            self.app.advance(WAIT_TICK_S)
            waited += WAIT_TICK_S
            self.step(1)
        return True

    def _failure_picture(self, selector: str) -> Path:
        return self.screenshot("not-found-" + "".join(c if c.isalnum() else "_" for c in selector))

    def text_of(self, selector: str) -> str:
        return shown_text(self.wait_for(selector)) or ""

    # acting

    def _scroll_views_around(self, widget: Widget) -> list[ScrollView]:
        views, parent = [], widget.parent
        while parent is not None and parent is not Window:
            if isinstance(parent, ScrollView):
                views.append(parent)
            parent = parent.parent
        return views

    def _reveal(self, widget: Widget, selector: str) -> tuple[float, float]:
        """Scroll the widget into view, as a finger would, and return its centre on the window."""
        views = self._scroll_views_around(widget)
        before = [(view.scroll_x, view.scroll_y) for view in views]
        for view in views:
            view.scroll_to(widget, animate=False)
        if [(view.scroll_x, view.scroll_y) for view in views] != before:
            self.step()  # lay out what scrolled in
        x, y = widget.to_window(*widget.center)
        for view in views:
            if not view.collide_point(*view.to_parent(*view.to_widget(x, y))):
                raise AssertionError(f"{selector!r} cannot be scrolled into view")
        return x, y

    def tap(self, selector: str) -> None:
        widget = self.wait_for(selector)
        if widget.disabled:
            raise AssertionError(f"{selector!r} is disabled; on screen: {self.texts()}")
        if not any(w is widget for w in self._widgets(reachable=True)):
            raise AssertionError(f"{selector!r} is covered by a view on top of it; on screen: {self.texts()}")
        x, y = self._reveal(widget, selector)
        touch = Touch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.step()

    def swipe(self, selector: str, direction: str) -> None:
        """Drag a finger across the widget, from its centre towards `direction` (up, down,
        left or right) by half its size: a list scrolls the other way, as under a finger."""
        dx, dy = SWIPES[direction]
        widget = self.wait_for(selector)
        x, y = widget.to_window(*widget.center)
        touch = Touch(x, y)
        touch.touch_down()
        for part in range(1, SWIPE_MOVES + 1):
            share = part / SWIPE_MOVES
            touch.touch_move(x + dx * share * widget.width / 2, y + dy * share * widget.height / 2)
        touch.touch_up()
        self.step(SWIPE_SETTLE_FRAMES)

    # the car around the head unit

    def ignition_on(self) -> None:
        self.tap("id:ignition_on")

    def ignition_off(self) -> None:
        self.app.ignition_off()
        self.step()

    def set_gear(self, gear: str) -> None:
        """Move the gear lever; a refusal (P while moving) shows on screen, as for a driver."""
        self.app.shift(gear)
        self.step()

    def set_speed(self, kmh: float | None) -> None:
        """Drive at `kmh` in gear D: the car eases there on the simulator clock (no harsh
        event is faked), and returns once it is there. None drives the city cycle (stops
        and starts, a hard stop about every three minutes) from now on."""
        self.app.hold_speed(kmh)
        if kmh is None:
            self.step()
            return
        vehicle = self.car.simulator.vehicle
        # there, and the bus has carried it to the head unit's readout
        if self._run_car_until(
            lambda: abs(vehicle.motion.speed_kmh - kmh) < 0.05 and abs(self.app.speed - kmh) < 0.05, SPEED_SETTLE_S
        ):
            self.step()
            return
        raise SpeedNotReached(f"the car did not reach {kmh:g} km/h in {SPEED_SETTLE_S:g} s (gear {self.app.gear})")

    def fast_forward(self, span: str) -> None:
        """Jump the simulator clock an hour, a day or a week, as the drawer does."""
        self.app.fast_forward(span)
        self.step()

    def outbound(self) -> "Traffic":
        """What left the car, checked (`ivi.net.car_network.outbound`)."""
        from ivi.net.car_network import outbound

        return outbound(self.car, self.network)

    def set_language(self, language: str) -> None:
        self.app.switch_language(language)
        self.step()

    # evidence

    def samples(self, path: str) -> int:
        """How many samples the bus has carried on a VSS path since the app started."""
        return self.car.bus.counts[path]

    def egress(self) -> list[Attempt]:
        """Every attempt to send data out of the car, allowed or refused, oldest first."""
        return self.car.services.egress_log()

    def screenshot(self, target: str | Path) -> Path:
        """Save what is on screen: a name goes into the screenshot folder as NAME.png; a path
        ending in .png is used as it is."""
        path = Path(target)
        if path.suffix != ".png":
            if self.screenshot_dir is None:
                raise ValueError("this driver was made without a screenshot folder: give a .png path")
            path = self.screenshot_dir / f"{target}.png"
        self.step()
        return save_png(window_pixels(), path)
