"""Parcels a rogue in-car app hands the egress guard through its public API
(`car.guard.send(Parcel(...))`), with every feature consented so that only what a parcel
holds can refuse it. Each is refused with its reason, logged, and never received; the guard
never raises. And an hour of driving with everything consented sends every upload of the
car's own."""

import base64
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

import numpy as np
import pytest

from ivi.bus.egress_guard import Parcel
from ivi.bus.mint import Minted
from ivi.core.egress import Reason
from ivi.core.motion import Gear
from ivi.core.ways_out import PayloadKind

JPEG = b"\xff\xd8\xff\xe0 a photo nobody anonymised \xff\xd9"
FRAME = np.zeros((720, 1280, 3), np.uint8)


class Hostile:
    """An object that refuses to be printed, compared or hashed."""

    def __repr__(self) -> str:
        raise RuntimeError("no")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no")

    __hash__ = None  # type: ignore[assignment]


class Liar(str):
    """Text that says it equals anything."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


class Unhashable(str):
    def __hash__(self) -> int:
        raise RuntimeError("no")


class PosingAsStr:
    """Not text at all, but `isinstance(x, str)` says it is."""

    __class__ = property(lambda self: str)  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


class RaisingDict(dict):
    def __getitem__(self, key: object) -> object:
        raise RuntimeError("no")


class LyingDict(dict):
    """Says it holds the declared names, and holds one more."""

    def __init__(self, declared: dict, **more: object):
        super().__init__({**declared, **more})
        self._declared = declared

    def __iter__(self):
        return iter(self._declared)

    def keys(self):
        return self._declared.keys()


class RaisingMapping(Mapping):
    def __init__(self, fields: dict):
        self._fields = fields

    def __getitem__(self, key: str) -> object:
        raise RuntimeError("no")

    def __iter__(self):
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


class ShiftingMapping(RaisingMapping):
    """The declared names the first time it is asked, others after."""

    looks = 0

    def __getitem__(self, key: str) -> object:
        return self._fields[key]

    def __iter__(self):
        self.looks += 1
        return iter(self._fields if self.looks == 1 else {**self._fields, "note": "at home"})


class SneakyTime(datetime):
    @classmethod
    def of(cls, moment: datetime) -> "SneakyTime":
        return cls.fromtimestamp(moment.timestamp(), moment.tzinfo)

    def isoformat(self, *args: object, **kwargs: object) -> str:
        return "31.23456,121.51234"


class RaisingZone(tzinfo):
    def utcoffset(self, moment: object) -> timedelta:
        raise RuntimeError("no")


class EqualFloat(float):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = float.__hash__


class BigInt(int):
    def __le__(self, other: object) -> bool:
        return True


class EmptyBytes(bytes):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = bytes.__hash__


class LengthlessBytes(bytes):
    def __len__(self) -> int:
        raise RuntimeError("no")


class MintedCopy(Minted):
    @classmethod
    def of(cls, minted: Minted) -> "MintedCopy":
        return cls(minted.kind, minted.parts, minted.tag)

    def __len__(self) -> int:
        raise RuntimeError("no")


class RaisingParcel:
    def __getattr__(self, name: str) -> object:
        raise RuntimeError("no")


def looped() -> list:
    loop: list = [31.23]
    loop.append(loop)
    return loop


@pytest.fixture
def car(car):
    car.services.start_drive()
    for feature in car.services.catalog.consentable():
        car.services.grant(feature.id, "7d")
    return car


def ids(car, feature):
    return car.guard.identifiers(feature)


def traffic(car, **change):
    fields = {**ids(car, "traffic_services"), "latitude": 31.23, "longitude": 121.51, "at": car.clock.now()}
    return Parcel("traffic_services", "location", "cn-traffic", {**fields, **change})


def without(parcel, *names):
    return replace(parcel, fields={k: v for k, v in parcel.fields.items() if k not in names})


def vin(car):
    return car.services.store.identity()[0]


def clip_fields(car):
    return {**ids(car, "sentry_upload"), "event": "hard_braking", "at": car.clock.now(), "frames": 1}


# name: (the parcel, made for the car; the reason it is refused)
HOSTILE = {
    # a precise position, however it is dressed
    "precise latitude as a string": (lambda c: traffic(c, latitude="31.23456"), Reason.MALFORMED),
    "precise latitude as a Decimal": (lambda c: traffic(c, latitude=Decimal("31.23456")), Reason.MALFORMED),
    "precise position under lat/lon": (
        lambda c: without(traffic(c, lat=31.23456, lon=121.51234), "latitude", "longitude"),
        Reason.UNDECLARED_FIELD,
    ),
    "precise position nested": (
        lambda c: without(traffic(c, position={"lat": 31.23456, "lon": 121.51234}), "latitude", "longitude"),
        Reason.UNDECLARED_FIELD,
    ),
    "a list of precise fixes": (lambda c: traffic(c, latitude=[31.23456, 31.23457]), Reason.MALFORMED),
    "integer micro-degrees": (lambda c: traffic(c, latitude=31234560), Reason.MALFORMED),
    "coarse value plus a delta": (lambda c: traffic(c, latitude_delta=0.00456), Reason.UNDECLARED_FIELD),
    "precise position in the payload": (
        lambda c: replace(traffic(c), payload=b"31.23456,121.51234"),
        Reason.NOT_MINTED,
    ),
    "precise float": (lambda c: traffic(c, latitude=31.23456), Reason.PRECISE_LOCATION),
    "not a number": (lambda c: traffic(c, latitude=float("nan")), Reason.MALFORMED),
    "off the planet": (lambda c: traffic(c, latitude=123.0), Reason.MALFORMED),
    # the VIN, however it is dressed
    "raw VIN": (lambda c: traffic(c, vehicle=vin(c)), Reason.IDENTIFIES_THE_DRIVER),
    "VIN lower-cased": (lambda c: traffic(c, vehicle=vin(c).lower()), Reason.IDENTIFIES_THE_DRIVER),
    "VIN split in two": (
        lambda c: traffic(c, vehicle=vin(c)[:8], vehicle_rest=vin(c)[8:]),
        Reason.UNDECLARED_FIELD,
    ),
    "VIN base64": (
        lambda c: traffic(c, vehicle=base64.b64encode(vin(c).encode()).decode()),
        Reason.IDENTIFIES_THE_DRIVER,
    ),
    "VIN reversed": (lambda c: traffic(c, vehicle=vin(c)[::-1]), Reason.IDENTIFIES_THE_DRIVER),
    "VIN in the payload": (lambda c: replace(traffic(c), payload=vin(c).encode()), Reason.NOT_MINTED),
    # the driver's profile name
    "profile name nested": (lambda c: traffic(c, meta={"user": "driver"}), Reason.UNDECLARED_FIELD),
    "profile name in a list": (lambda c: traffic(c, driver=["driver"]), Reason.IDENTIFIES_THE_DRIVER),
    "profile name upper-cased": (lambda c: traffic(c, driver="DRIVER"), Reason.IDENTIFIES_THE_DRIVER),
    "profile name in the payload": (lambda c: replace(traffic(c), payload=b"driver"), Reason.NOT_MINTED),
    # where it goes, and who it links
    "traffic to the voice endpoint": (
        lambda c: replace(traffic(c), endpoint="cn-voice"),
        Reason.NOT_THE_FEATURES_ENDPOINT,
    ),
    "traffic to the assessed Singapore endpoint": (
        lambda c: replace(traffic(c), endpoint="sg-backup"),
        Reason.NOT_THE_FEATURES_ENDPOINT,
    ),
    "driving score with traffic's pseudonym": (
        lambda c: Parcel(
            "eco_driving",
            "driving_habits",
            "cn-score",
            {
                **ids(c, "eco_driving"),
                "driver": ids(c, "traffic_services")["driver"],
                "week_from": c.clock.now().date(),
                "harsh_acceleration": 1,
                "harsh_braking": 0,
            },
        ),
        Reason.IDENTIFIES_THE_DRIVER,
    ),
    # images and sound that the car did not make
    "raw 1280x720 frame as location": (lambda c: replace(traffic(c), payload=FRAME), Reason.NOT_MINTED),
    "raw JPEG as location": (lambda c: replace(traffic(c), payload=JPEG), Reason.NOT_MINTED),
    "raw JPEG dressed as an anonymised clip": (
        lambda c: Parcel(
            "sentry_upload",
            "exterior_video",
            "cn-sentry",
            clip_fields(c),
            Minted(PayloadKind.ANONYMISED_FRAMES, (JPEG,), b"\0" * 32),
        ),
        Reason.NOT_ANONYMISED,
    ),
    "the car's audio relabelled as a clip": (
        lambda c: Parcel(
            "sentry_upload",
            "exterior_video",
            "cn-sentry",
            clip_fields(c),
            replace(c.incidents.mint.make(PayloadKind.AUDIO, (b"\0" * 3200,)), kind=PayloadKind.ANONYMISED_FRAMES),
        ),
        Reason.NOT_ANONYMISED,
    ),
    "arbitrary JPEG as the remote cabin view": (
        lambda c: Parcel(
            "remote_cabin_view",
            "cabin_video",
            "cn-cabin-view",
            {**ids(c, "remote_cabin_view"), "at": c.clock.now()},
            JPEG,
        ),  # fmt: skip
        Reason.NOT_MINTED,
    ),
    "raw audio to cloud voice": (
        lambda c: Parcel(
            "cloud_voice",
            "cabin_audio",
            "cn-voice",
            {**ids(c, "cloud_voice"), "format": "pcm_s16le_16000", "at": c.clock.now()},
            b"\0" * 32000,
        ),
        Reason.NOT_MINTED,
    ),
    "heart rate in a traffic parcel": (lambda c: traffic(c, heart_rate=72), Reason.UNDECLARED_FIELD),
    "free text in a traffic parcel": (lambda c: traffic(c, note="driver is at home"), Reason.UNDECLARED_FIELD),
    # values of the wrong kind
    "a time as text": (lambda c: traffic(c, at="2026-11-21T01:30:00"), Reason.MALFORMED),
    "a time without a zone": (lambda c: traffic(c, at=datetime(2026, 11, 21, 1, 30)), Reason.MALFORMED),
    "a count that is a boolean": (
        lambda c: Parcel(
            "sentry_upload",
            "exterior_video",
            "cn-sentry",
            {**clip_fields(c), "frames": True},
            c.incidents.mint.make(PayloadKind.ANONYMISED_FRAMES, (JPEG,)),
        ),  # fmt: skip
        Reason.MALFORMED,
    ),
    "a field missing": (lambda c: without(traffic(c), "at"), Reason.UNDECLARED_FIELD),
    # not a parcel at all
    "fields as a list": (lambda c: replace(traffic(c), fields=[("latitude", 31.23)]), Reason.MALFORMED),
    "fields as a string": (lambda c: replace(traffic(c), fields="latitude=31.23456"), Reason.MALFORMED),
    "fields None": (lambda c: replace(traffic(c), fields=None), Reason.MALFORMED),
    "fields with a key that is not text": (lambda c: replace(traffic(c), fields={1: 2}), Reason.MALFORMED),
    "feature as a list": (lambda c: replace(traffic(c), feature=["traffic_services"]), Reason.MALFORMED),
    "feature None": (lambda c: replace(traffic(c), feature=None), Reason.MALFORMED),
    "an object that cannot be printed": (lambda c: replace(traffic(c), endpoint=Hostile()), Reason.MALFORMED),
    "not a parcel": (lambda c: {"feature": "traffic_services"}, Reason.MALFORMED),
    # Python objects that lie about what they are: the guard copies a parcel into plain JSON
    # types (exact types, read once) before it checks anything, and checks and sends the copy
    "the raw VIN as a str that equals anything": (lambda c: traffic(c, vehicle=Liar(vin(c))), Reason.MALFORMED),
    "the profile name as a str that equals anything": (lambda c: traffic(c, driver=Liar("driver")), Reason.MALFORMED),
    "a feature name that equals anything": (
        lambda c: replace(traffic(c), feature=Liar("traffic_services")),
        Reason.MALFORMED,
    ),
    "a US endpoint that equals the declared one": (
        lambda c: replace(traffic(c), endpoint=Liar("us-east")),
        Reason.MALFORMED,
    ),
    "a category that equals anything": (lambda c: replace(traffic(c), category=Liar("location")), Reason.MALFORMED),
    "a feature name that cannot be hashed": (
        lambda c: replace(traffic(c), feature=Unhashable("traffic_services")),
        Reason.MALFORMED,
    ),
    "an object posing as a str": (lambda c: traffic(c, vehicle=PosingAsStr()), Reason.MALFORMED),
    "fields whose lookup raises": (
        lambda c: replace(traffic(c), fields=RaisingDict(traffic(c).fields)),
        Reason.MALFORMED,
    ),
    "fields that list declared names, hold more": (
        lambda c: replace(traffic(c), fields=LyingDict(traffic(c).fields, note="at home")),
        Reason.MALFORMED,
    ),
    "a mapping whose lookup raises": (
        lambda c: replace(traffic(c), fields=RaisingMapping(traffic(c).fields)),
        Reason.MALFORMED,
    ),
    "a mapping whose names change on each look": (
        lambda c: replace(traffic(c), fields=ShiftingMapping(traffic(c).fields)),
        Reason.MALFORMED,
    ),
    "a time whose text is a precise position": (
        lambda c: traffic(c, at=SneakyTime.of(c.clock.now())),
        Reason.MALFORMED,
    ),
    "a time whose zone raises": (
        lambda c: traffic(c, at=c.clock.now().replace(tzinfo=RaisingZone())),
        Reason.MALFORMED,
    ),
    "a precise float that equals its rounding": (lambda c: traffic(c, latitude=EqualFloat(31.23456)), Reason.MALFORMED),
    "a count that is an int subclass": (
        lambda c: Parcel(
            "sentry_upload",
            "exterior_video",
            "cn-sentry",
            {**clip_fields(c), "frames": BigInt(1)},
            c.incidents.mint.make(PayloadKind.ANONYMISED_FRAMES, (JPEG,)),
        ),
        Reason.MALFORMED,
    ),  # fmt: skip
    "position bytes that equal b''": (
        lambda c: replace(traffic(c), payload=EmptyBytes(b"31.23456,121.51234")),
        Reason.NOT_MINTED,
    ),
    "a payload whose length raises": (lambda c: replace(traffic(c), payload=LengthlessBytes(b"x")), Reason.NOT_MINTED),
    "the car's clip in a Minted subclass": (
        lambda c: Parcel(
            "sentry_upload",
            "exterior_video",
            "cn-sentry",
            clip_fields(c),
            MintedCopy.of(c.incidents.mint.make(PayloadKind.ANONYMISED_FRAMES, (JPEG,))),
        ),
        Reason.NOT_ANONYMISED,
    ),  # fmt: skip
    "fields holding a list that holds itself": (lambda c: traffic(c, latitude=looped()), Reason.MALFORMED),
    "a parcel whose parts raise when read": (lambda c: RaisingParcel(), Reason.MALFORMED),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_parcel_is_refused_with_its_reason_logged_and_never_received(car, case):
    make, reason = HOSTILE[case]
    attempt = car.guard.send(make(car))
    assert attempt.reason is reason and not attempt.allowed
    assert list(car.guard.received) == []
    [logged] = car.services.egress_log()
    assert logged.reason is reason and not logged.allowed


def test_the_same_parcels_made_honestly_are_allowed(car):
    assert car.guard.send(traffic(car)).allowed
    clip = car.incidents.mint.make(PayloadKind.ANONYMISED_FRAMES, (JPEG,))
    assert car.guard.send(Parcel("sentry_upload", "exterior_video", "sg-backup", clip_fields(car), clip)).allowed
    [sent, _] = car.guard.received
    assert sent.fields == {**ids(car, "traffic_services"), "latitude": 31.23, "longitude": 121.51,
                           "at": car.clock.now().isoformat(timespec="seconds")}  # fmt: skip


def test_ten_minutes_with_everything_consented_send_every_upload_of_the_cars_own(car):
    # each of the four ways out sends within the first three minutes; ten give each several goes
    car.services.set_motion(Gear.DRIVE, 0)
    car.simulator.advance(600)
    log = car.services.egress_log()
    assert log and all(a.allowed for a in log), {a.reason for a in log}
    assert {a.feature for a in log} == {"traffic_services", "cloud_voice", "remote_cabin_view", "sentry_upload"}
    assert car.guard.counts.allowed == len(log) == len(car.guard.received)
