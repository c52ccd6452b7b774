"""Consent rules: granting, revoking and whether a consent is valid right now.

Consents are recorded as an append-only list of entries; the latest entry for a
(profile, feature) pair is the driver's current choice.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ivi.core.catalog import Catalog, ConsentKind
from ivi.core.drive import Drive
from ivi.core.durations import Duration
from ivi.core.errors import ConsentNotNeeded, InvalidDuration, NoDriveInProgress


class Action(str, Enum):
    GRANT = "grant"
    REVOKE = "revoke"


@dataclass(frozen=True)
class ConsentEntry:
    profile: str
    feature: str
    action: Action
    at: datetime
    duration: Duration | None = None
    drive_id: int | None = None  # the drive a "this drive only" consent belongs to
    expires_at: datetime | None = None

    def is_valid(self, drive: Drive | None, now: datetime) -> bool:
        """True while this entry lets its feature run in `drive` at `now` (CN-01, CN-08)."""
        if self.action is not Action.GRANT or drive is None or not drive.in_progress:
            return False
        if self.profile != drive.profile:
            return False
        if self.duration is Duration.DRIVE:
            return self.drive_id == drive.id
        return self.expires_at is not None and now < self.expires_at


def grant(
    catalog: Catalog, feature_id: str, duration: Duration, profile: str, now: datetime, drive: Drive | None
) -> ConsentEntry:
    feature = catalog.feature(feature_id)
    if feature.consent is ConsentKind.NONE:
        raise ConsentNotNeeded(feature_id)
    if duration not in feature.durations:
        raise InvalidDuration(duration.value, [d.value for d in feature.durations])
    if duration is Duration.DRIVE:
        if drive is None or not drive.in_progress:
            raise NoDriveInProgress("a consent for this drive only")
        return ConsentEntry(profile, feature_id, Action.GRANT, now, duration, drive_id=drive.id)
    assert duration.length is not None
    return ConsentEntry(profile, feature_id, Action.GRANT, now, duration, expires_at=now + duration.length)


def revoke(catalog: Catalog, feature_id: str, profile: str, now: datetime) -> ConsentEntry:
    catalog.feature(feature_id)  # refuse unknown features
    return ConsentEntry(profile, feature_id, Action.REVOKE, now)


def changes_for(
    catalog: Catalog,
    choices: Mapping[str, Duration | None],
    latest: Mapping[str, ConsentEntry],
    profile: str,
    now: datetime,
    drive: Drive | None,
) -> list[ConsentEntry]:
    """The ledger entries a notice's answer implies: a grant where the driver chose a new
    duration, a revoke where a running consent was switched off, nothing where nothing changed.
    `choices` maps a feature to its chosen duration, or None for off."""
    entries = []
    for feature_id, duration in choices.items():
        current = latest.get(feature_id)
        running = current is not None and current.is_valid(drive, now)
        if duration is None and running:
            entries.append(revoke(catalog, feature_id, profile, now))
        elif duration is not None and not (running and current.duration is duration):
            entries.append(grant(catalog, feature_id, duration, profile, now, drive))
    return entries
