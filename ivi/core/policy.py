"""Which features may run and which sensors are powered, from the consents and the drive.

This is the one place that decides whether personal data may be collected; the sensor
bus asks it, the UI shows it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ivi.core.catalog import Catalog, ConsentKind
from ivi.core.consent import ConsentEntry, running
from ivi.core.drive import Drive


@dataclass(frozen=True)
class PrivacyState:
    active_features: frozenset[str]
    powered_sensors: frozenset[str]
    # The moment this answer may change by the passing of time alone (the next expiry).
    valid_until: datetime | None


def evaluate(catalog: Catalog, latest: Iterable[ConsentEntry], drive: Drive | None, now: datetime) -> PrivacyState:
    """`latest` holds the newest ledger entry per (profile, feature)."""
    driving = drive is not None and drive.in_progress
    valid = [e for e in latest if running(catalog, e, drive, now)]
    active = {e.feature for e in valid}
    if driving:
        active |= {f.id for f in catalog.features.values() if f.consent is ConsentKind.NONE}
    powered = {
        sensor
        for sensor in catalog.sensors
        if driving and (not catalog.is_personal(sensor) or served_features(catalog, sensor, active))
    }
    expiries = [e.expires_at for e in valid if e.expires_at is not None]  # none for this-drive consents
    return PrivacyState(frozenset(active), frozenset(powered), min(expiries, default=None))


def fail_closed(catalog: Catalog) -> PrivacyState:
    """What runs when consent cannot be read: nothing personal, only non-personal sensors."""
    powered = {s for s in catalog.sensors if not catalog.is_personal(s)}
    return PrivacyState(frozenset(), frozenset(powered), None)


def served_features(catalog: Catalog, sensor_id: str, active: Iterable[str]) -> frozenset[str]:
    """The active features a sensor's samples serve (none for a non-personal sensor)."""
    if not catalog.is_personal(sensor_id):
        return frozenset()
    return catalog.feature_ids_using(sensor_id).intersection(active)


def on_for_safety(catalog: Catalog, state: PrivacyState) -> dict[str, frozenset[str]]:
    """The personal sensors on now for nothing but driving safety, which needs no consent and
    keeps everything in the car (the front camera for driver assistance), with the features
    they serve: what a sentence saying "everything is off" must not leave out."""
    serving = {s: served_features(catalog, s, state.active_features) for s in state.powered_sensors}
    return {
        sensor: features
        for sensor, features in serving.items()
        if features and all(catalog.features[f].consent is ConsentKind.NONE for f in features)
    }


def pending_choices(catalog: Catalog, state: PrivacyState) -> list[str]:
    """Features the driver has not switched on: the notice asks about these at ignition-on."""
    return [f.id for f in catalog.consentable() if f.id not in state.active_features]
