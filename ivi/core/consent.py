"""Consent rules: granting, revoking and whether a consent is valid right now.

Consents are recorded as an append-only list of entries; the latest entry for a
(profile, feature) pair is the driver's current choice.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ivi.core.catalog import Catalog, ConsentKind, Feature
from ivi.core.drive import Drive
from ivi.core.durations import Duration
from ivi.core.errors import ConsentNotNeeded, GuestConsentLimited, InvalidDuration, NoDriveInProgress, NotParked
from ivi.core.motion import Motion
from ivi.core.profiles import GUEST_PROFILE
from ivi.core.restrictions import Activity, allows, driving_state
from ivi.core.text import Text


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
    notice_hash: str | None = None  # the version of the notice a grant was given under
    notice_language: str | None = None  # the language it was shown in
    notice_document: str | None = None  # the version of the exact text shown (ivi.core.notice)

    def is_valid(self, drive: Drive | None, now: datetime, notice_hash: str) -> bool:
        """True while this entry lets its feature run in `drive` at `now`, given the feature's
        current notice version (CN-01, CN-08)."""
        if self.action is not Action.GRANT or drive is None or not drive.in_progress:
            return False
        if self.profile != drive.profile or self.notice_hash != notice_hash:
            return False
        if self.duration is Duration.DRIVE or self.profile == GUEST_PROFILE:
            return self.drive_id == drive.id  # a guest's consent never outlives its drive
        return self.expires_at is not None and now < self.expires_at


@dataclass(frozen=True)
class LedgerRecord:
    """A consent entry as the ledger holds it: its place in the chain, and its hash."""

    id: int
    entry: ConsentEntry
    hash: str


def running(catalog: Catalog, entry: ConsentEntry | None, drive: Drive | None, now: datetime) -> bool:
    """Whether `entry` lets its feature run now, under the catalog's current notice."""
    if entry is None or entry.feature not in catalog.features:
        return False
    return entry.is_valid(drive, now, catalog.features[entry.feature].notice_hash)


def grant(
    catalog: Catalog,
    feature_id: str,
    duration: Duration,
    profile: str,
    now: datetime,
    drive: Drive | None,
    motion: Motion,
) -> ConsentEntry:
    feature = catalog.feature(feature_id)
    if feature.consent is ConsentKind.NONE:
        raise ConsentNotNeeded(feature.name)
    if duration not in feature.durations:
        raise InvalidDuration(duration.value, [d.value for d in feature.durations])
    if not allows(driving_state(True, motion.parked), Activity.EXPAND_COLLECTION):
        raise NotParked(Text("switch on %(feature)s", feature=Text(feature.name)), motion.describe())
    if duration not in offered_durations(feature, profile):
        raise GuestConsentLimited(feature.name, duration.value)
    bound = {"notice_hash": feature.notice_hash}
    if duration is Duration.DRIVE:
        if drive is None or not drive.in_progress:
            raise NoDriveInProgress(Text("a consent for this drive only"))
        return ConsentEntry(profile, feature_id, Action.GRANT, now, duration, drive_id=drive.id, **bound)
    assert duration.length is not None
    return ConsentEntry(profile, feature_id, Action.GRANT, now, duration, expires_at=now + duration.length, **bound)


def offered_durations(feature: Feature, profile: str) -> tuple[Duration, ...]:
    """The durations a profile may choose for a feature: a guest's consents last one drive,
    so a guest is offered no other (the notice and the CLI offer what this returns)."""
    if profile == GUEST_PROFILE:
        return tuple(d for d in feature.durations if d is Duration.DRIVE)
    return tuple(feature.durations)


def revoke(catalog: Catalog, feature_id: str, profile: str, now: datetime) -> ConsentEntry:
    """Withdrawing is accepted at any time, moving or not."""
    catalog.feature(feature_id)  # refuse unknown features
    return ConsentEntry(profile, feature_id, Action.REVOKE, now)


def changes_for(
    catalog: Catalog,
    choices: Mapping[str, Duration | None],
    latest: Mapping[str, ConsentEntry],
    profile: str,
    now: datetime,
    drive: Drive | None,
    motion: Motion,
) -> list[ConsentEntry]:
    """The ledger entries a notice's answer implies: a grant where the driver chose a new
    duration, a revoke where a running consent was switched off, nothing where nothing changed.
    `choices` maps a feature to its chosen duration, or None for off."""
    entries = []
    for feature_id, duration in choices.items():
        current = latest.get(feature_id)
        is_running = running(catalog, current, drive, now)
        if duration is None and is_running:
            entries.append(revoke(catalog, feature_id, profile, now))
        elif duration is not None and not (is_running and current.duration is duration):
            entries.append(grant(catalog, feature_id, duration, profile, now, drive, motion))
    return entries
