"""Whether the car is parked or moving: consents that expand collection wait until it is parked."""

from dataclasses import dataclass
from enum import Enum


class Gear(str, Enum):
    PARK = "P"
    REVERSE = "R"
    NEUTRAL = "N"
    DRIVE = "D"


@dataclass(frozen=True)
class Motion:
    gear: Gear = Gear.PARK
    speed_kmh: float = 0.0

    @property
    def parked(self) -> bool:
        """Parked in the sense of the rules: gear P, or standing still."""
        return self.gear is Gear.PARK or self.speed_kmh == 0

    def describe(self) -> str:
        return f"gear {self.gear.value}, {self.speed_kmh:g} km/h"


PARKED = Motion()
