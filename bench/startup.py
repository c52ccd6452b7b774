"""The head unit's start-up and frame time, headless (SDL offscreen, Mesa's software renderer).

1. Start-up: from process start to the first frame of the ignition-on notice, against a
   bare Kivy app that shows one label, each in a fresh process, alternating, in the same
   run. Aim: <= 1.5x.
2. Frame time: what the demo does each frame at 30 frames a second — the simulator advanced
   1/30 s, then Kivy's event loop run and the screen drawn — with every feature consented,
   so every sensor streams, on the monitoring screen (camera previews, the anonymised front
   camera on its worker thread, the gauges) and on home; median and p95, against frames of
   a bare label whose text changes every frame (so it too is redrawn), in the same process.
   A frame counts once it is drawn (glFinish), as a window's swap waits for it. Aim: p95 <= 33 ms.

Run from a checkout: python bench/startup.py [--runs N] [--frames N]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST_FRAME = "first-frame"


def child(kind: str) -> None:
    """Runs in a fresh process: start the app, print once its first frame is drawn, stop."""
    from ivi.ui.kivy_setup import configure

    configure(headless=True)
    from kivy.app import App
    from kivy.core.window import Window

    if kind == "ivi":
        from ivi.car import build_car
        from ivi.i18n.translator import Translator
        from ivi.ui.app import HeadUnitApp

        car = build_car(Path(tempfile.mkdtemp()) / "car.db")
        app = HeadUnitApp(car, Translator("zh_CN"))  # real time: ignition on, notice up
    else:
        from kivy.uix.label import Label

        class BareApp(App):
            def build(self):
                return Label(text="ivi")

        app = BareApp()

    def on_flip(*_args) -> None:
        screen = getattr(app, "screen", "notice")
        if screen == "notice":
            print(FIRST_FRAME, flush=True)
            Window.unbind(on_flip=on_flip)
            app.stop()

    Window.bind(on_flip=on_flip)
    app.run()


def time_to_first_frame(kind: str) -> float:
    # as an installed program runs: with Python's compiled bytecode kept (see bench/cli_read.py)
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--child", kind], stdout=subprocess.PIPE, text=True, env=env)
    for line in process.stdout:
        if line.strip() == FIRST_FRAME:
            elapsed = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"the {kind} app never drew a frame")
    process.wait()
    return elapsed


def frame_times(frames: int) -> None:
    from ivi.ui.kivy_setup import configure

    configure(headless=True)
    from kivy.config import Config

    Config.set("graphics", "maxfps", "0")  # measure the work, not the frame limiter's sleep
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.graphics.opengl import glFinish
    from kivy.uix.label import Label

    from ivi.car import build_car
    from ivi.i18n.translator import Translator
    from ivi.testing.driver import start_headless
    from ivi.ui.app import HeadUnitApp

    car = build_car(Path(tempfile.mkdtemp()) / "car.db")
    app = HeadUnitApp(car, Translator("zh_CN"))  # real time, as in the demo
    start_headless(app)
    catalog = car.services.catalog
    car.services.apply_choices({f.id: f.durations[-1] for f in catalog.consentable()}, app.asked)

    app._tick.cancel()  # frames are driven below, one simulated 1/30 s each

    def measure(n: int, frame) -> list[float]:
        times = []
        for _ in range(n):
            start = time.perf_counter()
            frame()
            EventLoop.idle()
            glFinish()  # drawn, as a window's swap would wait for (see bench/stop_latency.py)
            times.append((time.perf_counter() - start) * 1000)
        return times

    def head_unit_frame() -> None:
        app.advance(1 / 30)

    results = {}
    for screen in ("monitoring", "home"):
        app.show(screen)
        measure(60, head_unit_frame)  # warm up: textures, the anonymiser's cascade
        results[screen] = measure(frames, head_unit_frame)
    streaming = sorted(car.bus.counts[p] > 0 for p in car.bus.counts)
    app.dispatch("on_stop")
    Window.remove_widget(app.root)
    car.close()
    bare = Label(text="0")
    Window.add_widget(bare)

    def bare_frame() -> None:
        bare.text = str(int(bare.text) + 1)

    measure(60, bare_frame)
    baseline = measure(frames, bare_frame)
    base_median = statistics.median(baseline)
    print(
        f"frame time, {frames} frames each, every sensor streaming ({streaming.count(True)} signals carried samples):"
    )
    for screen, times in results.items():
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(
            f"  {screen:<11} median {median:6.2f} ms  p95 {p95:6.2f} ms  "
            f"ratio to a bare label {median / base_median:5.2f}x  (aim: p95 <= 33 ms)"
        )
    print(f"  bare label  median {base_median:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--child", choices=["ivi", "bare"])
    parser.add_argument("--frames-only", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if not args.frames_only:
        timings = {"ivi": [], "bare": []}
        for kind in timings:
            time_to_first_frame(kind)  # warm-up: bytecode compiled, files in the page cache
        for _ in range(args.runs):
            for kind, times in timings.items():
                times.append(time_to_first_frame(kind))
        ivi, bare = statistics.median(timings["ivi"]), statistics.median(timings["bare"])
        print(f"start-up to the first frame, median of {args.runs} fresh processes each:")
        print(f"  notice      {ivi:6.2f} s")
        print(f"  bare label  {bare:6.2f} s")
        print(f"  ratio       {ivi / bare:6.2f}x  (aim: <= 1.5x)")
    frame_times(args.frames)


if __name__ == "__main__":
    main()
