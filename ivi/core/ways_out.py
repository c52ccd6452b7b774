"""Each way out of the car declares its parcel (docs/architecture.md, "Principles": egress by declared schema).

A feature that sends data out names the endpoints it may send to and the parcel it sends:
named, typed fields, and the kind of payload. The egress guard sends only what a way out
declares, built from the declared fields alone; anything else is refused with a reason.
Nothing is searched for in free-form data: what is not declared does not leave.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from ivi.core.egress import Reason
from ivi.core.pseudonyms import coarse


class FieldKind(str, Enum):
    VEHICLE = "vehicle"  # the keyed hash of the VIN (CN-14)
    DRIVER = "driver"  # this feature's pseudonym of the driver (CN-14): another feature's links them
    LATITUDE = "latitude"  # degrees, rounded in the car to 0.01° (CN-13)
    LONGITUDE = "longitude"
    MOMENT = "moment"  # a time, sent to the second
    DAY = "day"  # a date
    COUNT = "count"  # a whole number of events, 0 to MAX_COUNT
    AUDIO_FORMAT = "audio_format"  # the one audio format the car records
    EVENT = "event"  # what made an incident clip


class PayloadKind(str, Enum):
    NONE = "none"
    AUDIO = "audio"  # a spoken command, cut by the car's voice pipeline
    CABIN_FRAME = "cabin_frame"  # a frame of the cabin camera, for the owner's remote view
    ANONYMISED_FRAMES = "anonymised_frames"  # exterior frames that went through the anonymiser


@dataclass(frozen=True)
class WayOut:
    category: str
    endpoints: tuple[str, ...]  # the first is the catalog's; others only if assessed for export
    fields: Mapping[str, FieldKind]
    payload: PayloadKind


MAX_COUNT = 100_000
CHOICES = {FieldKind.AUDIO_FORMAT: {"pcm_s16le_16000"}, FieldKind.EVENT: {"hard_braking"}}
IDS = {"vehicle": FieldKind.VEHICLE, "driver": FieldKind.DRIVER}

WAYS_OUT: dict[str, WayOut] = {
    "traffic_services": WayOut(
        "location",
        ("cn-traffic",),
        IDS | {"latitude": FieldKind.LATITUDE, "longitude": FieldKind.LONGITUDE, "at": FieldKind.MOMENT},
        PayloadKind.NONE,
    ),
    "eco_driving": WayOut(
        "driving_habits",
        ("cn-score",),
        IDS | {"week_from": FieldKind.DAY, "harsh_acceleration": FieldKind.COUNT, "harsh_braking": FieldKind.COUNT},
        PayloadKind.NONE,
    ),
    "cloud_voice": WayOut(
        "cabin_audio",
        ("cn-voice",),
        IDS | {"format": FieldKind.AUDIO_FORMAT, "at": FieldKind.MOMENT},
        PayloadKind.AUDIO,
    ),
    "remote_cabin_view": WayOut(
        "cabin_video", ("cn-cabin-view",), IDS | {"at": FieldKind.MOMENT}, PayloadKind.CABIN_FRAME
    ),
    # Incident clips are important data (faces, plates): in China, or where assessed for export.
    "sentry_upload": WayOut(
        "exterior_video",
        ("cn-sentry", "sg-backup"),
        IDS | {"event": FieldKind.EVENT, "at": FieldKind.MOMENT, "frames": FieldKind.COUNT},
        PayloadKind.ANONYMISED_FRAMES,
    ),
}


@dataclass(frozen=True)
class Identity:
    """What the keyed ids of this car and driver are, for this feature."""

    vehicle: str
    driver: str | None


def fields_problem(way_out: WayOut, fields: Any, identity: Identity) -> Reason | None:
    """Why `fields` are not the parcel this way out declares, or None. Exactly the declared
    names, each of its declared type and value range."""
    if type(fields) is not dict or not all(type(name) is str for name in fields):
        return Reason.MALFORMED
    if set(fields) != set(way_out.fields):
        return Reason.UNDECLARED_FIELD
    for name, kind in way_out.fields.items():
        if problem := _value_problem(kind, fields[name], identity):
            return problem
    return None


def _value_problem(kind: FieldKind, value: Any, identity: Identity) -> Reason | None:
    # Exact types throughout: the guard hands over plain copies (ivi.core.plain), and a
    # subclass could say it equals anything.
    if kind is FieldKind.VEHICLE:
        return None if type(value) is str and value == identity.vehicle else Reason.IDENTIFIES_THE_DRIVER
    if kind is FieldKind.DRIVER:
        return None if type(value) is str and value == identity.driver else Reason.IDENTIFIES_THE_DRIVER
    if kind in (FieldKind.LATITUDE, FieldKind.LONGITUDE):
        limit = 90.0 if kind is FieldKind.LATITUDE else 180.0
        if type(value) is not float or not math.isfinite(value) or abs(value) > limit:
            return Reason.MALFORMED
        return None if value == coarse(value) else Reason.PRECISE_LOCATION
    if kind is FieldKind.MOMENT:
        return None if type(value) is datetime and value.tzinfo is not None else Reason.MALFORMED
    if kind is FieldKind.DAY:
        return None if type(value) is date else Reason.MALFORMED
    if kind is FieldKind.COUNT:
        return None if type(value) is int and 0 <= value <= MAX_COUNT else Reason.MALFORMED
    return None if type(value) is str and value in CHOICES[kind] else Reason.MALFORMED


def outgoing(way_out: WayOut, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields as they leave the car, built from the declaration alone (JSON values)."""
    return {name: _encoded(kind, fields[name]) for name, kind in way_out.fields.items()}


def _encoded(kind: FieldKind, value: Any) -> Any:
    if kind is FieldKind.MOMENT:
        return value.isoformat(timespec="seconds")
    if kind is FieldKind.DAY:
        return value.isoformat()
    return value
