"""The service layer: every change to drives and consents goes through here.

Each method is one transaction on the store, then its domain events on the hub, so the
consent gate and the UI learn of a change before the call returns.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from ivi.core import consent as rules
from ivi.core.catalog import Catalog, Feature
from ivi.core.clock import Clock
from ivi.core.consent import ConsentEntry
from ivi.core.drive import Drive
from ivi.core.durations import Duration
from ivi.core.errors import NoDriveInProgress
from ivi.core.events import ConsentChanged, DriveEnded, DriveStarted, EventHub
from ivi.core.policy import PrivacyState, evaluate
from ivi.store import CarStore

DEFAULT_PROFILE = "driver"


@dataclass(frozen=True)
class FeatureStatus:
    feature: Feature
    latest: ConsentEntry | None  # the driver's last choice, if any, valid or not
    running: ConsentEntry | None  # the same entry while it lets the feature run now

    @property
    def active(self) -> bool:
        return self.running is not None


class PrivacyService:
    def __init__(self, store: CarStore, catalog: Catalog, clock: Clock, hub: EventHub):
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.hub = hub

    def profile(self, requested: str | None = None) -> str:
        """The profile a command acts for: the one asked for, else the current driver's."""
        if requested:
            return requested
        drive = self.store.current_drive()
        return drive.profile if drive else DEFAULT_PROFILE

    # drives

    def start_drive(self, profile: str | None = None) -> Drive:
        """Ignition on. A drive left open (the car lost power) is closed first."""
        now = self.clock.now()
        with self.store.transaction():
            unfinished = self.store.current_drive()
            if unfinished:
                self.store.end_drive(unfinished, now)
            drive = self.store.start_drive(self.profile(profile), now)
        self.hub.publish(DriveStarted(drive))
        return drive

    def end_drive(self) -> Drive:
        with self.store.transaction():
            drive = self.store.current_drive()
            if drive is None:
                raise NoDriveInProgress("ending a drive")
            ended = self.store.end_drive(drive, self.clock.now())
        self.hub.publish(DriveEnded(ended))
        return ended

    # consents

    def grant(self, feature_id: str, duration: str | Duration, profile: str | None = None) -> ConsentEntry:
        chosen = duration if isinstance(duration, Duration) else Duration.parse(duration)
        [entry] = self._record(
            lambda who, drive: [rules.grant(self.catalog, feature_id, chosen, who, self.clock.now(), drive)],
            profile,
        )
        return entry

    def revoke(self, feature_id: str, profile: str | None = None) -> ConsentEntry:
        [entry] = self._record(
            lambda who, _drive: [rules.revoke(self.catalog, feature_id, who, self.clock.now())], profile
        )
        return entry

    def apply_choices(self, choices: Mapping[str, Duration | None]) -> list[ConsentEntry]:
        """The notice's answer, as one transaction: see `ivi.core.consent.changes_for`."""

        def decide(who: str, drive: Drive | None) -> list[ConsentEntry]:
            latest = {e.feature: e for e in self.store.latest_consents(who)}
            return rules.changes_for(self.catalog, choices, latest, who, self.clock.now(), drive)

        return self._record(decide, None)

    def stop_sensor(self, sensor_id: str) -> list[ConsentEntry]:
        """One tap on a status-bar chip: revoke every running feature that powers the sensor
        (`changes_for` leaves alone the ones that are not running)."""
        return self.apply_choices({f.id: None for f in self.catalog.features_using(sensor_id)})

    def _record(self, decide, profile: str | None) -> list[ConsentEntry]:
        """Decide and append ledger entries in one transaction, then announce them."""
        with self.store.transaction():
            entries = decide(self.profile(profile), self.store.current_drive())
            for entry in entries:
                self.store.append_consent(entry)
        for entry in entries:
            self.hub.publish(ConsentChanged(entry))
        return entries

    # reading

    def state(self) -> PrivacyState:
        drive = self.store.current_drive()
        latest = self.store.latest_consents(drive.profile) if drive else []
        return evaluate(self.catalog, latest, drive, self.clock.now())

    def status(self, profile: str | None = None) -> list[FeatureStatus]:
        who = self.profile(profile)
        drive = self.store.current_drive()
        now = self.clock.now()
        latest = {e.feature: e for e in self.store.latest_consents(who)}
        statuses = []
        for feature in self.catalog.consentable():
            entry = latest.get(feature.id)
            running = entry if entry is not None and entry.is_valid(drive, now) else None
            statuses.append(FeatureStatus(feature, entry, running))
        return statuses
