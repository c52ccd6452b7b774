"""The catalog: what the car can collect, for which feature, why, and where it is processed.

It is data (ivi/catalog.toml), validated here on load so that a catalog breaking a rule
never reaches the car. The text fields are English gettext msgids, translated for display.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from ivi.core.durations import Duration
from ivi.core.errors import InvalidCatalog, InvalidDuration, UnknownCategory, UnknownFeature
from ivi.core.text import Text


class Purpose(str, Enum):
    DRIVING_SAFETY = "driving_safety"
    VOICE_CONTROL = "voice_control"
    CLOUD_VOICE_RECOGNITION = "cloud_voice_recognition"
    REMOTE_CABIN_VIEW = "remote_cabin_view"
    NAVIGATION = "navigation"
    LIVE_TRAFFIC = "live_traffic"
    DRIVING_SCORE = "driving_score"
    INCIDENT_CLIPS = "incident_clips"
    CLOUD_STORAGE = "cloud_storage"
    LEGALLY_REQUIRED = "legally_required"  # a transfer the law requires


# The only purposes for which data may leave the car (CN-02): cabin data by its own narrow
# ways out, other personal data by the services that need it.
CABIN_WAYS_OUT = frozenset(
    {Purpose.CLOUD_VOICE_RECOGNITION, Purpose.REMOTE_CABIN_VIEW, Purpose.CLOUD_STORAGE, Purpose.LEGALLY_REQUIRED}
)
OTHER_WAYS_OUT = frozenset({Purpose.LIVE_TRAFFIC, Purpose.DRIVING_SCORE, Purpose.INCIDENT_CLIPS})


class Processing(str, Enum):
    IN_CAR = "in_car"
    LEAVES_CAR = "leaves_car"


class Precision(str, Enum):
    """How precisely a feature locates the car (CN-13): navigation needs the street, traffic
    needs about a kilometre."""

    PRECISE = "precise"
    COARSE = "coarse"


class ConsentKind(str, Enum):
    SEPARATE = "separate"  # sensitive data: its own toggle, never bundled (CN-07)
    CONSENT = "consent"  # non-sensitive personal data: an ordinary opt-in
    NONE = "none"  # a driving-safety function that keeps everything in the car


BIOMETRICS = "biometrics"  # the kind of personal information that makes a category a biometric (CN-11)
# The seven items of a feature's notice (CN-05), in the order a notice shows them.
NOTICE_ITEMS = ("collects", "when", "why", "storage", "access", "contact", "other")


@dataclass(frozen=True)
class Kind:
    """A kind of personal information, in the words a notice must use."""

    id: str
    name: str


@dataclass(frozen=True)
class DataCategory:
    id: str
    name: str
    personal: bool
    sensitive: bool
    biometric: bool
    cabin: bool  # collected inside the car (CN-02 narrows its ways out)
    kind: str | None  # a Kind id; None for data that is not personal


@dataclass(frozen=True)
class Endpoint:
    """A server outside the car (simulated) that features send data to."""

    id: str
    host: str
    region: str  # ISO 3166 country code
    assessed_for_export: bool  # a security assessment allows exporting important data to it (CN-15)

    @property
    def in_china(self) -> bool:
        return self.region == "CN"


@dataclass(frozen=True)
class Sensor:
    id: str
    name: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Feature:
    id: str
    name: str
    categories: tuple[str, ...]
    purpose: Purpose
    processing: Processing
    consent: ConsentKind
    durations: tuple[Duration, ...]
    retention_days: int  # how long the car keeps what the feature collects; 0: not kept
    endpoint: str | None  # where a feature that leaves the car sends its data
    location_precision: Precision | None  # for features that use location
    summary: str  # the notice's first layer: one line of what, why and where it goes
    collects: str
    when: str
    why: str
    storage: str
    access: str
    contact: str
    other: str
    notice_hash: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "notice_hash", _notice_hash(self))

    @property
    def notice_items(self) -> list[tuple[str, str]]:
        """(item, English text) for the seven items of this feature's notice."""
        return [(item, getattr(self, item)) for item in NOTICE_ITEMS]


