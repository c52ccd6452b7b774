"""How long a consent lasts (CN-08): the driver chooses; there is no "always"."""

from datetime import timedelta
from enum import Enum

from ivi.core.errors import InvalidDuration


class Duration(str, Enum):
    DRIVE = "drive"  # this drive only: ends when the ignition goes off
    DAYS_7 = "7d"
    DAYS_90 = "90d"
    DAYS_365 = "365d"

    @classmethod
    def parse(cls, value: str) -> "Duration":
        try:
            return cls(value)
        except ValueError:
            raise InvalidDuration(value, [d.value for d in cls]) from None

    @property
    def length(self) -> timedelta | None:
        """The fixed length, or None for a consent bound to the drive it was given in."""
        return None if self is Duration.DRIVE else timedelta(days=int(self.value[:-1]))
