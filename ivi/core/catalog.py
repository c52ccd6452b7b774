"""The catalog: what the car can collect, for which feature, why, and where it is processed.

It is data (ivi/catalog.toml), validated here on load so that a catalog breaking a rule
never reaches the car. The text fields are English gettext msgids, translated for display.
"""

from collections import Counter
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ivi.core.durations import Duration
from ivi.core.errors import InvalidCatalog, InvalidDuration, UnknownFeature


class Purpose(str, Enum):
    DRIVING_SAFETY = "driving_safety"
    NAVIGATION = "navigation"


class Processing(str, Enum):
    IN_CAR = "in_car"
    LEAVES_CAR = "leaves_car"


class ConsentKind(str, Enum):
    SEPARATE = "separate"  # sensitive data: its own toggle, never bundled (CN-07)
    CONSENT = "consent"  # non-sensitive personal data: an ordinary opt-in
    NONE = "none"  # a driving-safety function that keeps everything in the car


@dataclass(frozen=True)
class DataCategory:
    id: str
    name: str
    personal: bool
    sensitive: bool
    biometric: bool


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
    collects: str
    why: str
    storage: str


@dataclass(frozen=True)
class Catalog:
    categories: dict[str, DataCategory]
    sensors: dict[str, Sensor]
    features: dict[str, Feature]

    def feature(self, feature_id: str) -> Feature:
        try:
            return self.features[feature_id]
        except KeyError:
            raise UnknownFeature(feature_id, sorted(self.features)) from None

    def consentable(self) -> list[Feature]:
        """Features the driver is asked about, in catalog order."""
        return [f for f in self.features.values() if f.consent is not ConsentKind.NONE]

    def is_personal(self, sensor_id: str) -> bool:
        return any(self.categories[c].personal for c in self.sensors[sensor_id].categories)

    def features_using(self, sensor_id: str) -> list[Feature]:
        categories = set(self.sensors[sensor_id].categories)
        return [f for f in self.features.values() if categories & set(f.categories)]

    def processing_of(self, sensor_id: str) -> Processing:
        """LEAVES_CAR if any feature that uses the sensor sends data out, else IN_CAR."""
        leaves = any(f.processing is Processing.LEAVES_CAR for f in self.features_using(sensor_id))
        return Processing.LEAVES_CAR if leaves else Processing.IN_CAR

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Catalog":
        categories = {c["id"]: _category(c) for c in _unique(data, "category")}
        sensors = {s["id"]: _sensor(s, categories) for s in _unique(data, "sensor")}
        features = {f["id"]: _feature(f, categories) for f in _unique(data, "feature")}
        for category in categories.values():
            if category.personal and not any(category.id in s.categories for s in sensors.values()):
                raise InvalidCatalog(category.id, "no sensor produces this category")
        return cls(categories, sensors, features)


def _unique(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    entries = data.get(kind, [])
    for entry in entries:
        if "id" not in entry:
            raise InvalidCatalog(kind, "an entry has no id")
    duplicates = [i for i, n in Counter(e["id"] for e in entries).items() if n > 1]
    if duplicates:
        raise InvalidCatalog(duplicates[0], f"duplicate {kind} id")
    return entries


def _field(entry: dict[str, Any], name: str) -> Any:
    try:
        return entry[name]
    except KeyError:
        raise InvalidCatalog(entry["id"], f"missing field '{name}'") from None


def _enum(entry: dict[str, Any], name: str, enum: type[Enum]) -> Any:
    value = _field(entry, name)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise InvalidCatalog(entry["id"], f"{name} '{value}' is not one of {allowed}") from None


def _category(entry: dict[str, Any]) -> DataCategory:
    return DataCategory(
        id=entry["id"],
        name=_field(entry, "name"),
        personal=bool(_field(entry, "personal")),
        sensitive=bool(entry.get("sensitive", False)),
        biometric=bool(entry.get("biometric", False)),
    )


def _known_categories(entry: dict[str, Any], categories: dict[str, DataCategory]) -> tuple[str, ...]:
    names = tuple(_field(entry, "categories"))
    for name in names:
        if name not in categories:
            raise InvalidCatalog(entry["id"], f"unknown data category '{name}'")
    return names


def _sensor(entry: dict[str, Any], categories: dict[str, DataCategory]) -> Sensor:
    return Sensor(entry["id"], _field(entry, "name"), _known_categories(entry, categories))


def _feature(entry: dict[str, Any], categories: dict[str, DataCategory]) -> Feature:
    used = _known_categories(entry, categories)
    try:
        durations = tuple(Duration.parse(d) for d in _field(entry, "durations"))
    except InvalidDuration as error:
        raise InvalidCatalog(entry["id"], str(error)) from None
    feature = Feature(
        id=entry["id"],
        name=_field(entry, "name"),
        categories=used,
        purpose=_enum(entry, "purpose", Purpose),
        processing=_enum(entry, "processing", Processing),
        consent=_enum(entry, "consent", ConsentKind),
        durations=durations,
        collects=_field(entry, "collects"),
        why=_field(entry, "why"),
        storage=_field(entry, "storage"),
    )
    # CN-11: a biometric only ever serves driving safety.
    if feature.purpose is not Purpose.DRIVING_SAFETY and any(categories[c].biometric for c in used):
        raise InvalidCatalog(feature.id, "a biometric category may only be used for driving safety")
    # CN-06/07: sensitive data needs its own consent; only in-car safety functions go without.
    if feature.consent is ConsentKind.NONE:
        if feature.purpose is not Purpose.DRIVING_SAFETY or feature.processing is not Processing.IN_CAR:
            raise InvalidCatalog(feature.id, "only an in-car driving-safety function may run without consent")
    elif any(categories[c].sensitive for c in used) and feature.consent is not ConsentKind.SEPARATE:
        raise InvalidCatalog(feature.id, "sensitive data needs separate consent")
    return feature
