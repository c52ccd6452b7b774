"""Driver monitoring and the car's cameras, live: the DMS gauges, heart rate, microphone
level, the cabin camera (only while consented) and the front camera as it would leave the
car — anonymised.

The camera previews listen to the bus only while this screen is on show, and drop their
picture the moment their sensor stops, so nothing stale stays on screen.
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
from kivy.app import App
from kivy.clock import Clock
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from ivi.bus import signals
from ivi.bus.anonymiser import Anonymised, Anonymiser, FrameUnprocessable
from ivi.bus.sensors import ExteriorFrame
from ivi.bus.signal_bus import Sample
from ivi.bus.stream_anonymiser import AnonymisingStream
from ivi.core.restrictions import Activity
from ivi.i18n.translator import N_
from ivi.ui.background import Background

Builder.load_file(str(Path(__file__).with_suffix(".kv")))

FRONT_PREVIEW_SECONDS = 0.1  # the stream anonymiser keeps up with ten 1280×720 frames a second on one core
FRONT_PREVIEW_WIDTH = 640
SILENCE_DBFS = -90.0
CABIN_LIVE = N_("Live, for your remote cabin view")
CABIN_OFF = N_("Off: the cabin camera is powered only while you allow it")
FRONT_HIDDEN = N_("Faces hidden: %(faces)d  Plates hidden: %(plates)d")


def texture_of(pixels: np.ndarray) -> Texture:
    """A BGR frame as a new Kivy texture: drawing into the one on screen would wait for every
    frame queued (see theme.draw_text_into_new_textures)."""
    height, width = pixels.shape[:2]
    texture = Texture.create(size=(width, height), colorfmt="rgb")
    texture.flip_vertical()  # frames are stored top row first, textures bottom row first
    texture.blit_buffer(np.ascontiguousarray(pixels).tobytes(), colorfmt="bgr", bufferfmt="ubyte")
    return texture


class FatigueGauge(Widget):
    value = ObjectProperty(None, allownone=True)  # percent, None while the camera is off


class LevelMeter(Widget):
    dbfs = ObjectProperty(None, allownone=True)  # None while the microphone is off
    level = NumericProperty(0)  # 0 (silence or off) to 1 (full scale)

    def on_dbfs(self, _meter, dbfs: float | None) -> None:
        self.level = 0 if dbfs is None else min(1.0, max(0.0, 1 - float(dbfs) / SILENCE_DBFS))


class FrontPreview:
    """Shows the newest front-camera frame, anonymised by the stream anonymiser (its bound:
    `ivi.bus.stream_anonymiser`), at most ten a second and never more than one per frame
    drawn: frames offered between two draws replace each other. In real time the work runs on
    a worker; in tests it runs at the next frame drawn, so they stay deterministic."""

    def __init__(self, show: Callable[[Anonymised], None], realtime: bool):
        self._show = show
        self._background = Background("front-preview") if realtime else None
        self._stream: AnonymisingStream | None = None
        self._pending: ExteriorFrame | None = None
        self._busy = False
        self._last: datetime | None = None
        self._at_next_frame = Clock.create_trigger(self._anonymise_pending)

    def offer(self, frame: ExteriorFrame, at: datetime) -> None:
        if self._last is not None and (at - self._last).total_seconds() < FRONT_PREVIEW_SECONDS:
            return
        self._last = at
        self._pending = frame
        self._at_next_frame()

    def _anonymise_pending(self, _dt: float) -> None:
        if self._pending is None or self._busy:
            return  # a busy worker asks again when it is done
        frame, self._pending = self._pending, None
        if self._stream is None:
            self._stream = AnonymisingStream(Anonymiser())
        if self._background is None:
            self._deliver(self._anonymise(frame))
            return
        self._busy = True
        self._background.run(lambda: self._anonymise(frame), self._deliver)

    def _anonymise(self, frame: ExteriorFrame) -> Anonymised | None:
        try:
            return self._stream.next(frame.pixels())
        except FrameUnprocessable:
            return None  # dropped, as the egress path drops it

    def _deliver(self, result: Anonymised | None) -> None:
        self._busy = False
        if result is not None:
            self._show(result)
        if self._pending is not None:
            self._at_next_frame()

    def forget(self) -> None:
        self._last = self._pending = None

    def close(self) -> None:
        self._at_next_frame.cancel()
        if self._background is not None:
            self._background.close()


class MonitoringScreen(Screen):
    cabin_texture = ObjectProperty(None, allownone=True)
    front_texture = ObjectProperty(None, allownone=True)
    front_faces = NumericProperty(0)
    front_plates = NumericProperty(0)

    def on_kv_post(self, _base) -> None:
        self._front = FrontPreview(self._show_front, App.get_running_app().realtime)
        self._listening = [
            (signals.CABIN_CAMERA_FRAME, self._on_cabin_frame),
            (signals.EXTERIOR_CAMERA_FRAME, self._on_front_frame),
        ]

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        app.bind(powered_personal=self._drop_stopped, driving_state=self._on_driving_state)
        for path, handler in self._listening:
            app.car.bus.subscribe(path, handler)

    def on_leave(self) -> None:
        self.release()
        self._drop_stopped(None, [])

    def release(self) -> None:
        """Stop listening (also when the app stops while this screen is on show)."""
        app = App.get_running_app()
        app.unbind(powered_personal=self._drop_stopped, driving_state=self._on_driving_state)
        for path, handler in self._listening:
            app.car.bus.unsubscribe(path, handler)
        self._front.close()

    def _drop_stopped(self, _app, powered: list[str]) -> None:
        video = self._video_allowed()
        if "cabin_camera" not in powered or not video:
            self.cabin_texture = None
        if "exterior_camera" not in powered or not video:
            self.front_texture = None
            self._front.forget()

    def _on_driving_state(self, app, _state: str) -> None:
        self._drop_stopped(app, app.powered_personal)

    def _video_allowed(self) -> bool:
        return App.get_running_app().allows(Activity.VIDEO_ON_SCREEN)

    def caption(
        self, camera: str, _language: str, _state: str, showing: object, powered: list[str] = (), *_counts: int
    ) -> str:
        """What stands under a camera panel (kv passes what it redraws on). A camera on whose
        first picture is still being made is "starting", not "off"."""
        app = App.get_running_app()
        if not self._video_allowed():
            return app.tr("Live pictures pause while you drive.")
        if camera == "cabin":
            return app.tr(CABIN_LIVE if showing else CABIN_OFF)
        if not showing:
            return app.tr("Front camera starting") if "exterior_camera" in powered else app.tr("Front camera off")
        return app.tr(FRONT_HIDDEN) % {"faces": self.front_faces, "plates": self.front_plates}

    def _on_cabin_frame(self, sample: Sample) -> None:
        if self._video_allowed():
            self.cabin_texture = texture_of(sample.value)
            self.ids.cabin_image.canvas.ask_update()

    def _on_front_frame(self, sample: Sample) -> None:
        if self._video_allowed():  # not even anonymised for the screen while driving
            self._front.offer(sample.value, sample.at)

    def _show_front(self, result: Anonymised) -> None:
        if "exterior_camera" not in App.get_running_app().powered_personal or not self._video_allowed():
            return  # the camera stopped, or the car pulled away, while this frame was anonymised
        height, width = result.pixels.shape[:2]
        small = cv2.resize(result.pixels, (FRONT_PREVIEW_WIDTH, FRONT_PREVIEW_WIDTH * height // width))
        self.front_texture = texture_of(small)
        self.ids.front_image.canvas.ask_update()
        self.front_faces, self.front_plates = len(result.faces), len(result.plates)
