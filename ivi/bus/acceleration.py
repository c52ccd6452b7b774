"""Harsh acceleration and braking, from speed alone (as telematics insurers score them)."""

from collections import deque

HARSH_ACCELERATION_MS2 = 2.5
HARSH_BRAKING_MS2 = -3.5
WINDOW_S = 1.0  # acceleration is the change of speed over the last second


class AccelerationWatch:
    """Fed (seconds, km/h) in time order; reports the start of each harsh event."""

    def __init__(self) -> None:
        self._speeds: deque[tuple[float, float]] = deque()
        self._harsh: str | None = None

    def feed(self, t: float, speed_kmh: float) -> str | None:
        """ "braking" or "acceleration" when one starts at `t`, else None."""
        if self._speeds and t - self._speeds[-1][0] > WINDOW_S:
            self._speeds.clear()  # a gap (the sensor was off): what came before is stale
        self._speeds.append((t, speed_kmh))
        while t - self._speeds[0][0] > WINDOW_S:
            self._speeds.popleft()
        t0, v0 = self._speeds[0]
        if t - t0 < WINDOW_S / 2:
            return None
        acceleration = (speed_kmh - v0) / 3.6 / (t - t0)
        harsh = (
            "acceleration"
            if acceleration >= HARSH_ACCELERATION_MS2
            else "braking"
            if acceleration <= HARSH_BRAKING_MS2
            else None
        )
        started = harsh if harsh and harsh != self._harsh else None
        self._harsh = harsh
        return started
