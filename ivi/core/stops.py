"""Stops the car has carried out but not yet recorded.

A stop powers its sensors off at once, in memory, before anything is written (a stop never
waits for the store). Until the store has recorded it, the stop is kept here and beside the
database (the secure element), and the state is computed as if it were recorded: what a
stop switched off stays off in this process and in the next one.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ivi.core.consent import Action, ConsentEntry
from ivi.core.drive import Drive


@dataclass(frozen=True)
class RevokeStop:
    """The driver withdrew `profile`'s consent to `feature`."""

    profile: str
    feature: str
    at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"revoke": self.feature, "profile": self.profile, "at": self.at.isoformat()}

    def entry(self) -> ConsentEntry:
        return ConsentEntry(self.profile, self.feature, Action.REVOKE, self.at)


@dataclass(frozen=True)
class DriveStop:
    """The ignition went off (or another driver took over): drive `drive_id` ended."""

    drive_id: int
    at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"end_drive": self.drive_id, "at": self.at.isoformat()}


Stop = RevokeStop | DriveStop


def stop_from_json(data: dict[str, Any]) -> Stop:
    at = datetime.fromisoformat(data["at"])
    if "end_drive" in data:
        return DriveStop(int(data["end_drive"]), at)
    return RevokeStop(str(data["profile"]), str(data["revoke"]), at)


def apply_stops(
    stops: Iterable[Stop], latest: Iterable[ConsentEntry], drive: Drive | None
) -> tuple[list[ConsentEntry], Drive | None]:
    """The newest entry per feature and the drive, as they will be once `stops` are recorded."""
    stops = list(stops)
    if drive is not None and any(isinstance(s, DriveStop) and s.drive_id == drive.id for s in stops):
        ended_at = max(s.at for s in stops if isinstance(s, DriveStop) and s.drive_id == drive.id)
        drive = replace(drive, ended_at=ended_at)
    revoked = {(s.profile, s.feature): s for s in stops if isinstance(s, RevokeStop)}
    entries = [revoked[(e.profile, e.feature)].entry() if (e.profile, e.feature) in revoked else e for e in latest]
    return entries, drive
