"""Tells the services when the simulated car pulls away or comes to a stop, so the rule
"expand collection only while parked" sees the car as it is."""

from collections.abc import Callable

from ivi.bus import signals
from ivi.bus.signal_bus import Sample, SignalBus
from ivi.bus.vehicle import Vehicle
from ivi.core.errors import NoDriveInProgress
from ivi.core.events import DriveStarted, MotionChanged
from ivi.core.motion import Gear, Motion
from ivi.store import StoreUnavailable


class MotionReporter:
    def __init__(self, bus: SignalBus, vehicle: Vehicle, report: Callable[[Gear, float], Motion]):
        self._vehicle = vehicle
        self._report = report
        self._parked: bool | None = None  # as last reported
        bus.subscribe(signals.SPEED, self._on_speed)

    def on_motion(self, event: MotionChanged) -> None:
        self._vehicle.gear = event.motion.gear  # the driver moved the lever
        self._parked = event.motion.parked

    def on_drive_started(self, _event: DriveStarted) -> None:
        self._vehicle.gear = Gear.PARK  # every drive starts parked
        self._parked = True

    def _on_speed(self, _sample: Sample) -> None:
        motion = self._vehicle.motion
        if motion.parked != self._parked:
            self.report(motion)

    def report(self, motion: Motion | None = None) -> None:
        """Record the car's motion now (also when the simulation stops, so the speed is current)."""
        motion = motion or self._vehicle.motion
        try:
            self._report(motion.gear, motion.speed_kmh)
        except (StoreUnavailable, NoDriveInProgress):
            self._parked = motion.parked  # nothing to record it in; consents are off anyway
