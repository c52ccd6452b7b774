"""Checks a scenario makes below the screen: a parcel a rogue app tries to send out, what the
servers received, a catalog that breaks a rule, the anonymiser's recall, and the evidence a
conformance report shows (sample counts, ledger and egress excerpts, what left the car).

Each check raises `ProbeFailed` saying what it found, or returns a one-line note for the
report ("faces hidden 37 of 38").
"""

import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ivi.bus.anonymiser import Anonymiser
from ivi.bus.egress_guard import Parcel, encode_frames
from ivi.bus.recall import labelled_frames, measure
from ivi.car import Car
from ivi.core.catalog import Catalog
from ivi.core.clock import CAR_TIMEZONE
from ivi.core.egress import Reason
from ivi.core.errors import InvalidCatalog
from ivi.core.pseudonyms import coarse
from ivi.core.text import Plural, Text
from ivi.core.ways_out import PayloadKind
from ivi.labels import ACTIONS, DURATIONS, EGRESS_REASONS
from ivi.paths import CATALOG_FILE


class ProbeFailed(AssertionError):
    """What a check found against it, in words the report translates."""

    def __init__(self, why: Text):
        super().__init__(str(why))
        self.why = why


def _feature(car_or_catalog: Car | Catalog, feature_id: str) -> Text | str:
    """A feature by its name, translated where the report is written (its id if unknown)."""
    catalog = car_or_catalog.services.catalog if isinstance(car_or_catalog, Car) else car_or_catalog
    return Text(catalog.features[feature_id].name) if feature_id in catalog.features else feature_id


def _reason(value: str) -> Text | str:
    """A reason the guard gives, in words (as given, if it is none of them)."""
    try:
        return Text(EGRESS_REASONS[Reason(value)])
    except ValueError:
        return value


def _clip(car: Car) -> Any:
    """Frames the car's anonymiser made, minted as the incident recorder mints them."""
    frames = encode_frames([Anonymiser().anonymise(np.full((360, 640, 3), 128, np.uint8))])
    return car.incidents.mint.make(PayloadKind.ANONYMISED_FRAMES, frames)


def _fix(latitude: float, longitude: float) -> Callable[[Car], tuple[dict[str, Any], Any]]:
    return lambda car: ({"latitude": latitude, "longitude": longitude, "at": car.clock.now()}, b"")


# What a parcel carries, by name, so a scenario can say it: (fields, payload) for a car.
PAYLOADS: dict[str, Callable[[Car], tuple[dict[str, Any], Any]]] = {
    "nothing": lambda _car: ({}, b""),
    "audio": lambda car: ({"format": "pcm_s16le_16000", "at": car.clock.now()}, b"\0" * 3200),
    "raw_frame": lambda car: (
        {"event": "hard_braking", "at": car.clock.now(), "frames": 1},
        np.zeros((720, 1280, 3), np.uint8),
    ),
    "jpeg": lambda car: (
        {"event": "hard_braking", "at": car.clock.now(), "frames": 1},
        b"\xff\xd8 a jpeg the anonymiser never saw",
    ),
    "anonymised_clip": lambda car: ({"event": "hard_braking", "at": car.clock.now(), "frames": 1}, _clip(car)),
    "precise_fix": _fix(31.23456, 121.51234),
    "coarse_fix": _fix(31.23, 121.51),
    "raw_vin": lambda car: ({**_fix(31.23, 121.51)(car)[0], "vehicle": car.services.vin()}, b""),
}


def try_send(car: Car, feature: str, category: str, endpoint: str, payload: str, expect: str) -> Text:
    """Hand the egress guard a parcel, de-identified as the car's own uploads are, and check
    its verdict (`allowed` or a refusal reason such as `export_not_assessed`)."""
    fields, body = PAYLOADS[payload](car)
    attempt = car.guard.send(Parcel(feature, category, endpoint, {**car.guard.identifiers(feature), **fields}, body))
    found = Text(EGRESS_REASONS[attempt.reason])
    if attempt.reason.value != expect:
        raise ProbeFailed(
            Text(
                "%(feature)s sending %(payload)s to %(endpoint)s: %(found)s, not %(expected)s",
                feature=_feature(car, feature),
                payload=payload,
                endpoint=endpoint,
                found=found,
                expected=_reason(expect),
            )
        )
    return Text(
        "%(feature)s to %(endpoint)s (%(region)s): %(found)s",
        feature=_feature(car, feature),
        endpoint=endpoint,
        region=attempt.region or "-",
        found=found,
    )


