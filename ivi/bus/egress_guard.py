"""The egress guard: the only way out of the car. Each way out declares its parcel
(`ivi.core.ways_out`); the guard checks a parcel against that declaration, asks
`ivi.core.egress.decide`, writes the attempt to the egress log, and only then sends — the
declared fields, built again from the declaration alone, and a payload the car minted.

It takes whatever it is handed (a rogue app's parcel may be anything) and never raises:
what is not a parcel is refused as `malformed`, and logged like every other attempt. If the
attempt cannot be written, nothing is sent: what left the car is always on record. The
simulated endpoints keep the last parcels they received, for tests to look at; on the car's
network the T-Box carries each out over HTTP (`carriers`, `ivi.net.tbox`).
"""

import json
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import cv2
import numpy as np

from ivi.bus.anonymiser import Anonymised
from ivi.bus.mint import Mint, Minted
from ivi.core.catalog import Catalog
from ivi.core.clock import Clock
from ivi.core.drive import Drive
from ivi.core.egress import Attempt, Contents, Reason, decide
from ivi.core.plain import NotPlain, plain
from ivi.core.pseudonyms import pseudonym, vin_hash
from ivi.core.ways_out import WAYS_OUT, Identity, PayloadKind, fields_problem, outgoing
from ivi.store import StoreUnavailable

RECEIVED_KEPT = 1000  # parcels the simulated endpoints remember, newest last
LABEL_CHARS = 64  # how much of a name that is not one the log keeps


def encode_frames(frames: Sequence[Anonymised], quality: int = 80) -> tuple[bytes, ...]:
    """JPEG frames of what the anonymiser returned, for the incident recorder to mint."""
    return tuple(cv2.imencode(".jpg", f.pixels, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes() for f in frames)


@dataclass(frozen=True)
class Parcel:
    """What an app hands the guard. Nothing in it is trusted: every part is checked."""

    feature: Any
    category: Any
    endpoint: Any
    fields: Any = field(default_factory=dict)  # the declared fields, by name
    payload: Any = b""  # b"" where the way out declares none, else what the car minted


@dataclass(frozen=True)
class Delivered:
    """What an endpoint received: the declared fields as they left the car, and the payload."""

    feature: str
    endpoint: str
    fields: dict[str, Any]
    payload: Minted | bytes
    bytes: int


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
        mint: Mint,
    ):
        self._catalog = catalog
        self._clock = clock
        self._active = active_features
        self._current_drive = current_drive
        self._read_identity = identity
        self._identity: tuple[str, bytes] | None = None  # read once: the VIN and secret never change
        self._log = log
        self._mint = mint  # to tell the car's own payloads; the car's pipelines hold it too
        self.counts = EgressCounts()
        self.received: deque[Delivered] = deque(maxlen=RECEIVED_KEPT)
        self.carriers: list[Callable[[Delivered], None]] = []  # what carries a parcel out (the T-Box)

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

    def send(self, parcel: Any) -> Attempt:
        """Copy the parcel into plain types (each part read once; see `ivi.core.plain`), then
        judge, log and send the copy: what a lying object would say when asked twice is never
        asked."""
        feature, category, endpoint, fields, payload = (
            _part(parcel, name) for name in ("feature", "category", "endpoint", "fields", "payload")
        )
        raw_frame = payload.nbytes if type(payload) is np.ndarray else 0  # for the log: what was tried
        fields, payload = _plain_fields(fields), self._mint.plain(payload)
        delivered = None
        try:
            drive = self._current_drive()
            if not all(type(name) is str for name in (feature, category, endpoint)):
                reason = Reason.MALFORMED
            else:
                reason, delivered = self._judge(feature, category, endpoint, fields, payload, drive)
        except StoreUnavailable:
            drive, reason = None, Reason.NO_CONSENT  # consent cannot be read: nothing leaves
        region = self._catalog.endpoint(endpoint) if type(endpoint) is str else None
        attempt = Attempt(
            at=self._clock.now(),
            profile=drive.profile if drive else None,
            drive_id=drive.id if drive else None,
            feature=_label(feature),
            category=_label(category),
            endpoint=_label(endpoint),
            region=region.region if region else None,
            bytes=delivered.bytes if delivered else _size(fields, payload) + raw_frame,
            reason=reason,
        )
        try:
            self._log(attempt)
        except StoreUnavailable:
            attempt = replace(attempt, reason=Reason.NOT_LOGGED)
        self._count(attempt)
        if attempt.allowed and delivered is not None:
            self.received.append(delivered)
            for carry in self.carriers:
                carry(delivered)
        return attempt

    def _judge(
        self, feature: str, category: str, endpoint: str, fields: Any, payload: Any, drive: Drive | None
    ) -> tuple[Reason, Delivered | None]:
        way_out = WAYS_OUT.get(feature)
        if way_out is None:
            contents = Contents(minted=False, fields_problem=None, declared_endpoints=())
        else:
            vin, secret = self._vin_and_secret()
            identity = Identity(vin_hash(secret, vin), pseudonym(secret, drive.profile, feature) if drive else None)
            contents = Contents(
                minted=self._mint.made(payload, way_out.payload),
                fields_problem=fields_problem(way_out, fields, identity),
                declared_endpoints=way_out.endpoints,
            )
        reason = decide(self._catalog, feature, category, endpoint, self._active(), contents)
        if reason is not Reason.ALLOWED or way_out is None:
            return reason, None
        body = outgoing(way_out, fields)
        size = len(json.dumps(body)) + (len(payload) if way_out.payload is not PayloadKind.NONE else 0)
        return reason, Delivered(feature, endpoint, body, payload, size)

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


def _part(parcel: Any, name: str) -> Any:
    try:
        return getattr(parcel, name, None)
    except Exception:  # a hostile object's own attribute code: not a parcel
        return None


def _plain_fields(fields: Any) -> Any:
    """The fields as plain types, or None (refused as malformed) if they are not all plain."""
    try:
        return plain(fields)
    except NotPlain:
        return None


def _label(name: Any) -> str:
    """A name as the egress log can hold it: itself, or what it looks like, cut short."""
    if type(name) is str:
        text = name
    else:
        try:
            text = repr(name)
        except Exception:  # a hostile object that will not be printed
            text = ""
        if type(text) is not str or not text:  # a repr may return a lying str too
            text = "<not a name>"
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _size(fields: Any, payload: bytes | Minted | None) -> int:
    """About how many bytes a refused parcel held, for the log (its plain copy)."""
    return len(json.dumps(fields, default=str)) + (len(payload) if payload is not None else 0)
