"""A sensor ECU: the car's personal sensors of one group in a process of their own, each
sample on its VSS key expression, only while the ECU holds a valid consent lease from the head
unit for that sensor (`ivi.core.lease`). It samples in one of two ways:

- on the wall clock (`step`), publishing every sample that is due (`ivi car --ecus`);
- on the head unit's clock (`on_demand`): the head unit's simulator asks for each sample at
  its time, with its lease, and the samples come back as replies on their VSS key expressions.
  The head unit's scenarios then run as they do in one process, step for step.

A camera's frame is rendered only when something looks at its pixels: the sample carries the
frame's number, and the ECU keeps the recent ones to be fetched under the lease. It keeps no
other sample. It stops a sensor at a stop, at a lease's expiry, at a forged, replayed or skewed
lease, and every sensor when the head unit's liveliness token goes (the head unit died or the
network was cut); a camera that stops drops the frames it kept.
"""

import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import zenoh

from ivi.bootstrap import load_catalog
from ivi.bus.driver_model import Driver
from ivi.bus.sensors import (
    CabinCamera,
    DriverCamera,
    ExteriorCamera,
    ExteriorFrame,
    GnssReceiver,
    HeartRateSensor,
    Microphone,
    Sensor,
)
from ivi.bus.street_scene import StreetScene
from ivi.bus.vehicle import Route
from ivi.car import ROUTE_FILE
from ivi.core.lease import LeaseHolder
from ivi.net.link import FRAMES, HEAD_UNIT, lease_key_expr, sample_key_expr, signal_key_expr

FRAMES_KEPT = 300  # 20 s of the front camera: more than an incident clip looks back


class HeardVehicle:
    """The vehicle as an ECU hears it on the vehicle bus: how far it has gone (the wheel ticks a
    GNSS receiver reckons with between fixes). The head unit's question carries it."""

    distance_m = 0.0


def _cabin(_vehicle: HeardVehicle) -> list[Sensor]:
    driver = Driver()  # one driver, seen, heard and felt by all of them
    return [DriverCamera(driver), CabinCamera(), Microphone(driver), HeartRateSensor(driver)]


GROUPS: dict[str, Callable[[HeardVehicle], list[Sensor]]] = {  # their keys: ivi.net.link.ECU_KEYS
    "cabin": _cabin,
    "exterior": lambda _vehicle: [ExteriorCamera(StreetScene())],
    "location": lambda vehicle: [GnssReceiver(vehicle, Route.load(ROUTE_FILE), load_catalog())],
}


SENSOR_IDS = {  # which sensors each group has, without making them (a street scene is heavy)
    "cabin": (DriverCamera.id, CabinCamera.id, Microphone.id, HeartRateSensor.id),
    "exterior": (ExteriorCamera.id,),
    "location": (GnssReceiver.id,),
}


def group_of(sensor_id: str) -> str | None:
    """The group whose ECU runs this sensor, if one does."""
    return next((group for group, ids in SENSOR_IDS.items() if sensor_id in ids), None)


