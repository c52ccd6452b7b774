"""Time as an injectable dependency.

The simulator and the tests use `SimulatedClock`, which only moves when told to, so a
week of consent expiry takes no wall time. `SystemClock` is the car's real clock.
"""

from datetime import UTC, datetime, timedelta, timezone
from typing import Protocol

CAR_TIMEZONE = timezone(timedelta(hours=8), "China Standard Time")  # the car is in China; no DST
# The longest the simulator runs for one command (`ivi bus run --seconds`) or scenario step: a day.
LONGEST_RUN_S = 86_400


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("SimulatedClock needs a timezone-aware start time")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if moment < self._now:
            raise ValueError("the simulator clock never runs backwards")
        self._now = moment