def _notice_hash(feature: Feature) -> str:
    """The version of a feature's notice: a hash of everything the driver is told and agrees to.

    It covers the English source text (the msgids every translation renders) and the facts
    behind it, so any change to what is collected, why, where or for how long yields a new
    version and old consents no longer count."""
    told = {
        "id": feature.id,
        "categories": feature.categories,
        "purpose": feature.purpose.value,
        "processing": feature.processing.value,
        "consent": feature.consent.value,
        "durations": [d.value for d in feature.durations],
        "retention_days": feature.retention_days,
        "name": feature.name,
        "summary": feature.summary,
        **dict(feature.notice_items),
    }
    return hashlib.sha256(json.dumps(told, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Catalog:
    kinds: dict[str, Kind]
    categories: dict[str, DataCategory]
    sensors: dict[str, Sensor]
    features: dict[str, Feature]
    endpoints: dict[str, Endpoint]

    def feature(self, feature_id: str) -> Feature:
        try:
            return self.features[feature_id]
        except KeyError:
            choosable = sorted(f.id for f in self.features.values() if f.consent is not ConsentKind.NONE)
            raise UnknownFeature(feature_id, choosable) from None  # only what a driver can choose

    def category(self, category_id: str) -> DataCategory:
        try:
            return self.categories[category_id]
        except KeyError:
            raise UnknownCategory(category_id, sorted(self.categories)) from None

    def endpoint(self, endpoint_id: str) -> Endpoint | None:
        return self.endpoints.get(endpoint_id)

    def consentable(self) -> list[Feature]:
        """Features the driver is asked about, in catalog order."""
        return [f for f in self.features.values() if f.consent is not ConsentKind.NONE]

    def is_personal(self, sensor_id: str) -> bool:
        return self._personal[sensor_id]

    def features_using(self, sensor_id: str) -> list[Feature]:
        return list(self._users[sensor_id])

    def feature_ids_using(self, sensor_id: str) -> frozenset[str]:
        return self._user_ids[sensor_id]

    # Worked out once: the gate asks these of every sensor each time a consent changes.
    @cached_property
    def _personal(self) -> dict[str, bool]:
        return {
            sensor_id: any(self.categories[c].personal for c in s.categories) for sensor_id, s in self.sensors.items()
        }

    @cached_property
    def _users(self) -> dict[str, tuple[Feature, ...]]:
        return {
            sensor_id: tuple(f for f in self.features.values() if set(s.categories) & set(f.categories))
            for sensor_id, s in self.sensors.items()
        }

    @cached_property
    def _user_ids(self) -> dict[str, frozenset[str]]:
        return {sensor: frozenset(f.id for f in users) for sensor, users in self._users.items()}

    def features_of_category(self, category_id: str) -> list[Feature]:
        return [f for f in self.features.values() if category_id in f.categories]

    def sent_out_by(self, category_id: str, granted: Iterable[str]) -> tuple[str, ...]:
        """Of the `granted` features, those that send this category out of the car: where a
        deletion request must go (CN-12)."""
        granted = set(granted)
        leaving = self.features_of_category(category_id)
        return tuple(f.id for f in leaving if f.processing is Processing.LEAVES_CAR and f.id in granted)

    def stoppable(self, sensor_id: str, active: Iterable[str]) -> bool:
        """Whether the driver can stop this sensor: some feature powering it runs on consent
        (a driving-safety function that needs none cannot be switched off)."""
        using = {f.id for f in self.features_using(sensor_id)} & set(active)
        return any(self.features[f].consent is not ConsentKind.NONE for f in using)

    def needs_precise_location(self, features: Iterable[str]) -> bool:
        """CN-13: the car's position is precise only for a feature that needs the street."""
        return any(self.features[f].location_precision is Precision.PRECISE for f in features)

    def processing_of(self, sensor_id: str, active: Iterable[str]) -> Processing:
        """LEAVES_CAR if an active feature that uses the sensor sends data out, else IN_CAR."""
        using = {f.id for f in self.features_using(sensor_id)} & set(active)
        leaves = any(self.features[f].processing is Processing.LEAVES_CAR for f in using)
        return Processing.LEAVES_CAR if leaves else Processing.IN_CAR

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Catalog":
        contact = _field({"id": "notice", **data.get("notice", {})}, "contact")
        kinds = {k["id"]: Kind(k["id"], _field(k, "name")) for k in _unique(data, "kind")}
        categories = {c["id"]: _category(c, kinds) for c in _unique(data, "category")}
        sensors = {s["id"]: _sensor(s, categories) for s in _unique(data, "sensor")}
        endpoints = {e["id"]: _endpoint(e) for e in _unique(data, "endpoint")}
        features = {f["id"]: _feature(f, categories, endpoints, contact) for f in _unique(data, "feature")}
        for category in categories.values():
            if category.personal and not any(category.id in s.categories for s in sensors.values()):
                raise InvalidCatalog(category.id, Text("no sensor produces this category"))
        return cls(kinds, categories, sensors, features, endpoints)


def _unique(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    entries = data.get(kind, [])
    for entry in entries:
        if "id" not in entry:
            raise InvalidCatalog(kind, Text("an entry has no id"))
    duplicates = [i for i, n in Counter(e["id"] for e in entries).items() if n > 1]
    if duplicates:
        raise InvalidCatalog(duplicates[0], Text("duplicate %(kind)s id", kind=kind))
    return entries


def _field(entry: dict[str, Any], name: str) -> Any:
    try:
        return entry[name]
    except KeyError:
        raise InvalidCatalog(entry["id"], Text("missing field '%(name)s'", name=name)) from None


def _enum(entry: dict[str, Any], name: str, enum: type[Enum]) -> Any:
    value = _field(entry, name)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise InvalidCatalog(
            entry["id"], Text("%(name)s '%(value)s' is not one of %(allowed)s", name=name, value=value, allowed=allowed)
        ) from None


def _category(entry: dict[str, Any], kinds: dict[str, Kind]) -> DataCategory:
    category = DataCategory(
        id=entry["id"],
        name=_field(entry, "name"),
        personal=bool(_field(entry, "personal")),
        sensitive=bool(entry.get("sensitive", False)),
        biometric=entry.get("kind") == BIOMETRICS,  # by its kind, never by a flag that can be left out
        cabin=bool(entry.get("cabin", False)),
        kind=entry.get("kind"),
    )
    if category.personal and category.kind not in kinds:
        raise InvalidCatalog(
            category.id, Text("kind '%(kind)s' is not one of %(allowed)s", kind=category.kind, allowed=", ".join(kinds))
        )
    if (category.sensitive or category.biometric) and not category.personal:
        raise InvalidCatalog(category.id, Text("sensitive or biometric data is personal data"))
    return category


def _known_categories(entry: dict[str, Any], categories: dict[str, DataCategory]) -> tuple[str, ...]:
    names = tuple(_field(entry, "categories"))
    for name in names:
        if name not in categories:
            raise InvalidCatalog(entry["id"], Text("unknown data category '%(name)s'", name=name))
    return names


def _sensor(entry: dict[str, Any], categories: dict[str, DataCategory]) -> Sensor:
    return Sensor(entry["id"], _field(entry, "name"), _known_categories(entry, categories))


def _endpoint(entry: dict[str, Any]) -> Endpoint:
    region = _field(entry, "region")
    if not (isinstance(region, str) and len(region) == 2 and region.isalpha() and region.isupper()):
        raise InvalidCatalog(
            entry["id"], Text("region must be a two-letter country code, not %(region)r", region=region)
        )
    return Endpoint(entry["id"], _field(entry, "host"), region, bool(entry.get("assessed_for_export", False)))


def _retention(entry: dict[str, Any]) -> int:
    days = _field(entry, "retention_days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise InvalidCatalog(
            entry["id"], Text("retention_days must be a whole number of days, not %(days)r", days=days)
        )
    return days


def _feature(
    entry: dict[str, Any], categories: dict[str, DataCategory], endpoints: dict[str, Endpoint], contact: str
) -> Feature:
    used = _known_categories(entry, categories)
    offered = _field(entry, "durations")
    if not isinstance(offered, list) or not all(isinstance(d, str) for d in offered):
        raise InvalidCatalog(entry["id"], Text("durations must be a list of names, not %(value)r", value=offered))
    try:
        durations = tuple(Duration.parse(d) for d in offered)
    except InvalidDuration as error:
        raise InvalidCatalog(entry["id"], error.message) from None
    if len(set(durations)) != len(durations):
        raise InvalidCatalog(entry["id"], Text("a duration is listed twice"))
    feature = Feature(
        id=entry["id"],
        name=_field(entry, "name"),
        categories=used,
        purpose=_enum(entry, "purpose", Purpose),
        processing=_enum(entry, "processing", Processing),
        consent=_enum(entry, "consent", ConsentKind),
        durations=durations,
        retention_days=_retention(entry),
        endpoint=entry.get("endpoint"),
        location_precision=_enum(entry, "location_precision", Precision) if "location_precision" in entry else None,
        summary=_field(entry, "summary"),
        collects=_field(entry, "collects"),
        when=_field(entry, "when"),
        why=_field(entry, "why"),
        storage=_field(entry, "storage"),
        access=_field(entry, "access"),
        contact=entry.get("contact", contact),
        other=_field(entry, "other"),
    )
    # CN-11: a biometric only ever serves driving safety.
    if feature.purpose is not Purpose.DRIVING_SAFETY and any(categories[c].biometric for c in used):
        raise InvalidCatalog(feature.id, Text("a biometric category may only be used for driving safety"))
    # CN-06/07: sensitive data needs its own consent; only in-car safety functions go without.
    if feature.consent is ConsentKind.NONE:
        if feature.purpose is not Purpose.DRIVING_SAFETY or feature.processing is not Processing.IN_CAR:
            raise InvalidCatalog(feature.id, Text("only an in-car driving-safety function may run without consent"))
    elif any(categories[c].sensitive for c in used) and feature.consent is not ConsentKind.SEPARATE:
        raise InvalidCatalog(feature.id, Text("sensitive data needs separate consent"))
    if feature.consent is not ConsentKind.NONE and not durations:
        raise InvalidCatalog(feature.id, Text("a feature that asks for consent offers at least one duration"))
    _check_way_out(feature, categories, endpoints)
    return feature


def _check_way_out(feature: Feature, categories: dict[str, DataCategory], endpoints: dict[str, Endpoint]) -> None:
    """Where a feature's data goes, and how precisely it locates the car."""
    leaves = feature.processing is Processing.LEAVES_CAR
    if leaves and feature.endpoint not in endpoints:
        raise InvalidCatalog(
            feature.id,
            Text("a feature that leaves the car names a known endpoint, not %(endpoint)r", endpoint=feature.endpoint),
        )
    if not leaves and feature.endpoint is not None:
        raise InvalidCatalog(feature.id, Text("a feature processed in the car has no endpoint"))
    for category in (categories[c] for c in feature.categories):
        # CN-02: cabin data leaves only by its named ways out.
        if leaves and category.cabin and feature.purpose not in CABIN_WAYS_OUT:
            raise InvalidCatalog(
                feature.id, Text("cabin data may not leave the car for %(purpose)s", purpose=feature.purpose.value)
            )
        if leaves and category.personal and not category.cabin and feature.purpose not in OTHER_WAYS_OUT:
            raise InvalidCatalog(
                feature.id, Text("personal data may not leave the car for %(purpose)s", purpose=feature.purpose.value)
            )
    uses_location = "location" in feature.categories
    if uses_location != (feature.location_precision is not None):
        raise InvalidCatalog(feature.id, Text("a feature states location_precision exactly when it uses location"))
    if leaves and feature.location_precision is Precision.PRECISE:  # CN-13
        raise InvalidCatalog(feature.id, Text("a precise location may not leave the car"))
