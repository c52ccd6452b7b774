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
from ivi.core.errors import InvalidCatalog
from ivi.core.pseudonyms import coarse
from ivi.core.ways_out import PayloadKind
from ivi.paths import CATALOG_FILE


class ProbeFailed(AssertionError):
    pass


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


def try_send(car: Car, feature: str, category: str, endpoint: str, payload: str, expect: str) -> str:
    """Hand the egress guard a parcel, de-identified as the car's own uploads are, and check
    its verdict (`allowed` or a refusal reason such as `export_not_assessed`)."""
    fields, body = PAYLOADS[payload](car)
    attempt = car.guard.send(Parcel(feature, category, endpoint, {**car.guard.identifiers(feature), **fields}, body))
    if attempt.reason.value != expect:
        raise ProbeFailed(f"{feature} sending {payload} to {endpoint}: {attempt.reason.value}, not {expect}")
    return f"{feature} → {endpoint} ({attempt.region}): {attempt.reason.value}"


def received(car: Car, feature: str, at_least: int, de_identified: bool, coarse_location: bool) -> str:
    """What the servers got from `feature`: enough parcels, each carrying the VIN only as a
    keyed hash and the driver only as a pseudonym, and positions only rounded to 0.01°."""
    parcels = [p for p in car.guard.received if p.feature == feature]
    if len(parcels) < at_least:
        raise ProbeFailed(f"the servers got {len(parcels)} parcels from {feature}, fewer than {at_least}")
    vin = car.services.vin()
    expected_ids = car.guard.identifiers(feature)
    for parcel in parcels:
        text = json.dumps(parcel.fields, default=str)
        if de_identified and (vin in text or parcel.fields.get("vehicle") != expected_ids["vehicle"]):
            raise ProbeFailed(f"a parcel from {feature} names the car other than by its keyed hash: {text}")
        if de_identified and parcel.fields.get("driver") != expected_ids["driver"]:
            raise ProbeFailed(
                f"a parcel from {feature} names the driver other than by this feature's pseudonym: {text}"
            )
        for key in ("latitude", "longitude") if coarse_location else ():
            if key in parcel.fields and parcel.fields[key] != coarse(parcel.fields[key]):
                raise ProbeFailed(f"a parcel from {feature} has a precise {key}: {parcel.fields[key]}")
    return f"{len(parcels)} parcels from {feature}, e.g. {json.dumps(parcels[-1].fields, default=str)}"


def catalog_rejects(feature: str, change: dict[str, Any], reason: str) -> str:
    """The shipped catalog with one feature changed must be refused at load, for `reason`."""
    changed = tomllib.loads(CATALOG_FILE.read_text(encoding="utf-8"))  # a fresh copy to change
    entry = next((f for f in changed["feature"] if f["id"] == feature), None)
    if entry is None:
        raise ProbeFailed(f"the catalog has no feature {feature!r}")
    entry.update(change)
    try:
        Catalog.from_dict(changed)
    except InvalidCatalog as refused:
        if reason not in str(refused):
            raise ProbeFailed(f"refused, but for another reason: {refused}") from None
        return str(refused)
    raise ProbeFailed(f"a catalog where {feature} has {change} was accepted")


def recall(frames: int, at_least: float) -> str:
    """The anonymiser on labelled street frames: the share of faces and of plates it hides,
    and no face found again afterwards (CAAM: at least 90 %)."""
    report = measure(Anonymiser(), labelled_frames(frames))
    note = (
        f"faces hidden {report.faces_hidden} of {report.faces} ({report.face_recall:.1%}), "
        f"plates hidden {report.plates_hidden} of {report.plates} ({report.plate_recall:.1%}), "
        f"faces found afterwards {report.faces_found_after}"
    )
    if min(report.face_recall, report.plate_recall) < at_least or report.faces_found_after:
        raise ProbeFailed(note)
    return note


@dataclass
class Evidence:
    """What a conformance report shows beside the screenshots."""

    samples: dict[str, int] = field(default_factory=dict)
    ledger: list[str] = field(default_factory=list)
    egress: list[str] = field(default_factory=list)


LEDGER_SHOWN = 8  # the last entries are the ones a scenario made


def evidence(car: Car, sample_paths: list[str], ledger: bool, egress: bool) -> Evidence:
    found = Evidence(samples={path: car.bus.counts[path] for path in sample_paths})
    if ledger:
        for record in car.services.consent_history(car.services.profile())[-LEDGER_SHOWN:]:
            entry = record.entry
            duration = entry.duration.value if entry.duration else "-"
            found.ledger.append(
                f"#{record.id} {entry.at:%Y-%m-%d %H:%M:%S} UTC {entry.feature} {entry.action.value} {duration} "
                f"{entry.notice_language or ''} {record.hash[:12]}"
            )
    if egress:
        for attempt in car.services.egress_log():
            found.egress.append(
                f"{attempt.at:%H:%M:%S} UTC {attempt.feature} {attempt.category} → {attempt.endpoint} "
                f"({attempt.region}) {attempt.bytes} B {attempt.reason.value}"
            )
    return found