class SensorEcu:
    def __init__(self, session: zenoh.Session, group: str, key: bytes, *, on_demand=False, wall=time.time):
        self._session = session
        self._group = group
        self._vehicle = HeardVehicle()
        self._sensors = sensors = GROUPS[group](self._vehicle)
        self._wall = wall
        self.holder = LeaseHolder(key)
        self._frames: dict[int, tuple[str, ExteriorFrame]] = {}  # number -> (sensor, frame), newest last
        self._numbered = 0
        self._listening = [session.declare_subscriber(lease_key_expr(s.id), self._on_lease) for s in sensors]
        if on_demand:
            self._listening += [
                session.declare_queryable(sample_key_expr(group, s.id), lambda query, s=s: self._sample_for(query, s))
                for s in sensors
            ]
        self._listening.append(session.declare_queryable(f"{FRAMES}/{group}/*", self._frame_for))
        self._head_unit = session.liveliness().declare_subscriber(HEAD_UNIT, self._on_head_unit, history=True)
        for sensor in sensors:  # what the head unit grants now, without waiting for its next renewal
            for reply in session.get(lease_key_expr(sensor.id), timeout=0.5):
                if reply.ok is not None:
                    self.holder.receive(reply.ok.payload.to_bytes(), wall())
        self._ticks = [0] * len(sensors)
        self._start = time.monotonic()

    def _on_lease(self, sample: zenoh.Sample) -> None:
        self.holder.receive(sample.payload.to_bytes(), self._wall())
        self._drop_unleased_frames()

    def _on_head_unit(self, sample: zenoh.Sample) -> None:
        if sample.kind == zenoh.SampleKind.DELETE:
            self.holder.lose_head_unit()
            self._drop_unleased_frames()

    def _drop_unleased_frames(self) -> None:
        now = self._wall()
        for number, (sensor, _frame) in list(self._frames.items()):
            if self.holder.lease(sensor, now) is None:
                self._frames.pop(number, None)

    def _sample_for(self, query: zenoh.Query, sensor: Sensor) -> None:
        """The head unit asks for `sensor`'s sample at its time `t`, for the features it names,
        with the lease it holds; nothing comes back unless a valid lease grants them."""
        now = self._wall()
        if query.attachment is not None:
            self.holder.receive(query.attachment.to_bytes(), now)
        lease = self.holder.lease(sensor.id, now)
        try:
            asked = json.loads(query.payload.to_bytes()) if query.payload is not None else None
            t, features = float(asked["t"]), frozenset(asked["features"]) & frozenset(lease.features if lease else ())
            self._vehicle.distance_m = float(asked["distance_m"])
        except (ValueError, TypeError, KeyError):
            return
        if not features:
            self._drop_unleased_frames()
            return
        sensor.sample(t, features, lambda path, value: query.reply(signal_key_expr(path), self._encode(sensor, value)))

    def _frame_for(self, query: zenoh.Query) -> None:
        """A frame kept, fetched under the lease the head unit sends with the question."""
        now = self._wall()
        if query.attachment is not None:
            self.holder.receive(query.attachment.to_bytes(), now)
        try:
            sensor, frame = self._frames[int(str(query.key_expr).rsplit("/", 1)[-1])]
        except (KeyError, ValueError):
            return
        if self.holder.lease(sensor, now) is None:
            self._drop_unleased_frames()
            return
        query.reply(query.key_expr, encode(frame.pixels()))

    def _encode(self, sensor: Sensor, value: Any) -> bytes:
        if not isinstance(value, ExteriorFrame):
            return encode(value)
        self._numbered += 1
        self._frames[self._numbered] = (sensor.id, value)
        if len(self._frames) > FRAMES_KEPT:
            self._frames.pop(next(iter(self._frames)))
        return b"F" + json.dumps([self._group, self._numbered]).encode()

    def step(self) -> float:
        """Take every sample that is due and allowed; the seconds until the next is due."""
        elapsed = time.monotonic() - self._start
        for index, sensor in enumerate(self._sensors):
            due = self._ticks[index] / sensor.rate_hz
            if due > elapsed:
                continue
            lease = self.holder.lease(sensor.id, self._wall())
            if lease is not None:
                sensor.sample(
                    due, frozenset(lease.features), lambda path, value, s=sensor: self._publish(s, path, value)
                )
            self._ticks[index] = int(elapsed * sensor.rate_hz) + 1  # a late ECU skips, never bursts
        return max(0.0, min(t / s.rate_hz for t, s in zip(self._ticks, self._sensors)) - elapsed)

    def _publish(self, sensor: Sensor, path: str, value: Any) -> None:
        # A put of the session, not of a declared publisher: Zenoh 1.10's access control drops
        # a declared publisher's samples (seen here), and a late frame is dropped, not queued.
        encoded = self._encode(sensor, value)
        self._session.put(signal_key_expr(path), encoded, congestion_control=zenoh.CongestionControl.DROP)

    def close(self) -> None:
        self._head_unit.undeclare()
        for declared in self._listening:
            declared.undeclare()
        self._frames.clear()


def encode(value: Any) -> bytes:
    """A sample's value as bytes: arrays as .npy (no pickles), bytes as they are, else JSON."""
    if isinstance(value, np.ndarray):
        buffer = io.BytesIO()
        np.save(buffer, value, allow_pickle=False)
        return b"N" + buffer.getvalue()
    if isinstance(value, bytes):
        return b"B" + value
    return b"J" + json.dumps(value).encode()


@dataclass(frozen=True)
class FrameRef:
    """A camera frame kept in its ECU, by group and number (`ivi.net.link.frame_key_expr`)."""

    group: str
    number: int


def decode(data: bytes) -> Any:
    """What `encode` made, or, for a camera frame, a `FrameRef`."""
    tag, body = data[:1], data[1:]
    if tag == b"N":
        return np.load(io.BytesIO(body), allow_pickle=False)
    if tag == b"B":
        return body
    if tag == b"F":
        group, number = json.loads(body)
        return FrameRef(str(group), int(number))
    return json.loads(body)
