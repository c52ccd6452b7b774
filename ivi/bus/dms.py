"""In-car driver monitoring: infrared frames in, a fatigue level out. Frames go no further.

Fatigue is PERCLOS, the share of recent frames with the eyes mostly closed, scaled so
that 40 % closed reads as 100 (a common threshold for "drowsy" in driver monitoring).
"""

from collections import deque
from datetime import timedelta

from ivi.bus import signals
from ivi.bus.signal_bus import Sample, SignalBus

WINDOW = timedelta(seconds=20)
CLOSED_BELOW = 0.2
DROWSY_PERCLOS = 0.4


class FatigueDetector:
    def __init__(self, bus: SignalBus):
        self.bus = bus
        self._recent: deque[tuple[Sample, bool]] = deque()
        bus.subscribe(signals.DRIVER_CAMERA_FRAME, self.on_frame)

    def on_frame(self, frame: Sample) -> None:
        # A gap means the camera was off: what came before it is stale, drop it.
        if self._recent and frame.at - self._recent[-1][0].at > timedelta(seconds=1):
            self._recent.clear()
        self._recent.append((frame, frame.value.eye_openness < CLOSED_BELOW))
        while frame.at - self._recent[0][0].at > WINDOW:
            self._recent.popleft()
        perclos = sum(closed for _, closed in self._recent) / len(self._recent)
        level = round(100 * min(1.0, perclos / DROWSY_PERCLOS), 1)
        self.bus.publish(Sample(signals.FATIGUE_LEVEL, level, frame.at, frame.features))
