"""Simulated sensors. Each is sampled by the simulator at its own rate, only while powered.

A sensor knows nothing of consent: the simulator asks the consent gate before every sample.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ivi.bus import signals
from ivi.bus.vehicle import Route, Vehicle

Publish = Callable[[str, Any], None]


class Sensor(Protocol):
    id: str  # the catalog's sensor id
    rate_hz: float

    def sample(self, t: float, publish: Publish) -> None:
        """Publish this sensor's signals at `t` seconds into the drive."""
        ...


class VehicleBusSensor:
    """Speed from the powertrain: not personal, on for the whole drive."""

    id = "vehicle_bus"
    rate_hz = 10.0

    def __init__(self, vehicle: Vehicle):
        self.vehicle = vehicle

    def sample(self, t: float, publish: Publish) -> None:
        publish(signals.SPEED, self.vehicle.motion.speed_kmh)


class GnssReceiver:
    id = "gnss"
    rate_hz = 1.0
    accuracy_m = 3.0

    def __init__(self, vehicle: Vehicle, route: Route):
        self.vehicle = vehicle
        self.route = route

    def sample(self, t: float, publish: Publish) -> None:
        latitude, longitude = self.route.position(self.vehicle.distance_m)
        publish(signals.LATITUDE, latitude)
        publish(signals.LONGITUDE, longitude)
        publish(signals.HORIZONTAL_ACCURACY, self.accuracy_m)


@dataclass(frozen=True)
class InfraredFrame:
    """What the driver camera hands to in-car processing: how open the driver's eyes are
    (0 closed, 1 open). A stand-in for pixels until the camera renders real frames."""

    eye_openness: float


class DriverCamera:
    """The cabin's infrared driver camera. Its frames feed in-car fatigue detection only."""

    id = "driver_camera"
    rate_hz = 15.0
    drowsiness_period_s = 600.0  # the simulated driver tires and recovers over ten minutes

    def __init__(self, seed: int = 7):
        self._random = random.Random(seed)

    def sample(self, t: float, publish: Publish) -> None:
        phase = (t % self.drowsiness_period_s) / self.drowsiness_period_s
        drowsiness = 4 * phase * (1 - phase)  # 0 at the start of the cycle, 1 half way
        eyes_closed = self._random.random() < 0.04 + 0.4 * drowsiness
        openness = self._random.uniform(0.0, 0.15) if eyes_closed else self._random.uniform(0.6, 1.0)
        publish(signals.DRIVER_CAMERA_FRAME, InfraredFrame(openness))