def received(car: Car, feature: str, at_least: int, de_identified: bool, coarse_location: bool) -> Text:
    """What the servers got from `feature`: enough parcels, each carrying the VIN only as a
    keyed hash and the driver only as a pseudonym, and positions only rounded to 0.01°."""
    parcels = [p for p in car.guard.received if p.feature == feature]
    name = _feature(car, feature)
    if len(parcels) < at_least:
        raise ProbeFailed(
            Plural(
                "the servers got %(n)d parcel from %(feature)s, fewer than %(least)d",
                "the servers got %(n)d parcels from %(feature)s, fewer than %(least)d",
                len(parcels),
                feature=name,
                least=at_least,
            )
        )
    vin = car.services.vin()
    expected_ids = car.guard.identifiers(feature)
    for parcel in parcels:
        text = json.dumps(parcel.fields, default=str)
        if de_identified and (vin in text or parcel.fields.get("vehicle") != expected_ids["vehicle"]):
            raise ProbeFailed(
                Text(
                    "a parcel from %(feature)s names the car other than by its keyed hash: %(parcel)s",
                    feature=name,
                    parcel=text,
                )
            )
        if de_identified and parcel.fields.get("driver") != expected_ids["driver"]:
            raise ProbeFailed(
                Text(
                    "a parcel from %(feature)s names the driver other than by this feature's pseudonym: %(parcel)s",
                    feature=name,
                    parcel=text,
                )
            )
        for key in ("latitude", "longitude") if coarse_location else ():
            if key in parcel.fields and parcel.fields[key] != coarse(parcel.fields[key]):
                raise ProbeFailed(
                    Text(
                        "a parcel from %(feature)s has a precise %(key)s: %(value)s",
                        feature=name,
                        key=key,
                        value=parcel.fields[key],
                    )
                )
    return Plural(
        "%(n)d parcel from %(feature)s, for example %(parcel)s",
        "%(n)d parcels from %(feature)s, for example %(parcel)s",
        len(parcels),
        feature=name,
        parcel=json.dumps(parcels[-1].fields, default=str),
    )


def catalog_rejects(feature: str, change: dict[str, Any], reason: str) -> Text:
    """The shipped catalog with one feature changed must be refused at load, for `reason`."""
    changed = tomllib.loads(CATALOG_FILE.read_text(encoding="utf-8"))  # a fresh copy to change
    entry = next((f for f in changed["feature"] if f["id"] == feature), None)
    if entry is None:
        raise ProbeFailed(Text("the catalog has no feature %(feature)r", feature=feature))
    entry.update(change)
    try:
        Catalog.from_dict(changed)
    except InvalidCatalog as refused:
        if reason not in str(refused):
            raise ProbeFailed(Text("refused, but for another reason: %(why)s", why=refused.message)) from None
        return refused.message
    raise ProbeFailed(Text("a catalog where %(feature)s has %(change)s was accepted", feature=feature, change=change))


def recall(frames: int, at_least: float) -> Text:
    """The anonymiser on labelled street frames: the share of faces and of plates it hides,
    and no face found again afterwards (CAAM: at least 90 %)."""
    anonymiser = Anonymiser()
    report = measure(anonymiser.anonymise, anonymiser.find_faces, labelled_frames(frames))
    note = Text(
        "faces hidden %(faces_hidden)d of %(faces)d (%(face_recall)s), plates hidden %(plates_hidden)d of"
        " %(plates)d (%(plate_recall)s), faces found afterwards %(after)d",
        faces_hidden=report.faces_hidden,
        faces=report.faces,
        face_recall=f"{report.face_recall:.1%}",
        plates_hidden=report.plates_hidden,
        plates=report.plates,
        plate_recall=f"{report.plate_recall:.1%}",
        after=report.faces_found_after,
    )
    if min(report.face_recall, report.plate_recall) < at_least or report.faces_found_after:
        raise ProbeFailed(note)
    return note


@dataclass
class Evidence:
    """What a conformance report shows beside the screenshots."""

    samples: dict[str, int] = field(default_factory=dict)
    ledger: list[Text] = field(default_factory=list)
    egress: list[Text] = field(default_factory=list)
    vehicle: str = ""  # the car, as what leaves it names it (a keyed hash of its VIN)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)  # where the record's chains end


LEDGER_SHOWN = 8  # the last entries are the ones a scenario made


def evidence(car: Car, sample_paths: list[str], ledger: bool, egress: bool) -> Evidence:
    found = Evidence(
        samples={path: car.bus.counts[path] for path in sample_paths},
        vehicle=car.services.vehicle_hash(),
        heads=car.services.record_heads(),
    )
    if ledger:
        for record in car.services.consent_history(car.services.profile())[-LEDGER_SHOWN:]:
            entry = record.entry
            found.ledger.append(
                Text(
                    "#%(id)d %(at)s %(feature)s %(action)s %(duration)s %(hash)s",
                    id=record.id,
                    at=f"{entry.at.astimezone(CAR_TIMEZONE):%Y-%m-%d %H:%M:%S}",
                    feature=_feature(car, entry.feature),
                    action=Text(ACTIONS[entry.action]),
                    duration=Text(DURATIONS[entry.duration]) if entry.duration else "",
                    hash=record.hash[:12],
                )
            )
    if egress:
        for attempt in car.services.egress_log():
            found.egress.append(
                Text(
                    "%(at)s %(feature)s to %(endpoint)s (%(region)s), %(bytes)d B: %(reason)s",
                    at=f"{attempt.at.astimezone(CAR_TIMEZONE):%H:%M:%S}",
                    feature=_feature(car, attempt.feature),
                    endpoint=attempt.endpoint,
                    region=attempt.region or "-",
                    bytes=attempt.bytes,
                    reason=Text(EGRESS_REASONS[attempt.reason]),
                )
            )
    return found
