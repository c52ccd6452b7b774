"""A drive: from ignition-on to ignition-off, for one driver profile."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Drive:
    id: int
    profile: str
    started_at: datetime
    ended_at: datetime | None = None

    @property
    def in_progress(self) -> bool:
        return self.ended_at is None
