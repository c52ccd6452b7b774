"""Whether the car is parked or moving: consents that expand collection wait until it is parked."""

from dataclasses import dataclass
from enum import Enum

from ivi.core.text import Text


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

    def describe(self) -> Text:
        return Text("gear %(gear)s, %(speed)s km/h", gear=self.gear.value, speed=f"{self.speed_kmh:g}")


PARKED = Motion()
