"""What one scripted step costs: a tap and an assertion through HeadUnitDriver, against the
same taps made raw (a `Touch` at a centre worked out beforehand, then the same
frames of `EventLoop.idle()`) and the same assertion read off the app, in the same run.

Both sides switch between the home screen and the privacy centre by the navigation rail,
so each tap builds and draws the same screens. Aim: driver/raw <= 1.5x, and <= 30 ms a step.

Run from a checkout: python bench/ui_steps.py
"""

import argparse
import statistics
import time

from ivi.ui.kivy_setup import configure

configure(headless=True)

from kivy.base import EventLoop  # Kivy only after it is told it runs headless

from ivi.testing.driver import FRAMES_PER_STEP, HeadUnitDriver, answered_head_unit
from ivi.testing.touch import Touch

TARGETS = (("id:rail_privacy", "privacy"), ("id:home", "home"))


def driver_steps(head_unit: HeadUnitDriver, steps: int) -> list[float]:
    times = []
    for i in range(steps):
        selector, screen = TARGETS[i % 2]
        start = time.perf_counter()
        head_unit.tap(selector)
        assert head_unit.is_visible("id:section_history" if screen == "privacy" else "id:tile_privacy")
        times.append(time.perf_counter() - start)
    return times


def raw_steps(head_unit: HeadUnitDriver, steps: int) -> list[float]:
    centres = {
        selector: head_unit.find(selector).to_window(*head_unit.find(selector).center) for selector, _ in TARGETS
    }
    times = []
    for i in range(steps):
        selector, screen = TARGETS[i % 2]
        start = time.perf_counter()
        touch = Touch(*centres[selector])
        touch.touch_down()
        touch.touch_up()
        for _ in range(FRAMES_PER_STEP):
            EventLoop.idle()
        assert head_unit.app.screen == screen
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    steps = parser.parse_args().steps
    with answered_head_unit(draw_every_frame=True) as head_unit:
        driver_steps(head_unit, 10)  # every screen built once before timing
        # interleaved rounds, so a slow patch of the machine falls on both sides
        driver, raw = [], []
        for _ in range(5):
            driver += driver_steps(head_unit, steps // 5)
            raw += raw_steps(head_unit, steps // 5)
    driver_ms, raw_ms = statistics.median(driver) * 1000, statistics.median(raw) * 1000
    print(f"tap-and-assert step, median of {len(driver)} each:")
    print(f"  HeadUnitDriver       {driver_ms:6.2f} ms  (aim: <= 30 ms)")
    print(f"  raw touch + idle     {raw_ms:6.2f} ms")
    print(f"  ratio                {driver_ms / raw_ms:6.2f}x  (aim: <= 1.5x)")


if __name__ == "__main__":
    main()
