"""The egress guard: the only way out of the car. It looks inside every parcel, asks
`ivi.core.egress.decide`, writes the attempt to the egress log, and only then sends.

If the attempt cannot be written, nothing is sent: what left the car is always on record.
The simulated endpoints keep the last parcels they received, for tests to look at.
"""

import json
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import cv2

from ivi.bus.anonymiser import Anonymised
from ivi.core.catalog import Catalog
from ivi.core.clock import Clock
from ivi.core.drive import Drive
from ivi.core.egress import Attempt, Contents, Reason, decide
from ivi.core.pseudonyms import coarse, pseudonym, vin_hash
from ivi.store import StoreUnavailable

LOCATION_FIELDS = ("latitude", "longitude")
RECEIVED_KEPT = 1000  # parcels the simulated endpoints remember, newest last


@dataclass(frozen=True)
class AnonymisedClip:
    """JPEG frames that went through the anonymiser: made with `encode`, from its output."""

    frames: tuple[bytes, ...]

    @classmethod
    def encode(cls, frames: Sequence[Anonymised], quality: int = 80) -> "AnonymisedClip":
        return cls(
            tuple(cv2.imencode(".jpg", f.pixels, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes() for f in frames)
        )

    def __len__(self) -> int:
        return sum(len(f) for f in self.frames)


@dataclass(frozen=True)
class Parcel:
    feature: str
    category: str
    endpoint: str
    fields: Mapping[str, Any]  # what the server is told (JSON)
    payload: bytes | AnonymisedClip | Any = b""  # audio, images; anything else is refused as it is

    @property
    def size(self) -> int:
        payload = self.payload
        body = len(payload) if isinstance(payload, bytes | AnonymisedClip) else getattr(payload, "nbytes", 0)
        return len(json.dumps(self.fields, default=str)) + body


@dataclass
class EgressCounts:
    allowed: int = 0
    refused: int = 0
    bytes_out: int = 0
    by_reason: Counter[str] = field(default_factory=Counter)
    sent: Counter[tuple[str, str]] = field(default_factory=Counter)  # (feature, endpoint): parcels
    sent_bytes: Counter[tuple[str, str]] = field(default_factory=Counter)


class EgressGuard:
    def __init__(
        self,
        catalog: Catalog,
        clock: Clock,
        active_features: Callable[[], frozenset[str]],
        current_drive: Callable[[], Drive | None],
        identity: Callable[[], tuple[str, bytes]],
        log: Callable[[Attempt], None],
    ):
        self._catalog = catalog
        self._clock = clock
        self._active = active_features
        self._current_drive = current_drive
        self._read_identity = identity
        self._identity: tuple[str, bytes] | None = None  # read once: the VIN and secret never change
        self._log = log
        self.counts = EgressCounts()
        self.received: deque[Parcel] = deque(maxlen=RECEIVED_KEPT)

    def _vin_and_secret(self) -> tuple[str, bytes]:
        if self._identity is None:
            self._identity = self._read_identity()
        return self._identity

    def identifiers(self, feature_id: str) -> dict[str, str | None]:
        """The de-identified ids a feature may send (CN-14): a keyed hash of the VIN and the
        driver's pseudonym for this feature. None of them if the store cannot be read: the
        guard refuses such a parcel anyway."""
        try:
            vin, secret = self._vin_and_secret()
            drive = self._current_drive()
        except StoreUnavailable:
            return {}
        driver = pseudonym(secret, drive.profile, feature_id) if drive else None
        return {"vehicle": vin_hash(secret, vin), "driver": driver}

    def send(self, parcel: Parcel) -> Attempt:
        try:
            drive = self._current_drive()
            contents = self._inspect(parcel, drive)
            reason = decide(self._catalog, parcel.feature, parcel.category, parcel.endpoint, self._active(), contents)
        except StoreUnavailable:
            drive, reason = None, Reason.NO_CONSENT  # consent cannot be read: nothing leaves
        endpoint = self._catalog.endpoint(parcel.endpoint)
        attempt = Attempt(
            at=self._clock.now(),
            profile=drive.profile if drive else None,
            drive_id=drive.id if drive else None,
            feature=parcel.feature,
            category=parcel.category,
            endpoint=parcel.endpoint,
            region=endpoint.region if endpoint else None,
            bytes=parcel.size,
            reason=reason,
        )
        try:
            self._log(attempt)
        except StoreUnavailable:
            attempt = replace(attempt, reason=Reason.NOT_LOGGED)
        self._count(attempt)
        if attempt.allowed:
            self.received.append(parcel)
        return attempt

    def _inspect(self, parcel: Parcel, drive: Drive | None) -> Contents:
        text = json.dumps(parcel.fields, default=str)
        vin, _ = self._vin_and_secret()
        values = {str(v) for v in parcel.fields.values()}
        return Contents(
            anonymised=isinstance(parcel.payload, AnonymisedClip),
            precise_location=any(
                isinstance(parcel.fields.get(f), float) and parcel.fields[f] != coarse(parcel.fields[f])
                for f in LOCATION_FIELDS
            ),
            raw_identifiers=vin in text or (drive is not None and drive.profile in values),
        )

    def _count(self, attempt: Attempt) -> None:
        counts = self.counts
        counts.by_reason[attempt.reason.value] += 1
        if attempt.allowed:
            counts.allowed += 1
            counts.bytes_out += attempt.bytes
            counts.sent[(attempt.feature, attempt.endpoint)] += 1
            counts.sent_bytes[(attempt.feature, attempt.endpoint)] += attempt.bytes
        else:
            counts.refused += 1
