"""Where the simulated car is and how fast it goes.

In gear D the car repeats a city cycle along a route, turning back at its end: a calm
block (wait at a light, pull away, cruise, brake), then a hurried one (a brisk pull-away
and a hard stop, which the driving-habit recorder and the incident recorder notice), so speed and position agree with each other at every
instant. The simulator's speed control can hold a steady speed instead (`hold`), eased in
gently enough that the driving-habit recorder sees no harsh event. In any other gear it
stands still.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

from ivi.core.motion import Gear, Motion

# (seconds, speed at start in km/h, speed at end in km/h), speed linear within a phase
CITY_CYCLE = (
    (15.0, 0.0, 0.0),
    (12.0, 0.0, 50.0),  # 1.2 m/s²
    (60.0, 50.0, 50.0),
    (10.0, 50.0, 0.0),  # -1.4 m/s²
    (23.0, 0.0, 0.0),
    (5.0, 0.0, 50.0),  # 2.8 m/s²: harsh acceleration
    (40.0, 50.0, 50.0),
    (3.5, 50.0, 0.0),  # -4.0 m/s²: harsh braking
    (20.0, 0.0, 0.0),
)
EARTH_RADIUS_M = 6_371_000.0
# How the speed control eases to its speed: under the harsh-event lines (acceleration.py).
EASE_UP_MS2 = 2.0
EASE_DOWN_MS2 = 3.0


def _kmh_to_ms(kmh: float) -> float:
    return kmh / 3.6


class DriveCycle:
    def __init__(self, phases: tuple[tuple[float, float, float], ...] = CITY_CYCLE):
        self.phases = phases
        self.period = sum(p[0] for p in phases)
        self.metres_per_cycle = sum(d * _kmh_to_ms(v0 + v1) / 2 for d, v0, v1 in phases)

    def speed_kmh(self, t: float) -> float:
        return self._at(t)[0]

    def distance_m(self, t: float) -> float:
        return self._at(t)[1]

    def _at(self, t: float) -> tuple[float, float]:
        cycles, t_in = divmod(t, self.period)
        distance = cycles * self.metres_per_cycle
        for duration, v0, v1 in self.phases:
            if t_in <= duration:
                v = v0 + (v1 - v0) * t_in / duration
                return v, distance + t_in * _kmh_to_ms(v0 + v) / 2
            distance += duration * _kmh_to_ms(v0 + v1) / 2
            t_in -= duration
        raise AssertionError("unreachable: t_in is below the period")


class Vehicle:
    """The car's motion over simulator time: drive-cycle time only passes while in gear D."""

    def __init__(self, cycle: DriveCycle, gear: Gear = Gear.PARK):
        self.cycle = cycle
        self.gear = gear
        self.held_kmh: float | None = None  # the speed control's speed, None to follow the cycle
        self._t = 0.0  # simulator time last seen
        self._cycle_t = 0.0  # time spent driving the cycle, which places the car in it
        self._held_ms = 0.0  # speed under the speed control, m/s
        self._held_m = 0.0  # metres driven under the speed control

    def hold(self, kmh: float | None) -> None:
        """Ease to a steady `kmh` in gear D (from the speed the car has now), or follow the cycle."""
        if kmh is not None and self.held_kmh is None:
            self._held_ms = _kmh_to_ms(self.speed_kmh)
        self.held_kmh = kmh

    def move_to(self, t: float) -> None:
        if self.gear is not Gear.DRIVE:
            self._held_ms = 0.0
        elif self.held_kmh is None:
            self._cycle_t += t - self._t
        else:
            self._ease(t - self._t)
        self._t = t

    def _ease(self, dt: float) -> None:
        v0, target = self._held_ms, _kmh_to_ms(self.held_kmh or 0.0)
        rate = EASE_UP_MS2 if target > v0 else EASE_DOWN_MS2
        reach = abs(target - v0) / rate  # seconds until the target speed
        if dt < reach:
            v1 = v0 + math.copysign(rate * dt, target - v0)
            self._held_m += (v0 + v1) / 2 * dt
        else:
            v1 = target
            self._held_m += (v0 + target) / 2 * reach + target * (dt - reach)
        self._held_ms = v1

    @property
    def speed_kmh(self) -> float:
        if self.gear is not Gear.DRIVE:
            return 0.0
        return self.cycle.speed_kmh(self._cycle_t) if self.held_kmh is None else self._held_ms * 3.6

    @property
    def distance_m(self) -> float:
        return self.cycle.distance_m(self._cycle_t) + self._held_m

    @property
    def motion(self) -> Motion:
        return Motion(self.gear, round(self.speed_kmh, 1))


@dataclass(frozen=True)
class Route:
    name: str
    points: tuple[tuple[float, float], ...]  # (latitude, longitude)

    @classmethod
    def load(cls, path: Path) -> "Route":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["name"], tuple((lat, lon) for lat, lon in data["points"]))

    @property
    def legs_m(self) -> list[float]:
        return [_haversine_m(a, b) for a, b in zip(self.points, self.points[1:])]

    def position(self, distance_m: float) -> tuple[float, float]:
        """The point `distance_m` along the route, driving back and forth between its ends."""
        legs = self.legs_m
        total = sum(legs)
        along = distance_m % (2 * total)
        if along > total:
            along = 2 * total - along
        for (a, b), leg in zip(zip(self.points, self.points[1:]), legs):
            if along <= leg:
                share = along / leg
                return a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share
            along -= leg
        return self.points[-1]


def _haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
