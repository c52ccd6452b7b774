"""In-car driver monitoring: infrared frames in; fatigue, distraction and eyes-on-road out.
Frames go no further: nothing here keeps a frame beyond the recent measurements.

Each frame is measured from its pixels: how open the eyes are (rows of bright eye-white in
each eye's box) and where the pupils point. Fatigue follows PERCLOS, the share of the last
20 s with the eyes mostly closed, scaled so that 40 % closed reads 100 (a common threshold for
"drowsy"), slowly (a 40 s time constant) from 0 at the start of the drive: a few blinks
do not move it, and it moves only while the camera runs. Distraction is the share of the
last 10 s with the eyes off the road.
"""

import math
from collections import deque
from datetime import datetime, timedelta

import numpy as np

from ivi.bus import signals
from ivi.bus.sensors import EYE_HALF_HEIGHT, EYE_HALF_WIDTH, EYES, PUPIL_TRAVEL
from ivi.bus.signal_bus import Sample, SignalBus

FATIGUE_WINDOW = timedelta(seconds=20)
DISTRACTION_WINDOW = timedelta(seconds=10)
CLOSED_BELOW = 0.2
DROWSY_PERCLOS = 0.4
FATIGUE_TAU_S = 40.0
OFF_ROAD_GAZE = 0.5
WHITE = 180  # infrared brightness of the eye's white
DARK = 40  # of the pupil


def measure(frame: np.ndarray) -> tuple[float, float | None]:
    """(eye openness 0–1, gaze −1…1 or None when the eyes are closed) from one IR frame."""
    openness, gazes = [], []
    for x, y in EYES:
        eye = frame[y - EYE_HALF_HEIGHT : y + EYE_HALF_HEIGHT + 1, x - EYE_HALF_WIDTH : x + EYE_HALF_WIDTH + 1]
        seen = (eye > WHITE) | (eye < DARK)  # white and pupil, i.e. the open eye
        rows = np.count_nonzero(seen.any(axis=1))
        openness.append(min(1.0, max(0, rows - 1) / (2 * EYE_HALF_HEIGHT)))
        pupil = np.nonzero(eye < DARK)[1]
        if pupil.size:
            gazes.append((pupil.mean() - EYE_HALF_WIDTH) / PUPIL_TRAVEL)
    gaze = float(np.clip(np.mean(gazes), -1, 1)) if gazes else None
    return float(np.mean(openness)), gaze


class DriverMonitor:
    def __init__(self, bus: SignalBus):
        self.bus = bus
        self._recent: deque[tuple[datetime, bool, bool]] = deque()  # (at, eyes closed, eyes off road)
        self._fatigue = 0.0  # 0–100; rested at the start
        bus.subscribe(signals.DRIVER_CAMERA_FRAME, self.on_frame)

    def on_frame(self, frame: Sample) -> None:
        # A gap means the camera was off: what came before it is stale, drop it.
        since = (frame.at - self._recent[-1][0]).total_seconds() if self._recent else 0.0
        if since > 1:
            self._recent.clear()
            since = 0.0
        openness, gaze = measure(frame.value)
        closed = openness < CLOSED_BELOW
        on_road = not closed and gaze is not None and abs(gaze) < OFF_ROAD_GAZE
        self._recent.append((frame.at, closed, not on_road))
        while frame.at - self._recent[0][0] > FATIGUE_WINDOW:
            self._recent.popleft()
        perclos = sum(c for _, c, _ in self._recent) / len(self._recent)
        self._fatigue += (1 - math.exp(-since / FATIGUE_TAU_S)) * (
            100 * min(1.0, perclos / DROWSY_PERCLOS) - self._fatigue
        )
        recent = [off for at, _, off in self._recent if frame.at - at <= DISTRACTION_WINDOW]
        for path, value in (
            (signals.FATIGUE_LEVEL, float(round(self._fatigue))),  # VSS float; whole points: the gauge shows no more
            (signals.DISTRACTION_LEVEL, round(100 * sum(recent) / len(recent), 1)),
            (signals.EYES_ON_ROAD, on_road),
        ):
            self.bus.publish(Sample(path, value, frame.at, frame.features))
