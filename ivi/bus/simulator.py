"""Runs the sensors on the simulator clock, asking the consent gate before every sample.

Time only moves through `advance`, so ten simulated minutes take as long as computing
their samples, and tests are deterministic.
"""

import math
from datetime import timedelta
from typing import Any

from ivi.bus.gate import ConsentGate
from ivi.bus.sensors import Sensor
from ivi.bus.signal_bus import Sample, SignalBus
from ivi.bus.vehicle import Vehicle
from ivi.core.clock import SimulatedClock


class Simulator:
    def __init__(
        self, clock: SimulatedClock, bus: SignalBus, gate: ConsentGate, vehicle: Vehicle, sensors: list[Sensor]
    ):
        self.clock = clock
        self.bus = bus
        self.gate = gate
        self.vehicle = vehicle
        self.sensors = sensors
        self.elapsed = 0.0  # simulated seconds since the simulator started
        self._start = clock.now()
        self._ticks = [0] * len(sensors)  # samples taken (or skipped) by each sensor

    def _due(self, index: int) -> float:
        return self._ticks[index] / self.sensors[index].rate_hz

    def _move_to(self, t: float) -> None:
        self.elapsed = t
        self.clock.set(self._start + timedelta(seconds=t))
        self.vehicle.move_to(t)

    def advance(self, seconds: float) -> None:
        """Move the clock `seconds` on, sampling every powered sensor whose time comes."""
        end = self.elapsed + seconds
        indices = range(len(self.sensors))
        while indices:
            index = min(indices, key=self._due)
            sensor, due = self.sensors[index], self._due(index)
            if due > end:
                break
            self._move_to(due)
            # The gate is asked at the very moment of the sample: a consent that ended
            # before it, by revoke or by expiry, stops it.
            if self.gate.is_powered(sensor.id):
                features = self.gate.features_served_by(sensor.id)
                sensor.sample(due, features, self._publisher(features))
                self._ticks[index] += 1
            else:
                # Time alone only ends consents, never starts them: an unpowered sensor
                # stays off until this call returns, so skip its ticks to the end.
                self._ticks[index] = math.floor(end * sensor.rate_hz) + 1
        self._move_to(end)

    def skip(self, seconds: float) -> None:
        """Move the clock `seconds` on without sampling, as if the car stood unwatched: the
        simulator's fast-forward, which shows consents expiring without computing a week of
        samples. The next `advance` samples from the new time on."""
        end = self.elapsed + seconds
        for index, sensor in enumerate(self.sensors):
            self._ticks[index] = max(self._ticks[index], math.ceil(end * sensor.rate_hz))
        self._move_to(end)
        self.gate.fresh()  # consents that ended meanwhile end now, not at the next sample

    def _publisher(self, features: frozenset[str]):
        at = self.clock.now()
        publish = self.bus.publish

        def publish_value(path: str, value: Any) -> None:
            publish(Sample(path, value, at, features))

        return publish_value
