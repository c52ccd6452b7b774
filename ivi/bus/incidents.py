"""Incident clips (sentry upload): when the car brakes hard (standing in for a collision the
car senses), the last two seconds of the front camera are anonymised, kept in the car (the
data inventory, 7 days) and sent.

The recorder holds the last two seconds of frames in memory (unrendered); a clip takes two
frames a second from them, pixelates faces and plates (CN-03), and sends only frames the
anonymiser could process. The buffer is emptied at once after a clip, and whenever the
feature stops: intermediate data is not kept.

Anonymising a clip takes about a second on one core, so the head unit hands it to a worker
(`offload`) and sends the clip when it is done; the egress guard then checks the feature is
still on. Without a head unit (tests, the CLI) it is done at once.
"""

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ivi.bus import signals
from ivi.bus.acceleration import AccelerationWatch
from ivi.bus.anonymiser import Anonymised, Anonymiser, FrameUnprocessable
from ivi.bus.egress_guard import EgressGuard, encode_frames
from ivi.bus.mint import Mint, Minted
from ivi.bus.sensors import ExteriorFrame
from ivi.bus.signal_bus import Sample, SignalBus
from ivi.bus.uploads import Uploader
from ivi.core.catalog import Catalog
from ivi.core.drive import Drive
from ivi.core.records import KeptBatch
from ivi.core.ways_out import PayloadKind
from ivi.store import StoreUnavailable

CLIP = timedelta(seconds=2)
CLIP_EVERY = timedelta(seconds=0.5)  # two frames a second
JPEG_QUALITY = 80

Offload = Callable[[Callable[[], Any], Callable[[Any], None]], None]  # (work, then with its result)


def at_once(work: Callable[[], Any], then: Callable[[Any], None]) -> None:
    then(work())


class IncidentRecorder(Uploader):
    feature_id = "sentry_upload"

    def __init__(
        self,
        bus: SignalBus,
        catalog: Catalog,
        guard: EgressGuard,
        mint: Mint,
        anonymiser: Anonymiser,
        current_drive: Callable[[], Drive | None],
        keep: Callable[[list[KeptBatch]], None],
    ):
        super().__init__(catalog, guard, mint)
        self._anonymiser = anonymiser
        self._current_drive = current_drive
        self._keep = keep
        self._frames: deque[tuple[datetime, ExteriorFrame]] = deque()
        self._watch = AccelerationWatch()
        self._start: datetime | None = None
        self.dropped = 0  # frames the anonymiser could not process, never sent
        self.offload: Offload = at_once
        bus.subscribe(signals.EXTERIOR_CAMERA_FRAME, self._on_frame)
        bus.subscribe(signals.SPEED, self._on_speed)

    def _on_frame(self, frame: Sample) -> None:
        if self.feature_id not in frame.features:
            self._frames.clear()
            return
        self._frames.append((frame.at, frame.value))
        while frame.at - self._frames[0][0] > CLIP:
            self._frames.popleft()

    def _on_speed(self, speed: Sample) -> None:
        self._start = self._start or speed.at
        seconds = (speed.at - self._start).total_seconds()
        if self._watch.feed(seconds, speed.value) == "braking" and self._frames:
            self._send_clip()

    def _send_clip(self) -> None:
        picked, first, last = [], self._frames[0][0], None
        for at, frame in self._frames:
            if last is None or at - last >= CLIP_EVERY:
                last = at
                picked.append(frame)
        self._frames.clear()
        self.offload(lambda: self._anonymised_all(picked), lambda frames: self._send_anonymised(frames, first, last))

    def _anonymised_all(self, frames: list[ExteriorFrame]) -> list[Anonymised]:
        return [clean for frame in frames if (clean := self._anonymised(frame))]

    def _send_anonymised(self, frames: list[Anonymised], first: datetime, last: datetime) -> None:
        if not frames:
            return
        clip = self.mint.make(PayloadKind.ANONYMISED_FRAMES, encode_frames(frames, JPEG_QUALITY))
        self._keep_clip(clip, first, last)
        self._send({"event": "hard_braking", "at": last, "frames": len(frames)}, clip)

    def _keep_clip(self, clip: Minted, first: datetime, last: datetime) -> None:
        try:
            drive = self._current_drive()
            if drive:
                self._keep(
                    [KeptBatch(self.category, self.feature_id, drive.profile, drive.id, first, last, 1, len(clip))]
                )
        except StoreUnavailable:
            pass  # not kept: the guard will not send it either, as it cannot log the attempt

    def _anonymised(self, frame: ExteriorFrame) -> Anonymised | None:
        try:
            return self._anonymiser.anonymise(frame.pixels())
        except FrameUnprocessable:
            self.dropped += 1
            return None
