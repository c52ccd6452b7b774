"""A sensor ECU: the car's personal sensors of one group in a process of their own, sampling
on the wall clock and publishing each sample on its VSS key expression, only while it holds a
valid consent lease from the head unit for that sensor (`ivi.core.lease`).

It keeps no sample: each is published as it is taken, or not taken. It stops a sensor at a
stop, at a lease's expiry, at a forged, replayed or skewed lease, and every sensor when the
head unit's liveliness token goes (the head unit died or the network was cut).
"""

import io
import json
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import zenoh

from ivi.bus.driver_model import Driver
from ivi.bus.sensors import CabinCamera, DriverCamera, HeartRateSensor, Microphone, Sensor
from ivi.core.lease import LeaseHolder
from ivi.net.link import HEAD_UNIT, lease_key_expr, signal_key_expr


def _cabin() -> list[Sensor]:
    driver = Driver()  # one driver, seen, heard and felt by all of them
    return [DriverCamera(driver), CabinCamera(), Microphone(driver), HeartRateSensor(driver)]


GROUPS: dict[str, Callable[[], list[Sensor]]] = {"cabin": _cabin}  # their keys: ivi.net.link.ECU_KEYS


class SensorEcu:
    def __init__(self, session: zenoh.Session, sensors: list[Sensor], key: bytes, wall=time.time):
        self._session = session
        self._sensors = sensors
        self._wall = wall
        self.holder = LeaseHolder(key)
        self._listening = [session.declare_subscriber(lease_key_expr(s.id), self._on_lease) for s in sensors]
        self._head_unit = session.liveliness().declare_subscriber(HEAD_UNIT, self._on_head_unit, history=True)
        for sensor in sensors:  # what the head unit grants now, without waiting for its next renewal
            for reply in session.get(lease_key_expr(sensor.id), timeout=0.5):
                if reply.ok is not None:
                    self.holder.receive(reply.ok.payload.to_bytes(), wall())
        self._ticks = [0] * len(sensors)
        self._start = time.monotonic()

    def _on_lease(self, sample: zenoh.Sample) -> None:
        self.holder.receive(sample.payload.to_bytes(), self._wall())

    def _on_head_unit(self, sample: zenoh.Sample) -> None:
        if sample.kind == zenoh.SampleKind.DELETE:
            self.holder.lose_head_unit()

    def step(self) -> float:
        """Take every sample that is due and allowed; the seconds until the next is due."""
        elapsed = time.monotonic() - self._start
        for index, sensor in enumerate(self._sensors):
            due = self._ticks[index] / sensor.rate_hz
            if due > elapsed:
                continue
            lease = self.holder.lease(sensor.id, self._wall())
            if lease is not None:
                sensor.sample(due, frozenset(lease.features), self._publish)
            self._ticks[index] = int(elapsed * sensor.rate_hz) + 1  # a late ECU skips, never bursts
        return max(0.0, min(t / s.rate_hz for t, s in zip(self._ticks, self._sensors)) - elapsed)

    def _publish(self, path: str, value: Any) -> None:
        # A put of the session, not of a declared publisher: Zenoh 1.10's access control drops
        # a declared publisher's samples (seen here), and a late frame is dropped, not queued.
        self._session.put(signal_key_expr(path), encode(value), congestion_control=zenoh.CongestionControl.DROP)

    def close(self) -> None:
        self._head_unit.undeclare()
        for subscriber in self._listening:
            subscriber.undeclare()


def encode(value: Any) -> bytes:
    """A sample's value as bytes: arrays as .npy (no pickles), bytes as they are, else JSON."""
    if isinstance(value, np.ndarray):
        buffer = io.BytesIO()
        np.save(buffer, value, allow_pickle=False)
        return b"N" + buffer.getvalue()
    if isinstance(value, bytes):
        return b"B" + value
    return b"J" + json.dumps(value).encode()
