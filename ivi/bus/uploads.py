"""Features that send data out of the car, each through the egress guard.

Each acts only on samples that serve it (a sample's `features`), so nothing is even tried
without a consent; the guard checks again and logs. What they send is de-identified
(CN-14) and, for location, coarse (CN-13).
"""

from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta

import cv2

from ivi.bus import signals
from ivi.bus.egress_guard import EgressGuard, Parcel
from ivi.bus.mint import Mint, Minted
from ivi.bus.signal_bus import Sample, SignalBus
from ivi.core.catalog import Catalog
from ivi.core.motion import Motion
from ivi.core.pseudonyms import coarse
from ivi.core.restrictions import Activity, allows, driving_state
from ivi.core.ways_out import PayloadKind

SPEECH_DBFS = -30.0  # louder than road noise: someone is speaking


class Uploader:
    """A feature that sends what it makes of its samples through the guard, de-identified."""

    feature_id: str

    def __init__(self, catalog: Catalog, guard: EgressGuard, mint: Mint):
        feature = catalog.features[self.feature_id]
        self.guard = guard
        self.mint = mint  # what this feature sends, it makes in the car: the guard can tell
        self.category = feature.categories[0]
        self.endpoint = feature.endpoint

    def _send(self, fields: dict, payload: Minted | bytes = b"") -> None:
        fields = {**self.guard.identifiers(self.feature_id), **fields}
        self.guard.send(Parcel(self.feature_id, self.category, self.endpoint, fields, payload))


class _Every:
    """True at most once per `period` of sample time."""

    def __init__(self, period: timedelta):
        self.period = period
        self._last: datetime | None = None

    def due(self, at: datetime) -> bool:
        if self._last is None or at - self._last >= self.period:
            self._last = at
            return True
        return False


class TrafficReporter(Uploader):
    """Live traffic: the car's coarse position once a minute (as its notice says)."""

    feature_id = "traffic_services"

    def __init__(self, bus: SignalBus, catalog: Catalog, guard: EgressGuard, mint: Mint):
        super().__init__(catalog, guard, mint)
        self._bus = bus
        self._every = _Every(timedelta(minutes=1))
        bus.subscribe(signals.LONGITUDE, self._on_fix)

    def _on_fix(self, longitude: Sample) -> None:
        if self.feature_id in longitude.features and self._every.due(longitude.at):
            latitude = self._bus.latest[signals.LATITUDE].value
            self._send({"latitude": coarse(latitude), "longitude": coarse(longitude.value), "at": longitude.at})


class DrivingScoreReporter(Uploader):
    """Driving score: once a week of driving, how many harsh starts and stops it had (the
    events themselves stay in the car, kept by the DataKeeper)."""

    feature_id = "eco_driving"
    week = timedelta(days=7)

    def __init__(self, bus: SignalBus, catalog: Catalog, guard: EgressGuard, mint: Mint):
        super().__init__(catalog, guard, mint)
        self._week_start: datetime | None = None
        self._events: Counter[str] = Counter()
        bus.subscribe(signals.HARSH_EVENT, self._on_event)

    def _on_event(self, event: Sample) -> None:
        if self.feature_id not in event.features:
            return
        if self._week_start is not None and event.at - self._week_start >= self.week:
            counts = {"harsh_acceleration": self._events["acceleration"], "harsh_braking": self._events["braking"]}
            self._send({"week_from": self._week_start.date(), **counts})
            self._week_start, self._events = None, Counter()
        self._week_start = self._week_start or event.at
        self._events[event.value] += 1


class RemoteCabinView(Uploader):
    """The owner's remote view of the cabin: one small JPEG a second, only while the owner
    watches from the companion app (simulated: the first half minute of every five)."""

    feature_id = "remote_cabin_view"

    def __init__(self, bus: SignalBus, catalog: Catalog, guard: EgressGuard, mint: Mint):
        super().__init__(catalog, guard, mint)
        self._every = _Every(timedelta(seconds=1))
        self._motion = Motion()  # from the vehicle bus: the view pauses while the car moves
        bus.subscribe(signals.CABIN_CAMERA_FRAME, self._on_frame)
        bus.subscribe(signals.GEAR, self._on_gear)
        bus.subscribe(signals.SPEED, self._on_speed)

    @staticmethod
    def owner_watching(at: datetime) -> bool:
        return at.minute % 5 == 0 and at.second < 30

    def _on_gear(self, gear: Sample) -> None:
        self._motion = replace(self._motion, gear=signals.GEAR_OF_VSS[gear.value])

    def _on_speed(self, speed: Sample) -> None:
        self._motion = replace(self._motion, speed_kmh=speed.value)

    @property
    def streaming(self) -> bool:
        return allows(driving_state(True, self._motion.parked), Activity.STREAM_CABIN_VIEW)

    def _on_frame(self, frame: Sample) -> None:
        watched = self.owner_watching(frame.at) and self.streaming
        if self.feature_id in frame.features and watched and self._every.due(frame.at):
            ok, jpeg = cv2.imencode(".jpg", frame.value, [cv2.IMWRITE_JPEG_QUALITY, 60])
            if ok:
                self._send({"at": frame.at}, self.mint.make(PayloadKind.CABIN_FRAME, (jpeg.tobytes(),)))


class CloudVoice(Uploader):
    """Cloud voice recognition: each spoken command, once it ends, goes to the recogniser.
    Road noise between commands is never sent."""

    feature_id = "cloud_voice"

    def __init__(self, bus: SignalBus, catalog: Catalog, guard: EgressGuard, mint: Mint):
        super().__init__(catalog, guard, mint)
        self._speech: list[bytes] = []
        self._speaking = False
        bus.subscribe(signals.MICROPHONE_LEVEL, self._on_level)
        bus.subscribe(signals.MICROPHONE_AUDIO, self._on_audio)

    def _on_level(self, level: Sample) -> None:
        self._speaking = self.feature_id in level.features and level.value > SPEECH_DBFS

    def _on_audio(self, chunk: Sample) -> None:
        if self.feature_id not in chunk.features:
            self._speech = []  # consent ended mid-command: what was heard is dropped, not sent
        elif self._speaking:
            self._speech.append(chunk.value)
        elif self._speech:
            utterance, self._speech = b"".join(self._speech), []
            self._send({"format": "pcm_s16le_16000", "at": chunk.at}, self.mint.make(PayloadKind.AUDIO, (utterance,)))
