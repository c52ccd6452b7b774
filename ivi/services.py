"""The service layer: every change to drives and consents goes through here.

Each method is one transaction on the store, then one domain event on the hub, so the
consent gate and the UI learn of a change before the call returns.
"""

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
    latest: ConsentEntry | None  # the driver's current choice, if any
    active: bool


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
        with self.store.transaction():
            drive = self.store.current_drive()
            entry = rules.grant(
                self.catalog, feature_id, chosen, self.profile(profile), self.clock.now(), drive
            )
            self.store.append_consent(entry)
        self.hub.publish(ConsentChanged(entry))
        return entry

    def revoke(self, feature_id: str, profile: str | None = None) -> ConsentEntry:
        with self.store.transaction():
            entry = rules.revoke(self.catalog, feature_id, self.profile(profile), self.clock.now())
            self.store.append_consent(entry)
        self.hub.publish(ConsentChanged(entry))
        return entry

    def stop_sensor(self, sensor_id: str) -> list[ConsentEntry]:
        """One tap on a status-bar chip: revoke every active feature that powers the sensor."""
        active = self.state().active_features
        users = [f.id for f in self.catalog.features_using(sensor_id) if f.id in active]
        return [self.revoke(feature_id) for feature_id in users]

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
        return [
            FeatureStatus(f, latest.get(f.id), bool(latest.get(f.id) and latest[f.id].is_valid(drive, now)))
            for f in self.catalog.consentable()
        ]
