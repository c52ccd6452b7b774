"""The head unit on the car's network: the car of `ivi.car`, whose personal sensors (the cabin's,
the front camera, the GNSS receiver) live in sensor ECUs, and whose egress guard hands what it
lets out to the T-Box.

The head unit's simulator still keeps the time and asks the consent gate before every sample
(`ivi.bus.simulator`); for a sensor in an ECU it asks the ECU for that sample, with the lease
that grants it (`RemoteSensor`). The ECU answers only under a valid lease, so a sensor the
head unit cannot reach, or whose lease failed, is silent: the head unit fails closed. Scenarios
run on it step for step as on the car in one process.
"""

import json
from typing import Any

import numpy as np
import zenoh

from ivi.bus.anonymiser import FrameUnprocessable
from ivi.bus.egress_guard import Delivered
from ivi.car import Car
from ivi.core.events import ConsentChanged, DriveEnded, DriveStarted, StopsChanged
from ivi.core.text import Text
from ivi.net.lease_office import LeaseOffice
from ivi.net.link import frame_key_expr, parcel_key_expr, sample_key_expr, vss_path
from ivi.net.sensor_ecu import FrameRef, decode, group_of
from ivi.net.tbox import encode_parcel

ANSWER_S = 2.0  # an ECU that has not answered a sample in this long is taken as gone


class RemoteFrame:
    """A camera frame that stays in its ECU until something looks at its pixels, as a frame
    of the car in one process is rendered only then (`ivi.bus.sensors.ExteriorFrame`). It is
    fetched under the camera's lease as it stands then: a frame of a camera since stopped is
    gone (the ECU dropped it)."""

    __slots__ = ("_link", "_sensor", "_key")

    def __init__(self, link: "HeadUnitLink", sensor: str, key: str):
        self._link = link
        self._sensor = sensor
        self._key = key

    def pixels(self) -> np.ndarray:
        for reply in self._link.ask(self._key, self._sensor):
            if reply.ok is not None:
                return decode(reply.ok.payload.to_bytes())
        raise FrameUnprocessable(Text("the camera no longer has this frame (its lease ended)"))


class RemoteSensor:
    """A sensor of a sensor ECU, as the head unit's simulator sees it."""

    def __init__(self, link: "HeadUnitLink", group: str, sensor_id: str, rate_hz: float):
        self.id = sensor_id
        self.rate_hz = rate_hz
        self._link = link
        self._key = sample_key_expr(group, sensor_id)

    def sample(self, t: float, features: frozenset[str], publish) -> None:
        question = {"t": t, "features": sorted(features), "distance_m": self._link.vehicle.distance_m}
        for reply in self._link.ask(self._key, self.id, question):
            if reply.ok is not None:
                publish(vss_path(str(reply.ok.key_expr)), self._link.value(self.id, reply.ok.payload.to_bytes()))


class HeadUnitLink:
    """The car's side of the network: its lease office, its sensors in ECUs, its way to the T-Box."""

    def __init__(self, car: Car, session: zenoh.Session):
        self.session = session
        self.vehicle = car.simulator.vehicle  # what the ECUs hear of it on the vehicle bus
        self.office = LeaseOffice(session, car.gate, car.services.catalog, car.services.lease)
        sensors = car.simulator.sensors
        for index, sensor in enumerate(sensors):
            if (group := group_of(sensor.id)) is not None:
                sensors[index] = RemoteSensor(self, group, sensor.id, sensor.rate_hz)
        car.guard.carriers.append(self._hand_to_tbox)
        self._open = True
        for event in (StopsChanged, ConsentChanged, DriveStarted, DriveEnded):  # after the gate has read it
            car.hub.subscribe(event, self._on_record_changed)

    def _on_record_changed(self, _event: object) -> None:
        """A stop or a new consent reaches the sensor ECUs now, not at the next sample."""
        if self._open:
            self.office.tick()

    def ask(self, key: str, sensor: str, question: dict | None = None) -> zenoh.Handler:
        """Ask an ECU, with the sensor's lease (granted or renewed just now, if it had to be)."""
        lease = self.office.lease_for(sensor)
        return self.session.get(
            key,
            payload=json.dumps(question) if question is not None else None,
            attachment=lease.encode() if lease else None,
            consolidation=zenoh.ConsolidationMode.NONE,
            accept_replies=zenoh.ReplyKeyExpr.ANY,
            timeout=ANSWER_S,
        )

    def value(self, sensor: str, data: bytes) -> Any:
        value = decode(data)
        if isinstance(value, FrameRef):
            return RemoteFrame(self, sensor, frame_key_expr(value.group, value.number))
        return value

    def _hand_to_tbox(self, parcel: Delivered) -> None:
        if self._open:
            payload, attachment = encode_parcel(parcel)
            self.session.put(parcel_key_expr(parcel.endpoint), payload, attachment=attachment)

    def close(self) -> None:
        self._open = False
        self.office.close()
        self.session.close()
