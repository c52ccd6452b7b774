"""How long a stop takes to show while the car moves: from a finger lifting off a sensor's
chip to the first drawn frame without that chip, with every other personal sensor streaming
and the car driving (the simulator advances a frame's worth before every frame, as the demo's
clock does). Against, in the same run, the least a tap can cost: a bare Kivy button whose
release removes a widget, and the frame that shows it.

The stop does more than the bare tap: the revoke is written durably (fsync) before the chip
goes, the sensors are powered off, the chips are rebuilt. The line is 100 ms a stop.

A frame counts as shown once the GL driver has drawn it (glFinish), as a window's buffer swap
waits for it: headless, nothing else makes Mesa's software renderer draw, and frames queue up
unseen until a texture upload has to wait for all of them. So the finger lands on a screen
whose frames are all drawn, and the clock stops when the frame without the chip is.

Run from a checkout: python bench/stop_latency.py; with --window in a real window on $DISPLAY
(e.g. Xvfb), where the buffer swap draws each frame and no glFinish is added.
"""

import argparse
import statistics
import time

from ivi.ui.kivy_setup import configure

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--rounds", type=int, default=10)
parser.add_argument("--window", action="store_true", help="draw in a real window on $DISPLAY")
ARGS = parser.parse_args()
configure(headless=not ARGS.window)

from kivy.base import EventLoop  # Kivy only after it is told where it draws
from kivy.core.window import Window
from kivy.graphics.opengl import glFinish
from kivy.uix.button import Button
from kivy.uix.label import Label

from ivi.testing.driver import HeadUnitDriver, answered_head_unit
from ivi.testing.touch import Touch
from ivi.ui.app import FRAME_SECONDS

# The chip each round stops, and the features that keep its sensor on.
STREAMING = {
    "driver_camera": ("fatigue_alert",),
    "gnss": ("navigation",),
    "cabin_microphone": ("voice_assistant",),
    "heart_rate_sensor": ("health_alert",),
}
SCREENS = ("home", "monitoring", "navigation")  # the launcher, and the two live views a driver watches
LINE_MS = 100
MOST_FRAMES = 30  # a stop that has not shown after this many frames is reported as such


def release_at(widget) -> None:
    touch = Touch(*widget.to_window(*widget.center))
    touch.touch_down()
    touch.touch_up()


def draw_frame() -> None:
    EventLoop.idle()
    if not ARGS.window:  # a window's swap has drawn the frame already
        glFinish()


def frames_until(shown, before_frame=lambda: None) -> int:
    """Draw frames until `shown()`; how many it took."""
    for frames in range(1, MOST_FRAMES + 1):
        before_frame()
        draw_frame()
        if shown():
            return frames
    raise AssertionError(f"not shown after {MOST_FRAMES} frames")


def drive_with_everything_on(head_unit: HeadUnitDriver) -> None:
    """Parked: consent to every streaming feature; then drive at 50 km/h."""
    head_unit.set_speed(0)
    head_unit.set_gear("P")
    services = head_unit.car.services
    for features in STREAMING.values():
        for feature in features:
            services.grant(feature, "7d")
    head_unit.set_gear("D")
    head_unit.set_speed(50)
    head_unit.advance(2)


def stop_times(head_unit: HeadUnitDriver, rounds: int, screen: str) -> list[float]:
    head_unit.tap("id:home")
    if screen != "home":
        head_unit.tap(f"id:tile_{screen}")
    times = []
    for _ in range(rounds):
        drive_with_everything_on(head_unit)
        for sensor in STREAMING:
            chip = head_unit.find(f"id:chip_{sensor}")
            draw_frame()
            start = time.perf_counter()
            release_at(chip)
            frames_until(
                lambda sensor=sensor: not head_unit.is_visible(f"id:chip_{sensor}"),
                lambda: head_unit.app.advance(FRAME_SECONDS),
            )
            times.append(time.perf_counter() - start)
    return times


def bare_tap_times(taps: int) -> list[float]:
    """A button on the window whose release takes a label off it; the frame that shows it."""
    times = []
    for _ in range(taps):
        label, button = Label(text="on"), Button(text="stop", size=(200, 80), pos=(0, 0))
        button.bind(on_release=lambda *_, label=label: Window.remove_widget(label))
        Window.add_widget(label)
        Window.add_widget(button)
        draw_frame()
        start = time.perf_counter()
        release_at(button)
        frames_until(lambda label=label: label.parent is None)
        times.append(time.perf_counter() - start)
        Window.remove_widget(button)
    return times


def main() -> None:
    rounds = ARGS.rounds
    with answered_head_unit(draw_every_frame=True) as head_unit:
        stops = {screen: stop_times(head_unit, rounds, screen) for screen in SCREENS}
    bare_ms = statistics.median(bare_tap_times(rounds * len(STREAMING))) * 1000
    print(
        f"a chip's stop while moving at 50 km/h, every other personal sensor streaming ({rounds * len(STREAMING)} stops a screen):"
    )
    for screen, times in stops.items():
        stop_ms = sorted(t * 1000 for t in times)
        p95 = stop_ms[round(0.95 * (len(stop_ms) - 1))]
        print(
            f"  on {screen:<10}  median {statistics.median(stop_ms):6.1f} ms  p95 {p95:6.1f} ms  worst {stop_ms[-1]:6.1f} ms"
            f"  within {LINE_MS} ms: {'yes' if stop_ms[-1] <= LINE_MS else 'NO'}"
            f"  ratio to a bare tap {statistics.median(stop_ms) / bare_ms:4.1f}x"
        )
    print(f"  a bare Kivy tap that removes a widget, and its frame: median {bare_ms:6.1f} ms")


if __name__ == "__main__":
    main()
